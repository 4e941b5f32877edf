"""Shared vocabulary of the access-control test (see tests/test_access_control.py)."""

ROLES = ["anonymous", "alice", "charlie", "bob", "dana", "staff"]
LOGIN = "login"  # a 302 to the login page


def codes(*expected):
    """Expected answers in ROLES order: anonymous, alice, charlie, bob, dana, staff."""
    return dict(zip(ROLES, expected, strict=True))
