"""The people of an audit entry, keyed (nip, entry) with the NIP as a number, no foreign key.

Measured on a 100,000-row import (docs/permissions.md, Audit): the table of 0002 (primary
key (entry, nip), a second index on (nip, entry), NIP as text, a deferred foreign key
checked row by row at commit) added about 4 s on PostgreSQL. The table is recreated:
a composite primary key cannot be altered. It only ever existed in development
databases (0002 and 0004 were written the same day), so its rows are not carried over.
"""

import django.db.models.deletion
from django.db import migrations, models

import tangguh.core.models

from ._append_only import create_sql, drop_sql, runner

TABLE = ("core_auditsubject",)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only_triggers")]

    operations = [
        migrations.RunPython(
            runner(lambda vendor: drop_sql(vendor, TABLE, function=False)),
            runner(lambda vendor: create_sql(vendor, TABLE)),
        ),
        migrations.DeleteModel(name="AuditSubject"),
        migrations.CreateModel(
            name="AuditSubject",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "nip",
                        "entry",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("nip", tangguh.core.models.NipKey(verbose_name="NIP / NI PPPK")),
                (
                    "entry",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="subjects",
                        to="core.auditentry",
                        verbose_name="audit entry",
                    ),
                ),
                (
                    "change",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "read"),
                            ("C", "created"),
                            ("U", "updated"),
                            ("T", "transfer requested"),
                        ],
                        max_length=1,
                        verbose_name="change",
                    ),
                ),
            ],
            options={
                "verbose_name": "person in an audit entry",
                "verbose_name_plural": "people in audit entries",
            },
        ),
        migrations.RunPython(
            runner(lambda vendor: create_sql(vendor, TABLE)),
            runner(lambda vendor: drop_sql(vendor, TABLE, function=False)),
        ),
    ]
