"""Resume uploads: checked PDFs stored privately under server-generated names."""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from resumes.models import Resume, ResumeAccess


class ResumeError(Exception):
    pass


def resume_check_file(upload: UploadedFile) -> None:
    """Refuse anything that is not a readable, unencrypted PDF within the size limit."""
    if upload.size == 0:
        raise ResumeError(_("The file is empty. Please choose your resume as a PDF."))
    if upload.size > settings.RESUME_MAX_BYTES:
        raise ResumeError(
            _("The file is too large (%(size)s). A resume may be at most %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.RESUME_MAX_BYTES),
            }
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head[:1024]:
        raise ResumeError(_("This file is not a PDF. Please export your resume as a PDF."))
    try:
        reader = PdfReader(io.BytesIO(upload.read()), strict=False)
        if reader.is_encrypted:
            raise ResumeError(
                _("This PDF is password-protected. Please upload a version without a password.")
            )
        if len(reader.pages) == 0:
            raise ResumeError(_("This PDF has no pages."))
    except ResumeError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, IndexError, AttributeError):
        raise ResumeError(
            _("This PDF could not be read. Please export it again and retry.")
        ) from None
    finally:
        upload.seek(0)


def resume_create(
    *, owner, upload: UploadedFile, title: str = "", in_library: bool = True
) -> Resume:
    resume_check_file(upload)
    original_name = (upload.name or "resume.pdf").replace("/", "_").replace("\\", "_")[:200]
    resume = Resume(
        owner=owner,
        title=(title or original_name)[:120],
        original_name=original_name,
        size=upload.size,
        in_library=in_library,
    )
    resume.file.save("resume.pdf", upload, save=False)
    try:
        with transaction.atomic():
            resume.save()
    except Exception:
        resume.file.delete(save=False)
        raise
    return resume


def resume_delete(*, resume: Resume) -> None:
    name = resume.file.name
    storage = resume.file.storage
    resume.delete()
    transaction.on_commit(lambda: storage.delete(name))


def resume_log_access(*, resume: Resume, viewer, referral_request=None) -> None:
    if viewer.pk != resume.owner_id:
        ResumeAccess.objects.create(resume=resume, viewer=viewer, referral_request=referral_request)
