"""Fill the new columns of existing rows: NACE titles' English column from `title`, and every
`search_text` folded by common/text.py's `search_key` (the models' save() does it from now on).
`clusterhub load_reference_data` then adds the Latvian, Estonian and Swedish NACE titles.
"""

from django.db import migrations

from clusterhub.common.text import search_key

SEARCH_FIELDS = {
    "cluster": ("name", "acronym", "city"),
    "organisation": ("name", "registration_number", "city"),
    "person": ("first_name", "last_name", "email", "job_title"),
    "nutsregion": ("name",),
    "nacecode": ("title_en", "title_lv", "title_et", "title_sv"),
}
BATCH = 1000


def fill(apps, schema_editor):
    for model_name, fields in SEARCH_FIELDS.items():
        model = apps.get_model("registry", model_name)
        batch = []
        for row in model.objects.order_by("pk").iterator(chunk_size=BATCH):
            if model_name == "nacecode" and not row.title_en:
                row.title_en = row.title
            row.search_text = search_key(" ".join(str(getattr(row, f) or "") for f in fields))
            batch.append(row)
            if len(batch) == BATCH:
                _write(model, batch, model_name)
                batch = []
        _write(model, batch, model_name)


def _write(model, rows, model_name):
    fields = ["search_text", "title_en"] if model_name == "nacecode" else ["search_text"]
    model.objects.bulk_update(rows, fields)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_search_text_nace_titles"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
