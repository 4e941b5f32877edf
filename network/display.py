"""What a page of member cards shows, worked out once per page in Python: a card's template
(``network/_member_card.jinja``) reads plain attributes only."""

from guanxi.jinja2 import url


def _reversed_once(name: str):
    """``pk -> reverse(name, args=[pk])`` for a page of cards: reversed once, then filled in."""
    marker = "918273645"
    head, _, tail = url(name, marker).partition(marker)
    return lambda pk: f"{head}{pk}{tail}"


def member_cards(profiles, fields: dict) -> list:
    """``profiles`` as a list, each with what its card (``network/_member_card.jinja``) shows
    beyond its fields, worked out once per page:

    - ``public_name`` and its first letter, ``initial``;
    - ``member_url``, ``connect_url``, ``save_url``;
    - ``role_label``, ``industry_label``, and the lists ``intent_labels`` and ``offer_labels``
      (unknown values left out), from the filters' options (``fields``, translated once).
    """
    profiles = list(profiles)
    roles, industries = fields["role_type"].labels, fields["industry"].labels
    intents, offers = fields["intent"].labels, fields["offer"].labels
    member_url = _reversed_once("network:member")
    connect_url = _reversed_once("network:connect")
    save_url = _reversed_once("network:shortlist_add")
    for profile in profiles:
        name = str(profile.user.public_name)
        profile.public_name = name
        profile.initial = name[:1].upper()
        pk = profile.user_id
        profile.member_url, profile.connect_url = member_url(pk), connect_url(pk)
        profile.save_url = save_url(pk)
        # As get_FOO_display: a value that is no longer a choice shows as it is.
        profile.role_label = roles.get(profile.role_type, profile.role_type)
        profile.industry_label = industries.get(profile.industry, profile.industry)
        profile.intent_labels = [intents[v] for v in profile.intent_list if v in intents]
        profile.offer_labels = [offers[v] for v in profile.offer_list if v in offers]
    return profiles
