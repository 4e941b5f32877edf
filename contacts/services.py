"""Contacts: a member's private address book of relationships (implemented by the contacts app).

Other apps call ``relationship_record`` when two members actually interact (a referral reply, a
referral, an accepted connection, a coffee chat that happened), so the other person lands in
the member's contacts with the history attached.
"""


def relationship_record(
    *, owner, other, kind: str, occurred_at, summary: str = "", topics: str = "", link: str = ""
) -> None:
    """Make sure ``other`` (a member) is in ``owner``'s contacts and log an interaction.

    ``kind`` is one of the interaction kinds ("message", "coffee", "call", "event", "referral").
    Safe to call twice for the same occurrence. (Stub until the contacts app implements it.)
    """
    return None
