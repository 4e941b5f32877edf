"""Script payloads in every free-text field render as text on every page that shows them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.services import company_create
from conftest import make_channel, make_member, pdf_bytes, run_tasks
from feedback.models import Feedback
from referrals.services import (
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_request_create,
    referral_thank,
)

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _x(label: str) -> str:
    return f"{label} {PAYLOAD}"


def _assert_safe(response, label):
    html = response.content.decode()
    assert response.status_code == 200, label
    assert PAYLOAD not in html, label
    assert "<script>alert" not in html and "<img src=x" not in html, label
    # The page does show the member's text — escaped, so the test is not vacuous.
    assert "&lt;script&gt;alert(" in html, label


def test_payloads_render_as_text_everywhere(client, staff):
    seeker = make_member("s@example.com", _x("Seeker"))
    seeker.headline, seeker.city, seeker.languages_spoken = _x("h"), _x("c"), _x("l")
    seeker.save()
    referrer = make_member("r@example.com", _x("Referrer"))
    company = company_create(name_en=_x("Evil Corp"), name_zh=_x("邪惡"), aliases=[_x("EC")])
    channel = make_channel(
        referrer,
        company,
        job_title=_x("title"),
        team=_x("team"),
        locations=_x("loc"),
        instructions=_x("instructions"),
    )
    upload = SimpleUploadedFile(f"{PAYLOAD}.pdf", pdf_bytes())
    first = referral_request_create(
        seeker=seeker,
        channel=channel,
        kind="referral",
        position_title=_x("position"),
        note=_x("note"),
        job_id=_x("id"),
        location=_x("where"),
        upload=upload,
    )
    referral_ask_for_info(
        request=first, referrer=referrer, question=_x("question"), contact=_x("contact")
    )
    referral_answer_info(request=first, seeker=seeker, answer=_x("answer"))
    referral_refer(request=first, referrer=referrer, note=_x("refer note"))
    referral_thank(request=first, seeker=seeker, message=_x("thanks"))
    other = company_create(name_en="Second Co")
    second_channel = make_channel(referrer, other)
    second = referral_request_create(
        seeker=seeker,
        channel=second_channel,
        kind="advice",
        position_title=_x("p2"),
        note=_x("n2"),
    )
    referral_decline(request=second, referrer=referrer, reason="other", note=_x("decline"))
    Feedback.objects.create(author=seeker, message=_x("feedback"), page="/")
    run_tasks()

    client.force_login(seeker)
    for url in [
        reverse("home"),
        reverse("companies:list"),
        reverse("companies:list") + "?q=evil",
        company.get_absolute_url(),
        reverse("referrals:ask", args=[channel.pk]),
        reverse("referrals:my_requests"),
        first.get_absolute_url(),
        second.get_absolute_url(),
        reverse("resumes:library"),
        reverse("notifications:list"),
        reverse("accounts:profile"),
    ]:
        _assert_safe(client.get(url, HTTP_ACCEPT_LANGUAGE="en"), url)

    client.force_login(referrer)
    for url in [
        reverse("referrals:inbox"),
        first.get_inbox_url(),
        second.get_inbox_url(),
        reverse("referrals:channels"),
        reverse("referrals:channel_edit", args=[channel.pk]),
        reverse("notifications:list"),
        reverse("moderation:report") + f"?request={first.pk}",
    ]:
        _assert_safe(client.get(url), url)

    client.force_login(staff)
    for url in [
        reverse("admin:feedback_feedback_changelist"),
        reverse("admin:companies_company_changelist"),
        reverse("admin:referrals_referralrequest_change", args=[first.pk]),
    ]:
        _assert_safe(client.get(url), url)


def test_networking_payloads_render_as_text_everywhere(client, staff):
    """The second half: profiles, notes, contacts, interactions, coffee chats and events."""
    import datetime

    from django.utils import timezone

    from coffee.services import coffee_confirm, coffee_propose
    from contacts.services import contact_create, follow_up_create, interaction_log
    from events.models import Event
    from events.services import event_rsvp, event_save
    from network.services import connection_send, meet_wish_create, network_profile_save

    alice = make_member("a@example.com", _x("Alice"))
    bob = make_member("b@example.com", _x("Bob"))
    for member in (alice, bob):
        network_profile_save(
            user=member,
            intents=["mentor"],
            offers=["resume_review"],
            company=_x("co"),
            job_title=_x("job"),
            about=_x("about"),
            listed=True,
            headline=_x("headline"),
        )
    meet_wish_create(owner=alice, company=_x("wish"), city=_x("city"))
    connection = connection_send(sender=alice, recipient=bob, note=_x("note"))
    contact = contact_create(
        owner=alice,
        name=_x("contact"),
        company=_x("company"),
        title=_x("title"),
        how_we_met=_x("met"),
        notes=_x("notes"),
    )
    interaction_log(
        owner=alice,
        contact=contact,
        kind="call",
        occurred_at=timezone.now(),
        topics=_x("topics"),
        notes=_x("inotes"),
    )
    follow_up_create(owner=alice, contact=contact, topic=_x("follow"), due_on=timezone.localdate())
    soon = timezone.now() + datetime.timedelta(days=2)
    chat = coffee_propose(
        proposer=alice,
        invitee=bob,
        goal=_x("goal"),
        mode="in_person",
        slots=[soon, soon + datetime.timedelta(hours=2)],
    )
    coffee_confirm(chat=chat, member=bob, slot_id=chat.slots.first().pk, place=_x("place"))
    event = event_save(
        event=Event(
            title=_x("event"),
            description=_x("description"),
            kind="meetup",
            place=_x("venue"),
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
            is_published=True,
            time_zone="Asia/Taipei",
            created_by=staff,
        )
    )
    event_rsvp(event=event, member=alice, status="going")
    run_tasks()

    client.force_login(alice)
    for url in [
        reverse("network:directory"),
        reverse("network:member", args=[bob.pk]),
        reverse("accounts:profile"),
        reverse("network:wishes"),
        reverse("network:connections"),
        reverse("contacts:list"),
        reverse("contacts:detail", args=[contact.pk]),
        reverse("contacts:gone_quiet"),
        reverse("coffee:list"),
        reverse("coffee:detail", args=[chat.pk]),
        reverse("events:list"),
        reverse("events:detail", args=[event.pk]),
        reverse("notifications:list"),
    ]:
        _assert_safe(client.get(url), url)
    client.force_login(bob)
    for url in [reverse("network:connections"), reverse("network:member", args=[alice.pk])]:
        _assert_safe(client.get(url), url)
    assert connection.pk
