"""Current levels without database foreign keys (derived rows; see the model).

On SQLite an altered table is re-made, which drops its triggers: the gap summary's
triggers (0004) are installed again after the change, and again after undoing it.
"""

import django.db.models.deletion
from django.db import migrations, models


def reinstall(apps, schema_editor):
    from tangguh.competencies.summary import install_triggers

    install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0005_gap_summary_totals"),
        ("people", "0011_correctionrequest"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AlterField(
            model_name="currentlevel",
            name="assessment",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="competencies.assessment",
                verbose_name="assessment",
            ),
        ),
        migrations.AlterField(
            model_name="currentlevel",
            name="employee",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="competency_levels",
                to="people.employee",
                verbose_name="civil servant",
            ),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
