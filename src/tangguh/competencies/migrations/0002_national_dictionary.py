"""Ships the national dictionary (version 1), the assessment methods and the default
standards per tier (``competencies/dictionary_data.py``)."""

from django.db import migrations


def install(apps, schema_editor):
    from tangguh.competencies.dictionary import install

    install(apps)


def uninstall(apps, schema_editor):
    from tangguh.competencies.dictionary import uninstall

    uninstall(apps)


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_tables")]

    operations = [migrations.RunPython(install, uninstall)]
