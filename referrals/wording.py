"""What the referral loop calls things, following the kind of ask.

An advice chat or a resume review goes through the same steps as a referral (sent, opened,
answered, declined…), but "referred" means something else for each: the referrer agreed to talk,
or reviewed the resume. Every label and sentence that names the positive answer, or the ask
itself, comes from here, so a page, an e-mail or a contact's history never words an advice chat
as a referral. (The notification sentences are in ``notifications.messages``, keyed the same way.)
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from referrals.models import AskKind, EventKind, Status

# The status pill of a request the referrer said yes to.
DECIDED_STATUS = {
    AskKind.REFERRAL: pgettext_lazy("request status", "Referred"),
    AskKind.ADVICE: pgettext_lazy("request status", "Accepted"),
    AskKind.RESUME_REVIEW: pgettext_lazy("request status", "Reviewed"),
}

# The status pill of a request back with the referrer after the seeker answered their question.
INFO_PROVIDED_STATUS = pgettext_lazy("request status", "Info provided")

# The timeline entry of that yes.
DECIDED_EVENT = {
    AskKind.REFERRAL: _("Referred"),
    AskKind.ADVICE: _("Agreed to an advice chat"),
    AskKind.RESUME_REVIEW: _("Resume reviewed"),
}

# What the referrer is told after saying yes.
DECIDED_MESSAGE = {
    AskKind.REFERRAL: _("Marked as referred. Thank you for opening the door."),
    AskKind.ADVICE: _("Marked as accepted. The seeker has been told; thank you for your time."),
    AskKind.RESUME_REVIEW: _("Marked as reviewed. Thank you for helping with the resume."),
}

# The line each side's contact history keeps of a step (see referrals.services).
RELATIONSHIP_SUMMARY = {
    (AskKind.REFERRAL, Status.NEEDS_INFO): _(
        "Referral request for %(position)s at %(company)s: the referrer asked for more information."
    ),
    (AskKind.REFERRAL, Status.DECLINED): _(
        "Referral request for %(position)s at %(company)s: declined."
    ),
    (AskKind.REFERRAL, Status.REFERRED): _(
        "Referral request for %(position)s at %(company)s: referred."
    ),
    (AskKind.ADVICE, Status.NEEDS_INFO): _(
        "Advice chat request about %(position)s at %(company)s: the referrer asked for more "
        "information."
    ),
    (AskKind.ADVICE, Status.DECLINED): _(
        "Advice chat request about %(position)s at %(company)s: declined."
    ),
    (AskKind.ADVICE, Status.REFERRED): _(
        "Advice chat request about %(position)s at %(company)s: accepted."
    ),
    (AskKind.RESUME_REVIEW, Status.NEEDS_INFO): _(
        "Resume review request for %(position)s at %(company)s: the referrer asked for more "
        "information."
    ),
    (AskKind.RESUME_REVIEW, Status.DECLINED): _(
        "Resume review request for %(position)s at %(company)s: declined."
    ),
    (AskKind.RESUME_REVIEW, Status.REFERRED): _(
        "Resume review request for %(position)s at %(company)s: reviewed."
    ),
}

# The seeker's automatic follow-ups after a yes: (thank-you, update a few weeks later).
FOLLOW_UP_TOPICS = {
    AskKind.REFERRAL: (
        _("Send a thank-you for the referral."),
        _("Share an update on the outcome of the referral."),
    ),
    AskKind.ADVICE: (
        _("Send a thank-you for the advice chat."),
        _("Share how your job search is going since the advice chat."),
    ),
    AskKind.RESUME_REVIEW: (
        _("Send a thank-you for the resume review."),
        _("Share how your applications went with the reviewed resume."),
    ),
}


def _kind(kind: str) -> str:
    return kind if kind in AskKind.values else AskKind.REFERRAL


def status_label(request) -> str:
    """The status pill of ``request``, as both sides see it."""
    if request.status == Status.REFERRED:
        return DECIDED_STATUS[_kind(request.kind)]
    if request.status == Status.SUBMITTED and request.first_response_at is not None:
        # Only the seeker's answer brings an answered request back to "submitted".
        return INFO_PROVIDED_STATUS
    return request.get_status_display()


def event_label(event, kind: str) -> str:
    """The timeline title of ``event`` in a request of ``kind``."""
    if event.kind == EventKind.REFERRED:
        return DECIDED_EVENT[_kind(kind)]
    return event.get_kind_display()
