"""The triggers that stamp the gap summary's sources (summary.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from tangguh.competencies.summary import install_triggers

    install_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from tangguh.competencies.summary import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0003_gap_summary_counts"),
        ("people", "0011_correctionrequest"),
    ]

    operations = [migrations.RunPython(install, drop)]
