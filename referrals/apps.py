from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from contacts.work import member_work_source_add
        from notifications.messages import INBOX_REQUEST, SEEKER_REQUEST, target_check_register
        from referrals.decision_links import email_links_register
        from referrals.selectors import member_work, request_for_referrer, request_for_seeker

        # A member's company and title for the contact made of them: their referrer channel,
        # after their network profile (contacts.work).
        member_work_source_add(member_work, order=2)
        # A notification about a request leads to it while its seeker or referrer may see it.
        target_check_register(SEEKER_REQUEST, request_for_seeker)
        target_check_register(INBOX_REQUEST, request_for_referrer)
        # Its e-mails carry the member's personal link to decide or answer without signing in.
        email_links_register()
