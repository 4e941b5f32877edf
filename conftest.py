"""Shared test set-up: the people of every test, and data made through the real services.

- alice: a seeker
- bob: a referrer at Acme (channel accepting advice, resume review and referral)
- charlie: an outsider, signed in but unrelated
- dana: another referrer at Acme (so "another referrer" access checks have someone)

Resumes go to a private folder of each test's own; with ``GUANXI_TEST_S3=1`` they go to a bucket
of each test's own on a local S3-compatible server instead (moto, started once per run; the
Makefile's `S3_TESTS` pass). ``resumes_on_s3`` puts one test there whatever the setting.
"""

import io
import posixpath
from pathlib import PurePosixPath

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from companies.services import company_create
from guanxi.env import envbool
from referrals.models import AskKind, ReferrerChannel
from referrals.services import channel_save, referral_request_create
from resumes.models import Resume

RESUMES_ON_S3 = envbool("GUANXI_TEST_S3")
S3_STORAGE = "resumes.s3.PrivateS3Storage"  # storages.backends.s3.S3Storage, with no URLs


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto's, on a free port of 127.0.0.1) for the whole run,
    started when a test first asks for it; skipped only when it cannot start here."""
    from tests.faults.servers import PrivateS3, s3_missing

    if reason := s3_missing():
        pytest.skip(f"no local S3 server: {reason}")
    server = PrivateS3()
    try:
        server.start()
    except RuntimeError as error:
        server.cleanup()
        pytest.skip(f"the local S3 server (moto) did not start: {error}")
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def s3_connection(s3_server):
    """One boto3 connection to the local S3 server for the whole run, made by the storage class
    itself, as a web process keeps one per thread: making one costs a tenth of a second."""
    from resumes.s3 import PrivateS3Storage

    return PrivateS3Storage(**s3_server.storage_options("-")).connection


@pytest.fixture
def s3_bucket(s3_server):
    """A bucket of this test's own on the local S3 server: its name; emptied and removed after."""
    bucket = s3_server.bucket()
    yield bucket
    s3_server.drop_bucket(bucket)


def _resumes_to_bucket(settings, server, bucket: str, connection) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "resumes": {"BACKEND": S3_STORAGE, "OPTIONS": server.storage_options(bucket)},
    }
    storages["resumes"]._connections.connection = connection


