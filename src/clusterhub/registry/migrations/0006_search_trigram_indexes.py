"""PostgreSQL: the `unaccent` and `pg_trgm` extensions, and a trigram GIN index on each
`search_text`, so "contains every typed word" searches use an index instead of reading every
row (150,000 organisations and more). SQLite has neither; its directories are small and the
folded column alone makes the search forgive accents and case.

The folding itself is done in Python (common/text.py `search_key`) for both databases, so the
two agree; `unaccent` is there for ad-hoc SQL and reports that want the same forgiveness.
Creating extensions needs a superuser or a trusted-extension grant (PostgreSQL 13+: both are
trusted, so a database owner may create them).
"""

from django.db import migrations

INDEXES = {
    "registry_cluster_search_trgm": "registry_cluster",
    "registry_org_search_trgm": "registry_organisation",
    "registry_person_search_trgm": "registry_person",
    "registry_nace_search_trgm": "registry_nacecode",
    "registry_nuts_search_trgm": "registry_nutsregion",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, table in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
            f'USING gin ("search_text" gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extensions stay: other objects may use them by now.
    for index in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_fill_search_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
