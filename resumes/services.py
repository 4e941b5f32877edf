"""Resume uploads: checked PDFs stored privately under server-generated names."""

import io
import unicodedata

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from resumes.models import Resume, ResumeAccess


class ResumeError(Exception):
    pass


def safe_display_name(name: str | None) -> str:
    """The member's file name, kept only for display and downloads: no path, no controls."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if not name.lower().endswith(".pdf"):
        name = f"{name or 'resume'}.pdf"
    return name[-200:]


def resume_check_file(upload: UploadedFile) -> bytes:
    """Refuse anything that is not a readable, unencrypted PDF within the size limit.

    Returns the bytes to store: the same document with its metadata (author, software, XMP)
    removed where pypdf can rewrite it, or the original bytes when it cannot.
    """
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
    data = upload.read(settings.RESUME_MAX_BYTES + 1)
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ResumeError(_("This file is not a PDF. Please export your resume as a PDF."))
    if b"%%EOF" not in data[-2048:]:
        raise ResumeError(_("This PDF is incomplete. Please export it again and retry."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ResumeError(
                _("This PDF is password-protected. Please upload a version without a password.")
            )
        if len(reader.pages) == 0:
            raise ResumeError(_("This PDF has no pages."))
    except ResumeError:
        raise
    except Exception:
        # pypdf raises many kinds of errors on hostile input; any of them means "unreadable".
        raise ResumeError(
            _("This PDF could not be read. Please export it again and retry.")
        ) from None
    return _without_metadata(reader) or data


def _without_metadata(reader: PdfReader) -> bytes | None:
    try:
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        if "/Metadata" in writer.root_object:
            del writer.root_object["/Metadata"]
        out = io.BytesIO()
        writer.write(out)
        cleaned = out.getvalue()
    except Exception:
        return None
    return cleaned if len(cleaned) <= settings.RESUME_MAX_BYTES else None


def resume_storage_used(owner) -> int:
    return Resume.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"] or 0


def resume_create(
    *, owner, upload: UploadedFile, title: str = "", in_library: bool = True
) -> Resume:
    content = resume_check_file(upload)
    if resume_storage_used(owner) + len(content) > settings.RESUME_QUOTA_BYTES:
        raise ResumeError(
            _("Your resume library is full (%(limit)s). Please delete an old resume first.")
            % {"limit": filesizeformat(settings.RESUME_QUOTA_BYTES)}
        )
    original_name = safe_display_name(upload.name)
    resume = Resume(
        owner=owner,
        title=(title or original_name)[:120],
        original_name=original_name,
        size=len(content),
        in_library=in_library,
    )
    resume.file.save("resume.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            resume.save()
    except Exception:
        resume.file.delete(save=False)
        raise
    return resume


@transaction.atomic
def resume_delete(*, resume: Resume) -> None:
    resume.delete()


def delete_file_after_commit(sender, instance: Resume, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def resume_log_access(*, resume: Resume, viewer, referral_request=None) -> None:
    if viewer.pk != resume.owner_id:
        ResumeAccess.objects.create(resume=resume, viewer=viewer, referral_request=referral_request)
