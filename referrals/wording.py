"""What the referral loop calls things, following the kind of ask.

An advice chat or a resume review goes through the same steps as a referral (sent, opened,
answered, declined…), but "referred" means something else for each: the referrer agreed to talk,
or reviewed the resume. Every label and sentence that names the positive answer, or the ask
itself, comes from here, so a page, an e-mail or a contact's history never words an advice chat
as a referral. Two places word it the same way: the status pill is the request's own
(``ReferralRequest.status_label``, in the models this module builds on), and the notification
sentences are in ``notifications.messages``, keyed the same way.
"""

from django.utils.translation import gettext_lazy as _

from referrals.models import AskKind, EventKind, Status, ask_kind

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


def event_label(event, kind: str) -> str:
    """The timeline title of ``event`` in a request of ``kind``."""
    if event.kind == EventKind.REFERRED:
        return DECIDED_EVENT[ask_kind(kind)]
    return event.get_kind_display()
