from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedModel, RestrictedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit row: the audit is append-only."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(f"The audit is append-only: {what} is refused.")


class AppendOnlyQuerySet(RestrictedQuerySet):
    """Rows are added, never changed or removed (the database refuses it too: migration 0003)."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("update")

    def delete(self) -> NoReturn:
        _refuse("delete")

    def bulk_update(self, objs: Any, fields: Any, batch_size: Any = None) -> NoReturn:
        _refuse("update")

    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse("delete")


class AppendOnlyModel(RestrictedModel):
    objects = AppendOnlyQuerySet.as_manager()  # type: ignore[misc]  # the append-only manager

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse("changing a saved row")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("delete")


class AuditEntry(AppendOnlyModel):
    """Who did what, or read whose data, written in the same transaction as the change.

    Append-only. The users and institutions an entry names cannot be deleted
    (PROTECT): deactivate an account instead.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    # How many people the read or write concerned; their NIPs are the entry's subjects.
    people_count = models.PositiveIntegerField(_("people"), default=0)
    # A read's query as asked: path, filters, search text, page, format, "via".
    query = models.JSONField(_("query"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class NipKey(models.BigIntegerField):
    """A NIP or NI PPPK (always 18 digits) kept as a number, read back as its 18 digits.

    Half the bytes of the text in every key, and the cheaper comparison: an import or an
    export names up to millions of people at once (measured in docs/permissions.md, Audit).
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return None if value is None else f"{int(value):018d}"

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return f"{int(value):018d}"

    def get_prep_value(self, value: Any) -> int | None:
        return None if value in (None, "") else int(value)


class AuditSubject(AppendOnlyModel):
    """One person (by NIP) an audit entry concerns: the audit can be searched by person.

    Keyed (nip, entry) and nothing else: the one index serves the search by person, and
    is the only one each of the millions of rows of a national import or export pays
    for. Without a database foreign key to the entry either (each row would queue a
    check): the entry is written first, in the same transaction, and never deleted.
    """

    class Change(models.TextChoices):
        READ = "", _("read")
        CREATED = "C", _("created")
        UPDATED = "U", _("updated")
        TRANSFER = "T", _("transfer requested")

    pk = models.CompositePrimaryKey("nip", "entry")
    nip = NipKey(_("NIP / NI PPPK"))
    entry = models.ForeignKey(
        AuditEntry,
        verbose_name=_("audit entry"),
        on_delete=models.DO_NOTHING,  # entries are never deleted
        related_name="subjects",
        db_index=False,
        db_constraint=False,
    )
    change = models.CharField(_("change"), max_length=1, blank=True, choices=Change.choices)

    scope_institution_field = "entry__institution_id"

    class Meta:
        verbose_name = _("person in an audit entry")
        verbose_name_plural = _("people in audit entries")

    def __str__(self) -> str:
        return str(self.nip)
