from django.core.files.storage import FileSystemStorage

NO_URL = "Resumes have no public URL; serve them through resumes.views."


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage: files have no URL at all; resumes.views is the only way out."""

    def url(self, name):
        raise ValueError(NO_URL)
