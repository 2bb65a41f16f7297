"""`clusterhub matchmaking build-complementarity` against the real WIOD data in ../shared/data."""

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from clusterhub.core.complementarity import Complementarity
from clusterhub.matchmaking.complementarity import TABLE_PATH
from clusterhub.matchmaking.complementarity import complementarity
from clusterhub.matchmaking.complementarity import parse_table
from tests.shared_data import shared_data_file


def test_command_derives_that_food_buys_transport_and_warehousing(tmp_path):
    wiod_dir = shared_data_file("io_flows_2014_wiod_long.csv").parent
    out = tmp_path / "complementarity.csv"
    call_command(
        "matchmaking", "build-complementarity", "--wiod-dir", str(wiod_dir), "--out", str(out)
    )
    text = out.read_text(encoding="utf-8")
    assert "WIOD 2016 release, CC BY 4.0" in text
    assert "Timmer" in text
    table = Complementarity(parse_table(text))
    assert table.supplies("49", "10") >= 0.7  # land transport -> food manufacturing
    assert table.supplies("52", "10") >= 0.6  # warehousing -> food manufacturing
    assert table.supplies("62", "49") >= 0.4  # IT services -> land transport
    assert table.supplies("01", "10") == 1.0  # agriculture -> food manufacturing
    assert "49" in dict(table.top_suppliers("10", 10))
    # The table the package ships is this table.
    assert TABLE_PATH.read_text(encoding="utf-8") == text


def test_packaged_table_loads():
    table = complementarity()
    assert len(table) > 1000
    assert table.supplies("49.41", "10.51") == table.supplies("49", "10")


def test_missing_files_are_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="io_flows_2014_wiod_long.csv is missing"):
        call_command(
            "matchmaking",
            "build-complementarity",
            "--wiod-dir",
            str(tmp_path),
            "--out",
            str(tmp_path / "x.csv"),
        )
