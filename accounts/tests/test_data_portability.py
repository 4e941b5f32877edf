import io
import json
import zipfile

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from accounts.models import MemberSession, User
from api.models import AccessToken, Scope
from api.services import access_token_create
from conftest import assert_files_match_resumes, make_request, pdf_bytes
from conftest import private_files as _files
from feedback.models import Feedback
from referrals.models import ReferralRequest, Status
from referrals.services import referral_answer_info, referral_ask_for_info
from resumes.services import resume_create


def _rows_pointing_at(user_pk: int) -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                n = model._default_manager.filter(**{field.name: user_pk}).count()
                if n:
                    counts[f"{model._meta.label}.{field.name}"] = n
    return counts


def test_export_contains_every_personal_field_and_the_files(client, alice, bob, channel):
    alice.headline, alice.city = "Data person", "Taipei"
    alice.linkedin_url = "https://www.linkedin.com/in/alice"
    alice.languages_spoken = "Mandarin, English"
    alice.save()
    referral = make_request(alice, channel, note="I shipped the Taipei data platform.")
    Feedback.objects.create(author=alice, message="Lovely site")
    client.force_login(alice)
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    profile = data["profile"]
    for field in [
        "email",
        "display_name",
        "headline",
        "city",
        "time_zone",
        "language",
        "languages_spoken",
        "linkedin_url",
    ]:
        assert profile[field] == getattr(alice, field), field
    assert profile["date_joined"].startswith(alice.date_joined.date().isoformat())
    assert data["email_addresses"][0]["email"] == "alice@example.com"
    assert data["requests_sent"][0]["note"] == "I shipped the Taipei data platform."
    assert data["requests_sent"][0]["events"][0]["kind"] == "submitted"
    assert data["feedback"][0]["message"] == "Lovely site"
    assert archive.read(f"resumes/{referral.resume_id}.pdf").startswith(b"%PDF-")


def test_export_contains_the_networking_half(client, alice, bob):
    from contacts.models import Contact
    from network.models import Connection, NetworkProfile

    NetworkProfile.objects.create(user=alice, intents="|mentor|", listed=True, company="Acme")
    Contact.objects.create(owner=alice, name="王小明", company="TSMC", notes="Met at a meetup")
    Connection.objects.create(sender=alice, recipient=bob, note="Hi Bob, thanks for connecting.")
    client.force_login(alice)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("accounts:export")).content))
    data = json.loads(archive.read("data.json"))
    assert data["network_profile"][0]["intents"] == "|mentor|"
    assert data["contacts"][0]["name"] == "王小明"
    assert data["contacts"][0]["notes"] == "Met at a meetup"
    assert data["connections"][0]["note"] == "Hi Bob, thanks for connecting."
    for key in [
        "people_i_want_to_meet",
        "saved_members",
        "interactions",
        "follow_ups",
        "reminder_settings",
        "coffee_chats",
        "event_rsvps",
    ]:
        assert key in data


def test_export_is_only_by_post_and_for_oneself(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:export")).status_code == 405
    client.logout()
    assert client.post(reverse("accounts:export")).status_code == 302


def test_delete_needs_the_password(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "That password is not right." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_after_deletion_no_row_or_file_of_the_member_remains(
    client, django_capture_on_commit_callbacks, alice, bob, channel
):
    referral = make_request(alice, channel)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral_answer_info(request=referral, seeker=alice, answer="Platform, in Taipei.")
    resume_create(owner=alice, upload=SimpleUploadedFile("b.pdf", pdf_bytes()))
    Feedback.objects.create(author=alice, message="Hi")
    access_token_create(member=alice, name="Script", scope=Scope.WRITE)
    other_device = client.__class__()
    other_device.force_login(alice)
    client.force_login(alice)
    assert _rows_pointing_at(alice.pk)
    assert len(_files()) == 2
    pk = alice.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete"), {"password": "correct horse 42", "confirm": "on"}
        )
    assert response.status_code == 302

    assert not User.objects.filter(pk=pk).exists()
    assert _rows_pointing_at(pk) == {}
    assert not AccessToken.objects.exists()
    assert not EmailAddress.objects.filter(email="alice@example.com").exists()
    assert _files() == []
    assert_files_match_resumes()
    assert other_device.get(reverse("referrals:my_requests")).status_code == 302
    sessions = MemberSession.objects.all()
    assert all(str(s.get_decoded().get("_auth_user_id")) != str(pk) for s in sessions)
    # The referrer's record stays meaningful, without the seeker's words.
    kept = ReferralRequest.objects.get(pk=referral.pk)
    assert kept.seeker is None and kept.status == Status.WITHDRAWN and kept.note == ""
    assert "Platform, in Taipei." not in str(list(kept.events.values_list("message", flat=True)))
    client.force_login(bob)
    page = client.get(reverse("referrals:inbox_request", args=[referral.pk]))
    assert page.status_code == 200
    assert "A deleted member" in page.content.decode()


def test_referrer_leaving_expires_open_requests_and_keeps_the_seekers_history(
    django_capture_on_commit_callbacks, alice, bob, channel, acme
):
    from workflows.members import member_delete

    referral = make_request(alice, channel)
    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=bob)
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED
    assert referral.channel.referrer is None
    acme.refresh_from_db()
    assert acme.active_referrer_count == 0
    assert acme.referrer_count == 0  # the channel stays for the seeker's record, not as a referrer
    assert alice.notifications.filter(kind="expired").exists()


def test_a_moderator_deleting_an_account_in_the_admin_runs_the_same_cleanup(
    client, django_capture_on_commit_callbacks, staff, alice, bob, channel, acme
):
    referral = make_request(alice, channel)
    bobs = resume_create(owner=bob, upload=SimpleUploadedFile("bob.pdf", pdf_bytes()))
    assert len(_files()) == 2  # alice's resume (sent with her request) and bob's
    client.force_login(staff)
    url = reverse("admin:accounts_user_delete", args=[bob.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=bob.pk).exists()
    referral.refresh_from_db()
    # The seeker's request is expired with a note, as when the referrer leaves by themselves.
    assert referral.status == Status.EXPIRED and referral.channel.referrer is None
    assert alice.notifications.filter(kind="expired").exists()
    acme.refresh_from_db()
    assert (acme.referrer_count, acme.active_referrer_count) == (0, 0)
    remaining = _files()
    assert len(remaining) == 1 and not any(bobs.file.name.endswith(p.name) for p in remaining)
    assert_files_match_resumes()


def test_a_moderator_deleting_several_accounts_in_the_admin(
    client, staff, alice, bob, dana, channel, dana_channel, acme
):
    referral = make_request(alice, dana_channel)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [bob.pk, dana.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[bob.pk, dana.pk]).exists()
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED
    acme.refresh_from_db()
    assert (acme.referrer_count, acme.active_referrer_count) == (0, 0)
