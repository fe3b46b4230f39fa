"""The triggers that tell the kept metric values (rankings/cache.py) which
institutions' participations and budget revisions changed."""

from django.db import migrations


def _install(apps, schema_editor):
    # The watched tables' triggers (see rankings/cache.py): every write appends a stamp
    # per institution it touched (no upsert: concurrent writers of one institution's
    # rows never wait on a stamp row), so the kept values know what to recompute.
    from tangguh.rankings.cache import install_triggers

    install_triggers(schema_editor.connection)


def _drop(apps, schema_editor):
    from tangguh.rankings.cache import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("rankings", "0002_rakornas_2022_presets"),
        ("certification", "0001_schemes_batches_certificates"),
        ("development", "0004_compliance_units"),
    ]

    operations = [migrations.RunPython(_install, _drop)]
