from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "clusterhub.common"

    def ready(self):
        # Text is cleaned on input, in forms and before every save (common/cleaning.py).
        from clusterhub.common.cleaning import install

        install()
        # `clusterhub check` reports a misconfigured install (see common/checks.py).
        from clusterhub.common.checks import register_checks

        register_checks()
