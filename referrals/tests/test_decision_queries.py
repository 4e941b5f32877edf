"""Every decision on a request costs the same, however long the channel's history.

A channel (and its seeker) with 1 earlier answered request and one with 30: viewing, asking for
more information, the seeker's answer, referring, declining, withdrawing, expiring by the sweep,
reporting an outcome and thanking each run as many queries, and read as many rows, on both. The
channel's median response time stays exact: ``int(statistics.median(...))`` of the delays to the
first response of every answered request.
"""

import statistics
from contextlib import contextmanager
from datetime import timedelta
from itertools import count
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from referrals.models import AskKind, ReferralRequest, ReferrerChannel, Status
from referrals.services import (
    channel_refresh_counters,
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_refer,
    referral_report_outcome,
    referral_thank,
    referral_withdraw,
    referrals_expire_due,
)

_serial = count()


@pytest.fixture(autouse=True)
def _room(settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 1000


def _history(channel, seeker, size: int, start) -> list[int]:
    """``size`` earlier requests to ``channel``, every other one by ``seeker``, each answered
    (and closed) the way a real referrer and seeker would. Returns the response delays."""
    referrer = channel.referrer
    delays = []
    for i in range(size):
        asker = seeker if i % 2 == 0 else make_member(f"earlier{next(_serial)}@example.com", "E")
        sent = start + timedelta(days=2 * i)
        answered = sent + timedelta(hours=1 + (i * 7) % 23, minutes=i)
        delays.append(int((answered - sent).total_seconds()))
        with time_machine.travel(sent, tick=False):
            referral = make_request(asker, channel, kind=AskKind.ADVICE, resume=None)
        with time_machine.travel(answered, tick=False):
            step = i % 4
            if step == 0:
                referral_refer(request=referral, referrer=referrer)
                referral_report_outcome(request=referral, seeker=asker, outcome="interviewing")
                referral_thank(request=referral, seeker=asker, message="Thank you!")
            elif step == 1:
                referral_mark_viewed(request=referral, referrer=referrer)
                referral_decline(request=referral, referrer=referrer, reason="no_opening")
            elif step == 2:
                referral_ask_for_info(request=referral, referrer=referrer, question="Which team?")
                referral_answer_info(request=referral, seeker=asker, answer="Platform.")
                referral_refer(request=referral, referrer=referrer)
            else:
                referral_ask_for_info(request=referral, referrer=referrer, question="Job ID?")
                referral_withdraw(request=referral, seeker=asker)
    return delays


def _setup(size: int):
    """A referrer's channel and a seeker with ``size`` earlier answered requests there."""
    n = next(_serial)
    company = company_create(name_en=f"History {n}", name_zh=f"歷史{n}")
    referrer = make_member(f"referrer{n}@example.com", f"Referrer {n}")
    seeker = make_member(f"seeker{n}@example.com", f"Seeker {n}")
    channel = make_channel(referrer, company, capacity=50)
    start = timezone.now() - timedelta(days=2 * size + 10)
    delays = _history(channel, seeker, size, start)
    return channel, referrer, seeker, delays


def _pending(channel, seeker, state: str) -> ReferralRequest:
    """A new request by ``seeker`` in ``state`` (submitted, needs_info or referred)."""
    referral = make_request(seeker, channel, kind=AskKind.ADVICE, resume=None)
    if state == "needs_info":
        referral_ask_for_info(request=referral, referrer=channel.referrer, question="CV?")
    elif state == "referred":
        referral_refer(request=referral, referrer=channel.referrer)
    return referral


# Each decision: the state its request starts in, and the call.
DECISIONS = {
    "mark_viewed": ("submitted", lambda r, ref, s: referral_mark_viewed(request=r, referrer=ref)),
    "ask_for_info": (
        "submitted",
        lambda r, ref, s: referral_ask_for_info(request=r, referrer=ref, question="Which level?"),
    ),
    "answer_info": (
        "needs_info",
        lambda r, ref, s: referral_answer_info(request=r, seeker=s, answer="Senior."),
    ),
    "refer": ("submitted", lambda r, ref, s: referral_refer(request=r, referrer=ref, note="Done")),
    "decline": (
        "submitted",
        lambda r, ref, s: referral_decline(request=r, referrer=ref, reason="level_mismatch"),
    ),
    "withdraw": ("submitted", lambda r, ref, s: referral_withdraw(request=r, seeker=s)),
    "expire": (
        "submitted",
        lambda r, ref, s: referrals_expire_due(now=timezone.now() + timedelta(days=30)),
    ),
    "outcome": (
        "referred",
        lambda r, ref, s: referral_report_outcome(request=r, seeker=s, outcome="offer"),
    ),
    "thank": ("referred", lambda r, ref, s: referral_thank(request=r, seeker=s, message="Thanks!")),
}


@contextmanager
def _rows_read():
    """Count the rows the database hands back through Django's cursors (``rows[0]``)."""
    rows = [0]

    def counted(name):
        def fetch(self, *args):
            result = getattr(self.cursor, name)(*args)
            rows[0] += (result is not None) if name == "fetchone" else len(result)
            return result

        return fetch

    fetches = {name: counted(name) for name in ("fetchone", "fetchmany", "fetchall")}
    with mock.patch.multiple(CursorWrapper, create=True, **fetches):
        yield rows


def _decision_queries(name: str, size: int):
    """The SQL one decision runs, and the rows it reads, on a channel with ``size`` earlier
    answered requests."""
    state, decide = DECISIONS[name]
    channel, referrer, seeker, delays = _setup(size)
    referral = _pending(channel, seeker, state)
    with CaptureQueriesContext(connection) as ctx, _rows_read() as rows:
        decide(referral, referrer, seeker)
    return [q["sql"] for q in ctx.captured_queries], rows[0], channel, referral, delays


# The decisions that are the referrer's first response (or follow one, in their set-up).
ANSWERED = {"ask_for_info", "answer_info", "refer", "decline", "outcome", "thank"}


@pytest.mark.parametrize("name", DECISIONS)
def test_decision_costs_the_same_with_a_long_history(db, name):
    small, small_rows, *_ = _decision_queries(name, 1)
    large, large_rows, channel, referral, delays = _decision_queries(name, 30)
    assert len(large) == len(small), "\n".join(large)
    # The median reads the one or two middle values: 2 answered requests against 31.
    assert abs(large_rows - small_rows) <= 1, "\n".join(large)
    referral.refresh_from_db()
    if name in ANSWERED:
        delays = [*delays, (referral.first_response_at - referral.created_at).total_seconds()]
    else:
        assert referral.first_response_at is None
    channel.refresh_from_db()
    assert channel.responded_count == len(delays)
    assert channel.median_response_seconds == int(statistics.median(delays))


def test_first_response_keeps_the_median_exact(db):
    channel, referrer, seeker, delays = _setup(6)
    channel.refresh_from_db()
    assert channel.median_response_seconds == int(statistics.median(delays))  # even count
    sent = timezone.now() - timedelta(hours=50)
    with time_machine.travel(sent, tick=False):
        referral = make_request(seeker, channel, kind=AskKind.ADVICE, resume=None)
    with time_machine.travel(sent + timedelta(hours=40, seconds=1), tick=False):
        referral_decline(request=referral, referrer=referrer, reason="no_opening")
    delays.append(40 * 3600 + 1)
    channel.refresh_from_db()
    assert channel.median_response_seconds == int(statistics.median(delays))  # odd count
    # A later step on an answered request is not a new response: the median stays.
    thanked = ReferralRequest.objects.get(pk=referral.pk)
    referral_thank(request=thanked, seeker=seeker, message="Thanks anyway.")
    channel.refresh_from_db()
    assert channel.median_response_seconds == int(statistics.median(delays))


@pytest.mark.parametrize(
    "delays",
    [
        [],
        [7200],
        [3600, 7200],
        [1, 2],
        [5, 1, 4, 2],
        [10, 10, 11],
        [1, 2, 3, 4, 1000001],
        [0.6, 1.6],
        [2.25, 0.5, 9.75, 3.5],
    ],
    ids=["none", "one", "two", "half", "even", "ties", "odd", "sub-second", "fractions"],
)
def test_median_equals_statistics_median(db, delays):
    """The stored median is ``int(statistics.median(...))`` of the answered requests' delays in
    seconds, fractions included (0.6 s and 1.6 s make 1, not 0); unanswered requests do not
    count, and with none answered there is no median."""
    n = next(_serial)
    company = company_create(name_en=f"Median {n}", name_zh=f"中位數{n}")
    referrer = make_member(f"median{n}@example.com", "Median")
    channel = make_channel(referrer, company, capacity=50)
    start = timezone.now() - timedelta(days=400)
    for i, delay in enumerate(delays):
        seeker = make_member(f"median{n}-{i}@example.com", "Seeker")
        sent = start + timedelta(days=13 * i)
        with time_machine.travel(sent, tick=False):
            referral = make_request(seeker, channel, kind=AskKind.ADVICE, resume=None)
        with time_machine.travel(sent + timedelta(seconds=delay), tick=False):
            referral_refer(request=referral, referrer=referrer)
    unanswered = make_request(
        make_member(f"quiet{n}@example.com", "Q"), channel, kind=AskKind.ADVICE, resume=None
    )
    assert unanswered.status == Status.SUBMITTED
    expected = int(statistics.median(delays)) if delays else None
    channel.refresh_from_db()
    assert channel.median_response_seconds == expected
    # A repair from the requests themselves agrees.
    ReferrerChannel.objects.filter(pk=channel.pk).update(median_response_seconds=12345)
    channel_refresh_counters(channel_id=channel.pk)
    channel.refresh_from_db()
    assert channel.median_response_seconds == expected
