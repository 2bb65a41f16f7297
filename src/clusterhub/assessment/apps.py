from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "clusterhub.assessment"
    label = "assessment"
    verbose_name = _("Cluster management assessment")
