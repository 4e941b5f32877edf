"""The resume library: upload, download and delete by the owner only."""

from django.urls import reverse

from conftest import page_text, pdf_upload, private_files
from resumes.models import Resume
from resumes.services import resume_create


def test_library_needs_login(client, db):
    response = client.get(reverse("resumes:library"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_upload_to_library(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("resumes:library"),
        {"title": "Engineer, English", "file": pdf_upload("my cv.pdf")},
        follow=True,
    )
    assert "Your resume has been added to your library." in page_text(response)
    resume = Resume.objects.get()
    assert (resume.owner, resume.title, resume.original_name) == (
        alice,
        "Engineer, English",
        "my cv.pdf",
    )
    assert len(private_files()) == 1
    assert "Engineer, English" in page_text(response)


def test_bad_upload_refused(client, alice, settings):
    client.force_login(alice)
    response = client.post(
        reverse("resumes:library"),
        {"title": "x", "file": pdf_upload("cv.pdf", content=b"<html></html>")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is not a PDF. Please export your resume as a PDF."
    ]
    settings.RESUME_MAX_BYTES = 10
    response = client.post(reverse("resumes:library"), {"title": "x", "file": pdf_upload()})
    assert "The file is too large" in page_text(response)
    assert not Resume.objects.exists()
    assert private_files() == []


def test_library_lists_only_mine(client, alice, charlie):
    mine = resume_create(owner=alice, upload=pdf_upload(), title="Mine")
    resume_create(owner=charlie, upload=pdf_upload(), title="Charlie's")
    client.force_login(alice)
    response = client.get(reverse("resumes:library"))
    assert list(response.context["resumes"]) == [mine]
    assert "Charlie's" not in page_text(response)


def test_download_owner_only(client, alice, bob, charlie):
    resume = resume_create(owner=alice, upload=pdf_upload(), title="Mine")
    url = reverse("resumes:download", args=[resume.pk])
    for other in (bob, charlie):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_delete_owner_only(client, alice, bob, charlie, django_capture_on_commit_callbacks):
    resume = resume_create(owner=alice, upload=pdf_upload(), title="Mine")
    url = reverse("resumes:delete", args=[resume.pk])
    for other in (bob, charlie):
        client.force_login(other)
        assert client.post(url).status_code == 404
    assert Resume.objects.filter(pk=resume.pk).exists()
    assert len(private_files()) == 1

    client.force_login(alice)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Resume.objects.filter(pk=resume.pk).exists()
    assert private_files() == []


def test_anonymous_download_and_delete(client, alice):
    resume = resume_create(owner=alice, upload=pdf_upload())
    for url in (
        reverse("resumes:download", args=[resume.pk]),
        reverse("resumes:delete", args=[resume.pk]),
    ):
        response = client.post(url) if "delete" in url else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert Resume.objects.filter(pk=resume.pk).exists()
