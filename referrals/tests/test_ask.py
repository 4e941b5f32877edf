"""The "Ask for a referral" form: a complete request goes through; bad input is refused with a
clear, translated message and nothing half-saved (no request, no resume row, no stored file)."""

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import page_text, pdf_bytes, pdf_upload, private_files
from referrals.models import AskKind, EventKind, ReferralRequest, Status
from resumes.models import Resume
from resumes.services import resume_create


def _form(**overrides):
    data = {
        "kind": AskKind.REFERRAL,
        "position_title": "Backend engineer",
        "job_url": "https://acme.example/jobs/1",
        "job_id": "R-1",
        "location": "Taipei",
        "resume": "",
        "upload": pdf_upload(),
        "keep_in_library": "on",
        "note": "Five years of Django; I love semiconductors.",
        "confirm_instructions": "on",
        "confirm_accurate": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _nothing_saved():
    assert ReferralRequest.objects.count() == 0
    assert Resume.objects.count() == 0
    assert private_files() == []


def _zh(message: str, **params) -> str:
    with translation.override("zh-hant"):
        text = gettext(message)
    return text % params if params else text


@pytest.fixture
def ask_url(channel):
    return reverse("referrals:ask", args=[channel.pk])


def test_ask_page_shows_form_and_guidance(client, alice, channel, ask_url):
    client.force_login(alice)
    response = client.get(ask_url)
    assert response.status_code == 200
    assert response.context["limit_problem"] is None
    assert response.context["channel"] == channel
    text = page_text(response)
    assert reverse("guides:index") in text or reverse("guides:detail", args=["resume"]) in text
    assert 'enctype="multipart/form-data"' in text


def test_ask_page_title_does_not_presume_a_referral(client, alice, channel, ask_url):
    """The kind of request (referral, advice, resume review) is chosen on the page itself."""
    client.force_login(alice)
    alice.language = "en"
    alice.save()
    text = client.get(ask_url).content.decode()
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Ask ") and "referral" not in title
    assert "› Ask for a referral" not in text


def test_complete_request_with_upload(client, alice, bob, channel, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(), follow=True)
    referral = ReferralRequest.objects.get()
    assert response.redirect_chain[-1][0] == referral.get_absolute_url()
    assert "Your request has been sent to Bob Chen." in page_text(response)
    assert (referral.seeker, referral.channel, referral.company) == (
        alice,
        channel,
        channel.company,
    )
    assert referral.status == Status.SUBMITTED
    assert referral.job_id == "R-1"
    resume = referral.resume
    assert resume.owner == alice and resume.in_library and resume.original_name == "resume.pdf"
    assert len(private_files()) == 1
    assert list(referral.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]


def test_request_with_library_resume(client, alice, ask_url):
    resume = resume_create(owner=alice, upload=pdf_upload("cv.pdf"), title="My CV")
    client.force_login(alice)
    response = client.post(ask_url, _form(resume=str(resume.pk), upload=None))
    assert response.status_code == 302
    assert ReferralRequest.objects.get().resume == resume
    assert Resume.objects.count() == 1


def test_someone_elses_resume_cannot_be_chosen(client, alice, charlie, ask_url):
    resume = resume_create(owner=charlie, upload=pdf_upload("cv.pdf"))
    client.force_login(alice)
    response = client.post(ask_url, _form(resume=str(resume.pk), upload=None))
    assert response.status_code == 200
    assert "resume" in response.context["form"].errors
    assert ReferralRequest.objects.count() == 0


def test_advice_chat_needs_no_resume_nor_job_id(client, alice, ask_url):
    client.force_login(alice)
    response = client.post(ask_url, _form(kind=AskKind.ADVICE, upload=None, job_url="", job_id=""))
    assert response.status_code == 302
    referral = ReferralRequest.objects.get()
    assert referral.kind == AskKind.ADVICE and referral.resume is None


BAD_FILES = {
    "html renamed": (
        b"<!DOCTYPE html><html><body>not a pdf</body></html>",
        "This file is not a PDF. Please export your resume as a PDF.",
    ),
    "empty": (b"", "The file is empty. Please choose your resume as a PDF."),
    "encrypted": (
        None,
        "This PDF is password-protected. Please upload a version without a password.",
    ),
    "broken": (b"%PDF-1.4\n garbage that is no pdf at all", None),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_nothing_saved(client, alice, ask_url, case):
    content, message = BAD_FILES[case]
    if content is None:
        content = _encrypted_pdf()
    client.force_login(alice)
    upload = SimpleUploadedFile("resume.pdf", content, content_type="application/pdf")
    response = client.post(ask_url, _form(upload=upload))
    assert response.status_code == 200
    form = response.context["form"]
    if case == "empty":
        # Django's own check catches the empty upload first; either message is clear.
        assert form.errors["upload"]
    elif message is None:
        [error] = form.errors["upload"]
        assert error.startswith("This PDF ") and error.endswith("Please export it again and retry.")
        assert error in page_text(response)
    else:
        assert form.errors["upload"] == [message]
        assert message in page_text(response)
    _nothing_saved()


def test_oversized_file_is_refused(client, alice, ask_url, settings):
    content = pdf_bytes()
    settings.RESUME_MAX_BYTES = len(content) - 1
    client.force_login(alice)
    response = client.post(ask_url, _form(upload=pdf_upload(content=content)))
    assert response.status_code == 200
    [error] = response.context["form"].errors["upload"]
    assert error.startswith("The file is too large (")
    assert "A resume may be at most" in page_text(response)
    _nothing_saved()


def test_file_exactly_at_the_limit_is_accepted(client, alice, ask_url, settings):
    content = pdf_bytes()
    settings.RESUME_MAX_BYTES = len(content)
    client.force_login(alice)
    assert client.post(ask_url, _form(upload=pdf_upload(content=content))).status_code == 302
    assert ReferralRequest.objects.count() == 1


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"position_title": ""}, "position_title", "This field is required."),
        ({"note": ""}, "note", "This field is required."),
        (
            {"job_url": "", "job_id": ""},
            "job_id",
            "A referral needs the job link or the job ID.",
        ),
        ({"upload": None}, "upload", "Please attach your resume as a PDF."),
        ({"confirm_instructions": None}, "confirm_instructions", "This field is required."),
        ({"job_url": "not a url at all"}, "job_url", "Enter a valid web address."),
    ],
)
def test_missing_fields_are_refused(client, alice, ask_url, overrides, field, message):
    client.force_login(alice)
    response = client.post(ask_url, _form(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in page_text(response)
    _nothing_saved()


def test_resume_and_upload_together_are_refused(client, alice, ask_url):
    resume = resume_create(owner=alice, upload=pdf_upload("cv.pdf"))
    client.force_login(alice)
    response = client.post(ask_url, _form(resume=str(resume.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        "Choose a resume from your library or upload one, not both."
    ]
    assert ReferralRequest.objects.count() == 0
    assert Resume.objects.count() == 1


def test_errors_in_the_members_language(client, alice, ask_url):
    """zh-Hant members read the error from the catalogue (identical to English until it lands)."""
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    html = b"<html>nope</html>"
    response = client.post(
        ask_url,
        _form(upload=pdf_upload(content=html), job_url="", job_id=""),
        HTTP_ACCEPT_LANGUAGE="zh-Hant",
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hant"
    text = page_text(response)
    assert _zh("A referral needs the job link or the job ID.") in text
    _nothing_saved()

    response = client.post(
        ask_url, _form(upload=pdf_upload(content=html)), HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )
    assert _zh("This file is not a PDF. Please export your resume as a PDF.") in page_text(response)
    _nothing_saved()


def test_anonymous_browser_language_picks_the_error_language(client, alice, ask_url):
    """A member without a stored language follows the browser's Accept-Language."""
    alice.language = ""
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.post(ask_url, _form(position_title=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    response = client.post(ask_url, _form(position_title=""), HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Content-Language"] == "zh-hant"
    with translation.override("zh-hant"):
        required = gettext("This field is required.")
    assert required in page_text(response)
    _nothing_saved()


def test_kind_not_offered_by_the_referrer(client, alice, bob, acme):
    from conftest import make_channel

    advice_only = make_channel(bob, acme, accepted_kinds=[AskKind.ADVICE])
    client.force_login(alice)
    url = reverse("referrals:ask", args=[advice_only.pk])
    response = client.post(url, _form(kind=AskKind.REFERRAL))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    _nothing_saved()
    choices = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert choices == [AskKind.ADVICE]


def test_ask_unknown_channel_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("referrals:ask", args=[9999])).status_code == 404


# --- The resume library (a member who has one sends it unless they choose otherwise) ---------


class _FormDefaults(HTMLParser):
    """What a browser without JavaScript submits for the ask form as it is shown: the checked
    radios and boxes, each select's selected option (else its first), the fields' values."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value", "")
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.data.setdefault(self._select, self._first_option or "")
            self._select = None


def _as_shown(response) -> dict[str, str]:
    parser = _FormDefaults()
    form = response.content.decode().split('id="ask-form"')[1].split("</form>")[0]
    parser.feed(form)
    return parser.data


def _library(alice):
    older = resume_create(owner=alice, upload=pdf_upload("old.pdf"), title="Old CV")
    Resume.objects.filter(pk=older.pk).update(created_at=older.created_at - timedelta(days=30))
    return older, resume_create(owner=alice, upload=pdf_upload("cv.pdf"), title="My CV 2025")


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_library_resume_is_preselected_and_labelled(client, alice, ask_url, language):
    _older, latest = _library(alice)
    alice.language = language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    response = client.get(ask_url)
    shown = _as_shown(response)
    assert shown["resume_source"] == "library"
    assert shown["resume"] == str(latest.pk)
    text = page_text(response)
    with translation.override(language):
        for label in ("Use a resume from my library", "Upload a new PDF"):
            assert gettext(label) in text
    assert "— upload a new PDF instead —" not in text


def test_without_javascript_the_form_as_shown_sends_the_latest_resume(client, alice, ask_url):
    """Fill in the text, tick the boxes, press Send: nothing else touched."""
    _older, latest = _library(alice)
    client.force_login(alice)
    data = _as_shown(client.get(ask_url))
    data.update(
        position_title="Backend engineer",
        job_url="https://acme.example/jobs/1",
        note="Five years of Django; I love semiconductors.",
        confirm_instructions="on",
        confirm_accurate="on",
    )
    response = client.post(ask_url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert ReferralRequest.objects.get().resume == latest
    assert Resume.objects.count() == 2  # nothing uploaded


def test_choosing_upload_sends_the_new_pdf_and_ignores_the_library(client, alice, ask_url):
    _older, latest = _library(alice)
    client.force_login(alice)
    response = client.post(
        ask_url, _form(resume_source="upload", resume=str(latest.pk), upload=pdf_upload("new.pdf"))
    )
    assert response.status_code == 302
    assert ReferralRequest.objects.get().resume.original_name == "new.pdf"


def test_library_chosen_with_a_new_file_asks_which_one(client, alice, ask_url):
    _older, latest = _library(alice)
    client.force_login(alice)
    response = client.post(ask_url, _form(resume_source="library", resume=str(latest.pk)))
    assert response.status_code == 200
    assert "Choose “Upload a new PDF” to send the new one." in page_text(response)
    assert ReferralRequest.objects.count() == 0


def test_upload_chosen_without_a_file_is_refused(client, alice, ask_url):
    _library(alice)
    client.force_login(alice)
    response = client.post(ask_url, _form(resume_source="upload", upload=None))
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == ["Please attach your resume as a PDF."]


def test_no_resume_is_for_an_advice_chat_only(client, alice, ask_url):
    _older, latest = _library(alice)
    client.force_login(alice)
    response = client.post(ask_url, _form(resume_source="none", resume=str(latest.pk), upload=None))
    assert response.status_code == 200
    assert "Please attach your resume as a PDF." in page_text(response)
    response = client.post(
        ask_url,
        _form(kind=AskKind.ADVICE, resume_source="none", resume=str(latest.pk), upload=None),
    )
    assert response.status_code == 302
    assert ReferralRequest.objects.get().resume is None


def test_without_a_library_upload_is_the_choice(client, alice, ask_url):
    client.force_login(alice)
    shown = _as_shown(client.get(ask_url))
    assert shown["resume_source"] == "upload"
    assert "resume" not in shown
