"""What a page of referrer cards, the referral inbox and "My requests" show, worked out once
per page in Python.

A card's template reads plain attributes only: the labels of the choices are translated (and
escaped) once per page rather than once per card, and what Django's template filters used to
work out on every card (``member_name``, ``listing``, ``truncatechars``) is computed here.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import pgettext

from accounts.models import member_name
from guanxi.text import excerpt
from referrals.models import AskKind, JobFamily, Outcome, ReferrerChannel

# How much of a referrer's instructions a card shows (``truncatechars``).
INSTRUCTIONS_PREVIEW_CHARS = 160


def _escaped_labels(choices) -> dict[str, str]:
    return {value: conditional_escape(label) for value, label in choices}


def referrer_cards(channels) -> list[ReferrerChannel]:
    """``channels`` as a list, each with what its card shows beyond its fields:

    - ``referrer_name``, ``referrer_initial``: the public name and its first letter, upper case;
    - ``kind_labels``, ``family_labels``: what it accepts and the job families it refers for,
      joined as the language writes a list (``|listing``), or "";
    - ``instructions_preview``: the instructions cut to 160 characters (``|truncatechars``).
    """
    channels = list(channels)
    if not channels:
        return channels
    kinds = _escaped_labels(AskKind.choices)
    families = _escaped_labels(JobFamily.choices)
    separator = conditional_escape(pgettext("list separator", ", "))
    for channel in channels:
        name = str(member_name(channel.referrer))
        channel.referrer_name = name
        channel.referrer_initial = name[:1].upper()
        channel.kind_labels = SafeString(
            separator.join([kinds[k] for k in channel.accepted_kinds if k in kinds])
        )
        channel.family_labels = SafeString(
            separator.join([families[k] for k in channel.job_families if k in families])
        )
        channel.instructions_preview = excerpt(channel.instructions, INSTRUCTIONS_PREVIEW_CHARS)
    return channels


# The note's excerpt in a waiting request's row (Django's |truncatechars:180).
EXCERPT_LENGTH = 180


def inbox_rows(rows: list, *, pending: bool) -> list:
    """What each row of the inbox shows beyond its fields, as plain attributes (a waiting
    request's row, or a decided one's): each label is translated once per list, not per row."""
    kinds = {value: str(label) for value, label in AskKind.choices}
    outcomes = {value: str(label) for value, label in Outcome.choices}
    statuses = {}
    for r in rows:
        r.seeker_name = member_name(r.seeker)
        # status_label() follows the status, the kind and whether the referrer answered.
        key = (r.status, r.kind, r.first_response_at is None)
        if key not in statuses:
            statuses[key] = str(r.status_label)
        r.status_text = statuses[key]
        if pending:
            r.kind_label = kinds.get(r.kind, r.kind)
            r.created_iso = localtime(r.created_at).isoformat()  # Django's |date:"c"
            r.excerpt = excerpt(r.note, EXCERPT_LENGTH)
        else:
            r.outcome_label = outcomes.get(r.outcome, r.outcome)
            r.closed_iso = localtime(r.closed_at).isoformat() if r.closed_at else ""
    return rows


def my_request_rows(rows) -> None:
    """What each row of "My requests" shows beyond its fields, as plain attributes: each
    label is translated once per page, not once per row."""
    kinds = {value: str(label) for value, label in AskKind.choices}
    statuses = {}
    for r in rows:
        r.referrer_name = member_name(r.channel.referrer)
        r.kind_label = kinds.get(r.kind, r.kind)
        # status_label() follows the status, the kind and whether the referrer answered.
        key = (r.status, r.kind, r.first_response_at is None)
        if key not in statuses:
            statuses[key] = str(r.status_label)
        r.status_text = statuses[key]
        r.updated_iso = localtime(r.updated_at).isoformat()  # Django's |date:"c"
