from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "clusterhub.training"
    verbose_name = _("Coordinator training")

    def ready(self):
        # accounts sits below this area: it learns what the area keeps about a person here.
        from clusterhub.accounts.personal_data import register_source
        from clusterhub.training.personal_data import SOURCE

        register_source(SOURCE)
