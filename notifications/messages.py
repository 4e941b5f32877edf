"""What each notification says, in whole translated sentences."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import member_name
from notifications.models import Kind, Notification


def _seeker_side(n: Notification) -> bool:
    return n.kind in {Kind.NEEDS_INFO, Kind.REFERRED, Kind.DECLINED, Kind.EXPIRED}


def notification_link(n: Notification) -> str:
    if n.url:
        return n.url
    if n.referral_request_id is None:
        return reverse("notifications:list")
    if _seeker_side(n):
        return reverse("referrals:my_request", args=[n.referral_request_id])
    return reverse("referrals:inbox_request", args=[n.referral_request_id])


def notification_text(n: Notification) -> str:
    """One sentence for the in-app list and the e-mail subject."""
    r = n.referral_request
    params = {}
    if r is not None:
        params = {
            "seeker": member_name(r.seeker),
            "referrer": member_name(r.channel.referrer),
            "company": r.company.display_name,
            "position": r.position_title,
        }
    actor = {"name": member_name(n.actor), "subject": n.subject}
    network_texts = {
        Kind.CONNECTION_REQUEST: _("%(name)s would like to connect with you."),
        Kind.CONNECTION_ACCEPTED: _("%(name)s accepted your connection request."),
        Kind.NEW_MATCH: _("%(name)s matches the people you want to meet."),
        Kind.COFFEE_PROPOSED: _("%(name)s invited you for a coffee chat: %(subject)s"),
        Kind.COFFEE_CONFIRMED: _("Your coffee chat with %(name)s is confirmed: %(subject)s"),
        Kind.COFFEE_RESCHEDULED: _("%(name)s proposed new times for your coffee chat: %(subject)s"),
        Kind.COFFEE_CANCELLED: _("%(name)s cancelled the coffee chat: %(subject)s"),
        Kind.EVENT_RSVP: _("You are registered for %(subject)s."),
    }
    if n.kind in network_texts:
        return network_texts[n.kind] % actor
    texts = {
        Kind.NEW_REQUEST: _("%(seeker)s asked you for a referral for %(position)s at %(company)s."),
        Kind.NUDGE: _(
            "%(seeker)s's request for %(position)s at %(company)s is still waiting for your "
            "decision."
        ),
        Kind.NEEDS_INFO: _(
            "%(referrer)s needs more information about your request for %(position)s at "
            "%(company)s."
        ),
        Kind.INFO_PROVIDED: _(
            "%(seeker)s answered your question about %(position)s at %(company)s."
        ),
        Kind.REFERRED: _("%(referrer)s referred you for %(position)s at %(company)s."),
        Kind.DECLINED: _(
            "%(referrer)s could not refer you for %(position)s at %(company)s this time."
        ),
        Kind.WITHDRAWN: _("%(seeker)s withdrew the request for %(position)s at %(company)s."),
        Kind.EXPIRED: _(
            "Your request for %(position)s at %(company)s expired without an answer. "
            "You can ask another referrer with one click."
        ),
        Kind.OUTCOME: _("%(seeker)s shared an update on %(position)s at %(company)s."),
        Kind.THANKED: _("%(seeker)s thanked you for the referral for %(position)s at %(company)s."),
        Kind.WARNING: _("The moderators sent you a message about community guidelines."),
    }
    return texts[n.kind] % params
