from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "clusterhub.common"
    label = "common"

    def ready(self):
        # `clusterhub check` reports a misconfigured install (see common/checks.py).
        from clusterhub.common.checks import register_checks

        register_checks()
