"""What a page of member cards shows, worked out once per page in Python: a card's template
(``network/_member_card.jinja``) reads plain attributes only."""

from guanxi.jinja2 import url


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
    for profile in profiles:
        name = str(profile.user.public_name)
        profile.public_name = name
        profile.initial = name[:1].upper()
        pk = profile.user_id
        profile.member_url = url("network:member", pk)
        profile.connect_url = url("network:connect", pk)
        profile.save_url = url("network:shortlist_add", pk)
        # As get_FOO_display: a value that is no longer a choice shows as it is.
        profile.role_label = roles.get(profile.role_type, profile.role_type)
        profile.industry_label = industries.get(profile.industry, profile.industry)
        profile.intent_labels = [intents[v] for v in profile.intent_list if v in intents]
        profile.offer_labels = [offers[v] for v in profile.offer_list if v in offers]
    return profiles
