"""W006: the registry's reference data (NACE, NUTS) not loaded; part of `clusterhub check
--deploy --database default` (the other checks and why they are grouped so: common/checks.py).
Registered in `RegistryConfig.ready()`."""

from django.core.checks import Tags
from django.core.checks import Warning
from django.core.checks import register
from django.db import DatabaseError

from clusterhub.common.checks import TAG
from clusterhub.common.checks import reachable
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion


def check_reference_data(app_configs=None, databases=None, **kwargs) -> list:
    warnings = []
    for alias in databases or ():
        if reachable(alias) is not None:
            continue
        try:
            missing = [
                label
                for label, model in (("NACE", NaceCode), ("NUTS", NutsRegion))
                if not model.objects.using(alias).exists()
            ]
        except DatabaseError:
            continue  # the tables do not exist yet: W002 reports the missing migrations
        if missing:
            warnings.append(
                Warning(
                    f"Reference data not loaded in database '{alias}': {' and '.join(missing)} "
                    "codes are missing, so sectors and regions cannot be chosen.",
                    hint="Run: clusterhub load_reference_data",
                    id="clusterhub.W006",
                )
            )
    return warnings


def register_checks() -> None:
    register(check_reference_data, TAG, Tags.database, deploy=True)
