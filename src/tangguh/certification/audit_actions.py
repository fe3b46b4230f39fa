"""Certification's audit actions, as the audit page names them (found by core at start-up).

One ``register_audit_actions`` call per part of the domain.
"""

from django.utils.translation import gettext_lazy as _

from tangguh.core.audit import register_audit_actions

# --- schemes, licences, batches, nominations
register_audit_actions(
    {
        "certification.scheme_create": _("Created a certification scheme"),
        "certification.scheme_version_publish": _("Published a new version of a scheme"),
        "certification.scheme_update": _("Opened or closed a scheme for new batches"),
        "certification.licence_grant": _("Granted an assessor licence"),
        "certification.licence_revoke": _("Revoked an assessor licence"),
        "certification.batch_create": _("Created an exam batch"),
        "certification.batch_update": _("Changed an exam batch"),
        "certification.batch_assessor_assign": _("Assigned an assessor to a batch"),
        "certification.batch_assessor_remove": _("Removed an assessor from a batch"),
        "certification.participant_nominate": _("Nominated a participant"),
        "certification.participant_withdraw": _("Withdrew a participant"),
        "certification.participant_exam_date": _("Set a participant's exam date"),
        "certification.participant_list": _("Read the participants of a batch"),
        "certification.nomination_candidates": _("Read civil servants to nominate"),
    }
)

# --- results, plenary
register_audit_actions(
    {
        "certification.result_record": _("Recorded an assessor's recommendation"),
        "certification.results_import": _("Imported assessors' recommendations"),
        "certification.plenary_decide": _("Recorded a plenary decision"),
        "certification.results_view": _("Read a batch's results"),
        "certification.results_template": _("Downloaded a batch's results sheet"),
    }
)

# --- certificates, keys
register_audit_actions(
    {
        "certification.certificate_issue": _("Issued a certificate"),
        "certification.certificate_renew": _("Renewed a certificate"),
        "certification.certificate_revoke": _("Revoked a certificate"),
        "certification.certificate_list": _("Read the list of certificates"),
        "certification.certificate_export": _("Exported the list of certificates"),
        "certification.certificate_view": _("Read a certificate"),
        "certification.certificate_pdf": _("Downloaded a certificate's PDF"),
        "certification.key_rotate": _("Rotated the credential signing key"),
    }
)

# --- reports
register_audit_actions(
    {
        "certification.expiring_list": _("Read the certificates expiring soon"),
        "certification.expiring_export": _("Exported the certificates expiring soon"),
    }
)

# --- demo and national generator
register_audit_actions(
    {
        "certification.batch_history_load": _(
            "Loaded an exam batch's earlier records (participants, results, decisions, certificates)"
        ),
        "certification.national_load": _("Loaded national-scale certification data"),
    }
)
