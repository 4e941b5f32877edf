"""Hostile and broken files: each is refused with a clear message or stored safely, never a 5xx,
never a stray file in private storage."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from conftest import pdf_bytes
from conftest import private_files as _files_on_disk
from resumes.models import Resume


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HOSTILE = {
    "html renamed .pdf": ("cv.pdf", b"<html><script>alert(1)</script></html>", "not a PDF"),
    "png header then html": ("cv.pdf", b"\x89PNG\r\n\x1a\n<html><script>x</script>", "not a PDF"),
    "zero bytes": ("cv.pdf", b"", "empty"),
    "encrypted pdf": ("cv.pdf", _encrypted_pdf(), "password-protected"),
    "truncated pdf": ("cv.pdf", pdf_bytes()[:200], "incomplete"),
    "pdf header then garbage": (
        "cv.pdf",
        b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n",
        "could not be read",
    ),
}


@pytest.mark.parametrize("case", HOSTILE.keys())
def test_hostile_file_is_refused_with_a_message_and_nothing_stored(client, alice, case):
    name, content, message = HOSTILE[case]
    client.force_login(alice)
    response = client.post(
        reverse("resumes:library"),
        {"title": "x", "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Resume.objects.count() == 0
    assert _files_on_disk() == []


def test_one_byte_over_the_limit_is_refused(client, alice, settings):
    content = pdf_bytes()
    settings.RESUME_MAX_BYTES = len(content) - 1
    client.force_login(alice)
    response = client.post(
        reverse("resumes:library"), {"file": SimpleUploadedFile("a.pdf", content)}
    )
    assert "too large" in response.content.decode()
    assert Resume.objects.count() == 0 and _files_on_disk() == []


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../x.pdf", "x.pdf"),
        ("..\\..\\etc\\passwd.pdf", "passwd.pdf"),
        ("履歷-林小姐.pdf", "履歷-林小姐.pdf"),
        ("\u202ecod.exe.pdf", "cod.exe.pdf"),
        ("cv\x00.pdf", "cv.pdf"),
        ("no-extension", "no-extension.pdf"),
    ],
)
def test_names_are_never_paths_on_disk(client, alice, name, shown):
    client.force_login(alice)
    response = client.post(
        reverse("resumes:library"), {"file": SimpleUploadedFile(name, pdf_bytes())}, follow=True
    )
    assert response.status_code == 200
    resume = Resume.objects.get()
    assert resume.original_name == shown
    # The file on disk has a server-made name inside the member's folder.
    (path,) = _files_on_disk()
    assert path.parent.name == str(alice.pk) and len(path.stem) == 32
    download = client.get(reverse("resumes:download", args=[resume.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "/" not in download["Content-Disposition"].split("filename", 1)[1].replace(
        "*=utf-8''", ""
    )


def test_metadata_is_stripped_from_the_stored_copy(alice):
    from resumes.services import resume_create

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Alice Lin", "/Producer": "Secret Word 2026"})
    out = io.BytesIO()
    writer.write(out)
    resume = resume_create(owner=alice, upload=SimpleUploadedFile("a.pdf", out.getvalue()))
    with resume.file.open("rb") as handle:
        stored = PdfReader(handle)
        assert not (stored.metadata or {}).get("/Author")
        assert len(stored.pages) == 1


def test_storage_quota(alice, settings):
    from resumes.services import ResumeError, resume_create

    first = resume_create(owner=alice, upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    settings.RESUME_QUOTA_BYTES = first.size + 10
    with pytest.raises(ResumeError, match="library is full"):
        resume_create(owner=alice, upload=SimpleUploadedFile("b.pdf", pdf_bytes()))
    assert Resume.objects.count() == 1 and len(_files_on_disk()) == 1
