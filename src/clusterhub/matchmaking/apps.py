from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "clusterhub.matchmaking"
    verbose_name = _("Value chains and matchmaking")

    def ready(self):
        # accounts sits below this area: it learns what the area keeps about a person here.
        from clusterhub.accounts.personal_data import register_source
        from clusterhub.matchmaking.personal_data import SOURCE

        register_source(SOURCE)
