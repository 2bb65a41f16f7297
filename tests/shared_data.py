"""The public data beside the checkout (../shared/data), which a bare clone does not have.

A few tests check the project's commands against the real files; without them they skip and
say why, so `make test` passes on a clone with nothing beside it.
"""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data_file(name: str) -> Path:
    """The path of `name` in ../shared/data; skips the calling test when the file is absent."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"needs the public data file {path} (../shared/data beside the checkout)")
    return path
