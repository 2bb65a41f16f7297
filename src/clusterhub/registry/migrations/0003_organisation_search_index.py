"""Indexes for the organisation directory's search (name, registration number or city starting
with the text, case-insensitive).

Django's istartswith is `UPPER(col::text) LIKE 'TEXT%'` on PostgreSQL; an index on that
expression with text_pattern_ops serves it whatever the database's collation. PostgreSQL only:
SQLite has no operator classes, and its directories are small.
"""

from django.db import migrations

COLUMNS = {
    "registry_org_name_prefix": "name",
    "registry_org_regno_prefix": "registration_number",
    "registry_org_city_prefix": "city",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column in COLUMNS.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "registry_organisation" '
            f'(UPPER("{column}"::text) text_pattern_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_programme_funding"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
