from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "clusterhub.assessment"
    verbose_name = _("Cluster management assessment")

    def ready(self) -> None:
        from clusterhub.assessment.cluster_labels import ImportedLabels
        from clusterhub.registry.importer.clusters import register_label_store

        register_label_store(ImportedLabels())
