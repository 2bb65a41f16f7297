"""The label awards a cluster import records (registry/importer/clusters.py, `LabelStore`).

A label written in an import file is one the cluster already holds from an assessment made
elsewhere: it is recorded without an assessment, valid for LABEL_YEARS up to the day given.
"""

from datetime import date

from clusterhub.assessment.models import LabelAward
from clusterhub.common.saving import save

LABEL_YEARS = 2  # ESCA labels are valid for two years


class ImportedLabels:
    def current(self, cluster_ids: list[int]) -> dict[int, set[tuple[str, date]]]:
        held: dict[int, set[tuple[str, date]]] = {}
        awards = LabelAward.objects.filter(cluster_id__in=cluster_ids).values_list(
            "cluster_id", "level", "valid_until"
        )
        for cluster_id, level, valid_until in awards:
            held.setdefault(cluster_id, set()).add((level, valid_until))
        return held

    def record(self, cluster, level: str, valid_until: date) -> None:
        try:
            valid_from = valid_until.replace(year=valid_until.year - LABEL_YEARS)
        except ValueError:  # 29 February
            valid_from = valid_until.replace(year=valid_until.year - LABEL_YEARS, day=28)
        save(
            LabelAward(
                cluster=cluster,
                level=level,
                awarded_on=valid_from,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        )