@pytest.fixture
def resumes_on_s3(
    settings, monkeypatch, s3_server, s3_connection, s3_bucket, _resumes_in_tmp_storage
):
    """This test's resumes in a bucket of its own, whatever GUANXI_TEST_S3 says; the bucket."""
    if settings.STORAGES["resumes"]["BACKEND"] != S3_STORAGE:
        _resumes_to_bucket(settings, s3_server, s3_bucket, s3_connection)
        monkeypatch.setattr(Resume._meta.get_field("file"), "storage", storages["resumes"])
    return settings.STORAGES["resumes"]["OPTIONS"]["bucket_name"]


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "resumes": {
            "BACKEND": "resumes.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if RESUMES_ON_S3:
        _resumes_to_bucket(
            settings,
            request.getfixturevalue("s3_server"),
            request.getfixturevalue("s3_bucket"),
            request.getfixturevalue("s3_connection"),
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if settings.REDIS_URL:
        # The database cache is rolled back with each test; Redis keeps what a test left
        # (rate-limit counts, sessions), so each test starts from an empty one.
        for alias in ("default", "sessions"):
            caches[alias].clear()


@pytest.fixture
def sessions_from_the_database(settings):
    """Sessions read from the database on every request, as without Redis: for tests that count
    a page's queries, the session's included, whether or not the suite runs with REDIS_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def make_member(email: str, name: str, language: str = "en", password: str = "correct horse 42"):
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=name,
        language=language,
        time_zone="Asia/Taipei",
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def pdf_bytes(text: str = "Resume") -> bytes:
    """A small, valid one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "resume.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else pdf_bytes(), content_type="application/pdf"
    )


def run_tasks():
    """Run every queued background task, as the worker would, and fail on any failed one."""
    from unittest import mock

    from django_tasks_db.models import DBTaskResult

    # The worker closes "old" connections between tasks; inside a test's transaction that would
    # close the test's own connection on PostgreSQL, so keep it open here.
    with mock.patch("workers.worker.close_old_connections"):
        call_command("task_worker", "--batch", verbosity=0)
    failed = DBTaskResult.objects.exclude(traceback="")
    assert not failed.exists(), [t.traceback for t in failed]


@pytest.fixture
def alice(db):
    return make_member("alice@example.com", "Alice Lin")


@pytest.fixture
def bob(db):
    return make_member("bob@example.com", "Bob Chen")


@pytest.fixture
def charlie(db):
    return make_member("charlie@example.com", "Charlie Wu")


@pytest.fixture
def dana(db):
    return make_member("dana@example.com", "Dana Huang")


@pytest.fixture
def staff(db):
    user = make_member("mod@example.com", "Moderator")
    user.is_staff = True
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def acme(db):
    return company_create(
        name_en="Acme Semiconductor",
        name_zh="愛客美半導體",
        website="https://acme.example",
        aliases=["ACME"],
    )


def make_channel(referrer, company, **fields):
    channel = ReferrerChannel(
        referrer=referrer,
        company=company,
        job_title=fields.pop("job_title", "Engineer"),
        accepted_kinds=fields.pop("accepted_kinds", [k.value for k in AskKind]),
        capacity=fields.pop("capacity", 5),
        **fields,
    )
    return channel_save(channel=channel)


@pytest.fixture
def channel(bob, acme):
    return make_channel(bob, acme, job_title="Senior engineer", team="Platform")


@pytest.fixture
def dana_channel(dana, acme):
    return make_channel(dana, acme, job_title="Product manager")


def make_request(seeker, channel, **fields):
    data = {
        "kind": AskKind.REFERRAL,
        "position_title": "Backend engineer",
        "job_url": "https://acme.example/jobs/1",
        "job_id": "R-1",
        "location": "Taipei",
        "note": "Five years of Django; I love semiconductors.",
    }
    data.update(fields)
    if "resume" not in data and "upload" not in data:
        data["upload"] = pdf_upload()
    return referral_request_create(seeker=seeker, channel=channel, **data)


@pytest.fixture
def referral(alice, channel):
    return make_request(alice, channel)


# --- Appended by the referral-core test suite -------------------------------------------------


@pytest.fixture(autouse=True)
def _resumes_in_tmp_storage(_fast_and_private, monkeypatch):
    """Point Resume.file at the test's private storage (a folder or a bucket).

    A callable ``storage=`` is evaluated once when the models load, so overriding
    ``settings.STORAGES`` alone would still write test resumes into ``var/private``.
    """
    monkeypatch.setattr(Resume._meta.get_field("file"), "storage", storages["resumes"])


def private_files() -> list[PurePosixPath]:
    """Every file now in this test's private resume storage, by its name in the storage
    (``resumes/<owner>/<hex>.pdf``), sorted. Only the storage API is used, so a folder and a
    bucket are listed alike."""
    storage = storages["resumes"]
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:  # a folder storage that nothing was written to yet
            continue
        found += [PurePosixPath(folder, name) for name in files]
        folders += [posixpath.join(folder, name) for name in subfolders]
    return sorted(found)


def assert_files_match_resumes() -> None:
    """The resume storage holds exactly the files the Resume rows name: none left behind by a
    deletion (an orphan), none a row names but the storage lost (missing)."""
    stored = {str(name) for name in private_files()}
    named = set(Resume.objects.values_list("file", flat=True))
    orphans, missing = sorted(stored - named), sorted(named - stored)
    assert (orphans, missing) == ([], []), f"orphan files {orphans}, missing files {missing}"


def page_text(response) -> str:
    """The response body with HTML entities decoded, for asserting on visible sentences."""
    import html

    return html.unescape(response.content.decode())
