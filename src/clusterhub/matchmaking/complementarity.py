"""Reading the WIOD files, writing and loading the derived complementarity table.

The repository keeps only the derived table (data/complementarity.csv, a few thousand rows);
the WIOD files stay in the shared data folder and are read only by the build command.
"""

import csv
import io
from functools import lru_cache
from pathlib import Path

from clusterhub.core.complementarity import Complementarity
from clusterhub.core.complementarity import Flow
from clusterhub.core.complementarity import division_scores
from clusterhub.core.complementarity import industry_scores

TABLE_PATH = Path(__file__).resolve().parent / "data" / "complementarity.csv"
FLOWS_FILE = "io_flows_2014_wiod_long.csv"
MAPPING_FILE = "nace_rev2_division_to_wiod56.csv"
# Pairs below this are left out of the table: "no measurable link" to the matching anyway.
KEEP_FROM = 0.3
HEADER_LINES = (
    "# Supplier->buyer complementarity between NACE Rev. 2 divisions (0..1).",
    "# Derived by `clusterhub matchmaking build-complementarity` from the WIOD 2016 release,",
    "# national input-output tables 2014 of EE, FI, LT, LV and SE pooled (docs/matchmaking.md).",
    "# Source: WIOD 2016 release, CC BY 4.0. Timmer, M. P., Dietzenbacher, E., Los, B.,",
    "# Stehrer, R. and de Vries, G. J. (2015), An Illustrated User Guide to the World",
    "# Input-Output Database, Review of International Economics 23: 575-605.",
    f"# Pairs scoring below {KEEP_FROM} are omitted (score 0).",
)


class WiodError(Exception):
    """The WIOD folder lacks a file or a column the build needs."""


def read_wiod(directory: Path) -> tuple[list[Flow], dict[str, str]]:
    """The flows of every country in the long file and the division->industry mapping."""
    flows_path, mapping_path = directory / FLOWS_FILE, directory / MAPPING_FILE
    for path in (flows_path, mapping_path):
        if not path.is_file():
            raise WiodError(f"{path} is missing")
    flows = []
    with flows_path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                flows.append(
                    Flow(
                        country=row["country"],
                        supplier=row["supplier_code"],
                        buyer=row["buyer_code"],
                        amount=float(row["z_domestic_musd"]) + float(row["z_imported_musd"]),
                        buyer_output=float(row["buyer_output_musd"]),
                    )
                )
            except (KeyError, ValueError) as exc:
                raise WiodError(f"{flows_path}: bad row {row}: {exc}") from exc
    with mapping_path.open(encoding="utf-8-sig", newline="") as fh:
        mapping = {row["nace_division"].zfill(2): row["wiod56_code"] for row in csv.DictReader(fh)}
    return flows, mapping


def build_table(directory: Path) -> dict[tuple[str, str], float]:
    flows, mapping = read_wiod(directory)
    return division_scores(industry_scores(flows), mapping, minimum=KEEP_FROM)


def table_text(scores: dict[tuple[str, str], float]) -> str:
    out = io.StringIO()
    out.write("\n".join(HEADER_LINES) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["supplier_division", "buyer_division", "score"])
    for (s, b), v in sorted(scores.items()):
        writer.writerow([s, b, f"{v:.3f}"])
    return out.getvalue()


def write_table(scores: dict[tuple[str, str], float], path: Path = TABLE_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(table_text(scores), encoding="utf-8")


def parse_table(text: str) -> dict[tuple[str, str], float]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {
        (row["supplier_division"], row["buyer_division"]): float(row["score"])
        for row in csv.DictReader(lines)
    }


@lru_cache(maxsize=1)
def complementarity() -> Complementarity:
    """The table shipped with the package (empty when it has not been built)."""
    if not TABLE_PATH.is_file():
        return Complementarity({})
    return Complementarity(parse_table(TABLE_PATH.read_text(encoding="utf-8")))
