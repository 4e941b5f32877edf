"""Resumes in S3-compatible object storage (``pip install ".[s3]"``; docs/deploy.md):
``RESUME_STORAGE_BACKEND=resumes.s3.PrivateS3Storage`` with ``RESUME_STORAGE_OPTIONS``."""

from storages.backends.s3 import S3Storage

from resumes.storage import NO_URL


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend that, like the local private storage, makes up no URL: not
    even a presigned one, which would reach the file past resumes.views' checks and the access
    log. Reads, writes, deletes and listings go through the bucket's API as usual."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)
