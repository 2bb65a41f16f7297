from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "clusterhub.registry"
    verbose_name = _("Cluster registry")

    def ready(self):
        # accounts sits below this area: it learns what the area keeps about a person here.
        from clusterhub.accounts.personal_data import register_source
        from clusterhub.registry.checks import register_checks
        from clusterhub.registry.personal_data import SOURCE

        register_source(SOURCE)
        register_checks()
