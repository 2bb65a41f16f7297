"""The cluster or programme a command line names by its acronym (export and import)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme


def cluster_named(acronym: str) -> Cluster:
    cluster = Cluster.objects.filter(acronym=acronym).first()
    if cluster is None:
        raise CommandError(_("No cluster has the acronym %(a)s.") % {"a": acronym})
    return cluster


def programme_named(acronym: str | None) -> Programme | None:
    """The programme, or None when the command line names none (all clusters)."""
    if not acronym:
        return None
    programme = Programme.objects.filter(acronym=acronym).first()
    if programme is None:
        raise CommandError(_("No programme has the acronym %(a)s.") % {"a": acronym})
    return programme
