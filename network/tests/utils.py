"""Helpers for the networking tests: data made through the real services."""

from network.services import network_profile_save


def make_profile(user, *, listed=True, intents=(), offers=(), city=None, languages=None, **fields):
    return network_profile_save(
        user=user,
        intents=list(intents),
        offers=list(offers),
        role_type=fields.pop("role_type", ""),
        industry=fields.pop("industry", ""),
        company=fields.pop("company", ""),
        job_title=fields.pop("job_title", ""),
        about=fields.pop("about", ""),
        listed=listed,
        city=city,
        languages_spoken=languages,
        **fields,
    )
