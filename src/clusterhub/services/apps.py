from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "clusterhub.services"
    verbose_name = _("Member services")
