"""The competencies' audit actions, as the audit page names them (one call per part)."""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

# --- the dictionaries (framework)
register_audit_actions(
    {
        "competencies.draft_start": _("Dictionary draft started"),
        "competencies.competency_add": _("Competency added to a draft"),
        "competencies.competency_edit": _("Competency changed in a draft"),
        "competencies.version_publish": _("Dictionary version published"),
    }
)

# --- standards (standards)
register_audit_actions(
    {
        "competencies.standard_tier_set": _("Tier standard set"),
        "competencies.standard_position_set": _("Position standard set"),
        "competencies.standard_import": _("Position standards imported"),
    }
)

# --- assessments (assessments)
register_audit_actions(
    {
        "competencies.assessment_record": _("Assessment recorded"),
        "competencies.assessment_void": _("Assessment voided"),
        "competencies.assessments_import": _("Assessment batch imported"),
        "competencies.assessment_list": _("Assessments listed"),
        "competencies.assessment_view": _("Assessment read"),
        "competencies.assessment_evidence": _("Assessment evidence downloaded"),
    }
)

# --- gaps (gaps)
register_audit_actions(
    {
        "competencies.person_gaps": _("Read a person's competency profile and gaps"),
    }
)

# --- the needs analysis (needs)
register_audit_actions(
    {
        "competencies.needs_create": _("Needs analysis (AKPK) computed"),
        "competencies.needs_recompute": _("Needs analysis (AKPK) recomputed"),
        "competencies.needs_line_edit": _("Needs analysis (AKPK) line adjusted"),
        "competencies.needs_file": _("Needs analysis (AKPK) filed and frozen"),
    }
)

# --- plans (plans)
register_audit_actions(
    {
        "competencies.plan_create": _("Development plan drafted"),
        "competencies.plan_item_add": _("Development plan activity added"),
        "competencies.plan_item_change": _("Development plan activity changed"),
        "competencies.plan_item_delete": _("Development plan activity removed"),
        "competencies.plan_submit": _("Development plan submitted"),
        "competencies.plan_approve": _("Development plan approved"),
        "competencies.plan_return": _("Development plan returned"),
        "competencies.plans_view": _("Development plans listed"),
        "competencies.plan_view": _("Development plan read"),
    }
)

# --- closing the loop, demo (closure)
register_audit_actions(
    {"competencies.national_load": _("National assessments loaded")},
)

__all__ = ["_"]
