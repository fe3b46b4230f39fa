"""The open period of employment moves onto the employee row.

Until now every person had an open history row (``valid_to`` empty) beside the
employee row, which a first import of millions had to write twice. From here on
the employee row holds the current period (``period_start``, ``period_source``)
and ``EmploymentHistory`` keeps only the closed ones. Existing open rows become the
employee's period and are deleted.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def forwards(apps, schema_editor):
    """Set-based (one UPDATE, one DELETE): a register of millions migrates in seconds."""
    Employee = apps.get_model("people", "Employee")
    EmploymentHistory = apps.get_model("people", "EmploymentHistory")
    newest_open = EmploymentHistory.objects.filter(
        employee_id=OuterRef("pk"), valid_to__isnull=True
    ).order_by("-valid_from", "-id")
    Employee.objects.filter(Exists(newest_open)).update(
        period_start=Subquery(newest_open.values("valid_from")[:1]),
        period_source=Subquery(newest_open.values("source")[:1]),
    )
    EmploymentHistory.objects.filter(valid_to__isnull=True).delete()


def backwards(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    EmploymentHistory = apps.get_model("people", "EmploymentHistory")
    EmploymentHistory.objects.bulk_create(
        EmploymentHistory(
            employee_id=e.pk,
            institution_id=e.institution_id,
            work_unit_id=e.work_unit_id,
            position_id=e.position_id,
            position_kind=e.position_kind,
            rank=e.rank,
            employee_kind=e.employee_kind,
            status=e.status,
            valid_from=e.period_start,
            valid_to=None,
            source=e.period_source,
        )
        for e in Employee.objects.all().iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0004_employee_nip_collate_c_on_postgresql")]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="period_start",
            field=models.DateField(
                default=django.utils.timezone.localdate, verbose_name="in this post since"
            ),
        ),
        migrations.AddField(
            model_name="employee",
            name="period_source",
            field=models.CharField(blank=True, max_length=64, verbose_name="source"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
