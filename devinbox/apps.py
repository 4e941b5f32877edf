from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevinboxConfig(AppConfig):
    name = "devinbox"
    verbose_name = _("Development inbox")
