"""The workflows that span apps, in one place above them (as Zulip keeps its ``do_*`` actions
above the models they touch).

Each is one named, atomic function that calls the lower apps' services in order; the lower apps
do not know it exists. ``members``: a member's export and leaving for good. ``companies``: two
companies merged. ``moderation``: a moderator acting on a report. See docs/architecture.md.
"""
