from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api.selectors import tokens_exported
        from workflows.members import member_export_part_register

        # The member's tokens in their data export: workflows sits below the API.
        member_export_part_register("api_tokens", tokens_exported)
