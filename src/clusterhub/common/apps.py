from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "clusterhub.common"
    label = "common"
