from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "clusterhub.events"
    verbose_name = _("Events and B2B meetings")

    def ready(self):
        # accounts sits below events and cannot call it: a deleted account's future
        # registrations are cancelled through this receiver, and what events keeps about the
        # person is exported and blanked through its personal-data source.
        from clusterhub.accounts.personal_data import account_leaving
        from clusterhub.accounts.personal_data import register_source
        from clusterhub.events.domain import withdraw_user
        from clusterhub.events.personal_data import SOURCE

        account_leaving.connect(withdraw_user, dispatch_uid="events_withdraw_user")
        register_source(SOURCE)
