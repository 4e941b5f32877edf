"""Event test data, made through the real services."""

from datetime import UTC, datetime, timedelta

from events.models import Event, EventKind, EventLanguage
from events.services import event_save

# 2030-06-01 11:00 UTC = 19:00 in Taipei = 04:00 in Los Angeles.
STARTS = datetime(2030, 6, 1, 11, 0, tzinfo=UTC)


def make_event(created_by=None, **fields) -> Event:
    starts_at = fields.pop("starts_at", STARTS)
    event = Event(
        title=fields.pop("title", "From QA to backend: a panel"),
        description=fields.pop("description", "Three engineers share how they switched roles."),
        kind=fields.pop("kind", EventKind.TALK),
        language=fields.pop("language", EventLanguage.BOTH),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
        time_zone=fields.pop("time_zone", "Asia/Taipei"),
        place=fields.pop("place", "Taipei Innovation Hub, Room 3"),
        is_published=fields.pop("is_published", True),
        created_by=created_by,
        **fields,
    )
    return event_save(event=event)
