# Notification is the platform's inbox now (common.Notification). The table stays where it is
# (events_notification, named by the model's db_table), so this only forgets the model here;
# common/migrations/0002_notification takes it over without touching the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_content_languages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
