"""The migrations describe the models exactly: SQLite's test databases are built from the models
(`make test` passes --nomigrations; tests/conftest.py then marks them migrated), so a model change
without its migration would pass there and fail on a real database."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations also checks the applied history against the database
def test_the_migrations_match_the_models():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"A model change has no migration (makemigrations --check exited {exc.code}).")
