"""The three Rakornas BPSDM 2022 award categories (presets.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from tangguh.rankings.presets import load_presets

    load_presets(apps.get_model("rankings", "Category"))


class Migration(migrations.Migration):
    dependencies = [("rankings", "0001_categories_and_publications")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
