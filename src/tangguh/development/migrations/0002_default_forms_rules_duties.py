"""The forms of development, the JP conversion table and the yearly duty Tangguh ships."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tangguh.development.defaults import DUTIES, FORMS, RULES, SOURCE, VALID_FROM

    form_model = apps.get_model("development", "DevelopmentForm")
    rule_model = apps.get_model("development", "JpRule")
    duty_model = apps.get_model("development", "DutyRule")
    for order, (code, name, name_en, category) in enumerate(FORMS, start=1):
        form, _ = form_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "category": category, "order": order},
        )
        basis, per_unit, is_maximum, per_month = RULES.get(code, ("actual", None, False, None))
        rule_model.objects.get_or_create(
            form=form,
            valid_from=VALID_FROM,
            defaults={
                "basis": basis,
                "jp_per_unit": Decimal(per_unit) if per_unit else None,
                "is_maximum": is_maximum,
                "max_units_per_month": per_month,
                "source": SOURCE,
            },
        )
    for kind, year, target, source in DUTIES:
        duty_model.objects.get_or_create(
            employee_kind=kind,
            valid_from_year=year,
            defaults={"target_jp": Decimal(target), "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
