from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Networking")

    def ready(self):
        from contacts.work import member_work_source_add
        from network.selectors import member_work, visible_member
        from notifications.messages import VISIBLE_MEMBER, target_check_register

        # A member's company and title for the contact made of them: their network profile
        # first (contacts.work), before their referrer channel.
        member_work_source_add(member_work, order=1)
        # A notification about a member leads to their page while the viewer may still see it.
        target_check_register(VISIBLE_MEMBER, visible_member)
