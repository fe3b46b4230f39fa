"""API of the register: thin views, an input and an output serializer each, all scoped.

A civil servant's token reaches only their own record (the SELF scope); rows of
another institution answer 404, as in the screens.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_permissions import StrictPageSize
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.core.exceptions import DomainError
from tangguh.core.filters import FilterBackend
from tangguh.core.messages import render as render_message
from tangguh.core.text_safety import NoBidiControls
from tangguh.institutions.models import Institution

from . import selectors, services, services_import
from .filters import EmployeeFilter, TransferFilter
from .forms import institutions_in_scope, validate_import_file
from .import_spec import WRITTEN_FIELDS
from .models import (
    Education,
    EmployeeKind,
    EmploymentHistory,
    EmploymentStatus,
    ImportIssue,
    ImportJob,
    PositionKind,
    Sex,
    TransferRequest,
)
from .models import Employee as EmployeeModel
from .parsing.nip import format_nip
from .selectors_transfer import TransferSight, transfer_sight, transfer_sights
from .selectors_transfer import related as transfer_related
from .services_employee import employee_create, employee_update, employee_view_record
from .services_transfer import check_decider
from .views.imports import report_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NameCursorPagination(StrictPageSize, CursorPagination):
    """Keyset pages ordered by name: no COUNT(*) and no OFFSET over 4.3 million rows."""

    ordering = ("full_name", "nip")
    page_size = 50


# --- employees -----------------------------------------------------------------


class EmployeeOutputSerializer(serializers.ModelSerializer):
    nip_display = serializers.SerializerMethodField()
    display_name = serializers.CharField(read_only=True)
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    work_unit = serializers.CharField(
        source="work_unit.path", default=None, allow_null=True, read_only=True
    )
    position = serializers.CharField(
        source="position.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = EmployeeModel
        # Every field the register's import writes (people/import_spec.py), and more.
        fields = [
            "id", "nip", "nip_display", "id_kind", "display_name", "institution_code",
            *WRITTEN_FIELDS,
        ]  # fmt: skip

    def get_nip_display(self, obj: EmployeeModel) -> str:
        return format_nip(obj.nip)


class EmployeeInputSerializer(serializers.Serializer):
    """One civil servant to register: every field the import knows, checked by the service
    with the import's rules (``employee_check``). The work unit and the position by path
    (or code) and name, as in a file, or by id."""

    institution = serializers.CharField(
        required=False, help_text="Institution code; default: your own."
    )
    nip = serializers.CharField(max_length=40)
    full_name = serializers.CharField(max_length=200)
    title_front = serializers.CharField(max_length=60, required=False, allow_blank=True)
    title_back = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    employee_kind = serializers.ChoiceField(choices=EmployeeKind.choices, required=False)
    status = serializers.ChoiceField(choices=EmploymentStatus.choices, required=False)
    work_unit = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    work_unit_id = serializers.IntegerField(required=False)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    position_id = serializers.IntegerField(required=False)
    position_kind = serializers.ChoiceField(
        choices=PositionKind.choices, required=False, allow_blank=True
    )
    rank = serializers.CharField(max_length=20, required=False, allow_blank=True)
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True)
    valid_from = serializers.DateField(required=False, allow_null=True)


class EmployeeUpdateSerializer(EmployeeInputSerializer):
    """The fields to change (any of them); the NIP and the institution never change here."""

    institution = None  # type: ignore[assignment]
    nip = None  # type: ignore[assignment]
    full_name = serializers.CharField(max_length=200, required=False)


def _institution_for(user: Any, model: Any, action: str, code: str | None) -> Institution:
    """The institution a write goes to: the given code if the user may write there, else their own."""
    allowed = institutions_in_scope(user, model, action)
    if code:
        found = allowed.filter(code=code).first()
        if found is None:
            # Like any row outside the user's scope: not found.
            raise NotFound(_("No institution with this code in your scope."))
        return found
    own = allowed.filter(pk=getattr(user, "institution_id", None)).first()
    if own is None:
        raise DomainError(
            _("Say which institution."),
            errors=[{"field": "institution", "message": _("This field is required.")}],
        )
    return own


class EmployeeListCreateAPI(RestrictedAPIMixin, generics.ListCreateAPIView):
    """GET: the register, filtered and scoped, in name order. POST: register one civil servant."""

    scoped_model = EmployeeModel
    serializer_class = EmployeeOutputSerializer
    pagination_class = NameCursorPagination
    filter_backends = [FilterBackend]
    filterset_class = EmployeeFilter  # the page's and the export's filters

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        # UU PDP: each page of the register read by staff is attributable, with its NIPs.
        audit_read(
            request=request, action="people.employee.list", nips=[e.nip for e in rows],
            institution_ids=[e.institution_id for e in rows],
        )  # fmt: skip
        return self.get_paginated_response(EmployeeOutputSerializer(rows, many=True).data)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return selectors.employee_list(user=self.request.user)

    @extend_schema(
        request=EmployeeInputSerializer,
        # 404: an institution code outside the user's scope; 409: the NIP is registered.
        responses={201: EmployeeOutputSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = EmployeeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        institution = _institution_for(
            request.user, EmployeeModel, "add", values.pop("institution", None)
        )
        employee = employee_create(data=values, institution=institution, actor=request.user)
        return Response(EmployeeOutputSerializer(employee).data, status=status.HTTP_201_CREATED)


class _EmployeeObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = EmployeeModel

    def employee(self, request: Request, pk: int) -> EmployeeModel:
        try:
            employee = selectors.employee_get(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        if getattr(request.user, "nip", "") != employee.nip:
            employee_view_record(employee=employee, actor=request.user, via="api", request=request)
        return employee


class EmployeeDetailAPI(_EmployeeObjectAPI):
    """GET: one civil servant. PATCH: change any of the fields the import knows."""

    serializer_class = EmployeeOutputSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(EmployeeOutputSerializer(self.employee(request, pk)).data)

    @extend_schema(
        request=EmployeeUpdateSerializer,
        responses={200: EmployeeOutputSerializer, **error_responses(404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        employee = EmployeeModel.objects.restrict(request.user, "change").filter(pk=pk).first()
        if employee is None:
            raise Http404
        data = EmployeeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employee = employee_update(
            actor=request.user, employee=employee, data=dict(data.validated_data)
        )
        return Response(EmployeeOutputSerializer(employee).data)


class HistoryOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    institution = serializers.CharField(source="institution.name", read_only=True)
    work_unit = serializers.CharField(
        source="work_unit.path", default=None, allow_null=True, read_only=True
    )
    position = serializers.CharField(
        source="position.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = EmploymentHistory
        fields = [
            "valid_from", "valid_to", "institution_code", "institution", "work_unit", "position",
            "position_kind", "rank", "employee_kind", "status", "source",
        ]  # fmt: skip


class EmployeeHistoryAPI(_EmployeeObjectAPI):
    """Every period of one civil servant's employment, newest first (not paginated: short)."""

    serializer_class = HistoryOutputSerializer
    pagination_class = None

    @extend_schema(responses=HistoryOutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        employee = self.employee(request, pk)
        history = selectors.employee_history(user=request.user, employee=employee)
        return Response(HistoryOutputSerializer(history, many=True).data)


# --- imports -----------------------------------------------------------------


class StoredMessageField(serializers.CharField):
    """A stored message (msgid and params) as text in the caller's language."""

    def to_representation(self, value: Any) -> str:
        return render_message(value)


class ImportJobOutputSerializer(serializers.ModelSerializer):
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    message = StoredMessageField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="queued, running, done or failed")
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "institution_code", "original_name", "dry_run", "strict", "status",
            "progress_done", "progress_total", "percent", "result", "message",
            "created_at", "started_at", "finished_at", "attempts", "heartbeat_at",
            "dry_run_job",
        ]  # fmt: skip
        extra_kwargs = {
            "attempts": {"help_text": "How many times the job was started (a retry adds one)."},
            "heartbeat_at": {
                "help_text": "Last sign of life of the worker running it (its lease)."
            },
            "dry_run_job": {"help_text": "The dry run this import confirms, if any."},
        }


class ImportJobInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    institution = serializers.CharField(
        required=False, help_text="Institution code; default: your own."
    )
    dry_run = serializers.BooleanField(default=True)
    strict = serializers.BooleanField(default=False)

    def validate_file(self, value: Any) -> Any:
        try:
            return validate_import_file(value)
        except forms.ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class ImportJobCreateAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Upload a register file: 202 with the job; poll GET /imports/<id>/ for progress."""

    scoped_model = ImportJob
    serializer_class = ImportJobInputSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=ImportJobInputSerializer,
        # 404: an institution code outside the user's scope.
        responses={202: ImportJobOutputSerializer, **error_responses(404)},
    )
    def post(self, request: Request) -> Response:
        data = ImportJobInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        institution = _institution_for(request.user, ImportJob, "add", v.get("institution"))
        job = services.import_job_create(
            uploaded_file=v["file"], institution=institution, actor=request.user,
            dry_run=v["dry_run"], strict=v["strict"],
        )  # fmt: skip
        job.refresh_from_db()
        return Response(ImportJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobDetailAPI(RestrictedAPIMixin, generics.RetrieveAPIView):
    scoped_model = ImportJob
    serializer_class = ImportJobOutputSerializer

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("institution")

    def get_object(self) -> Any:
        # A running job whose worker is gone is failed as soon as someone asks.
        return services_import.import_job_refresh(super().get_object())


class _ImportJobStepAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """POST moves a job one step through a service; 202 with the job the step queued."""

    scoped_model = ImportJob
    serializer_class = ImportJobOutputSerializer
    parser_classes = [JSONParser, FormParser]

    def step(self, *, job: ImportJob, actor: Any) -> ImportJob:
        raise NotImplementedError

    @extend_schema(
        request=None,
        # 409: the job is not in the state the step needs (see each view).
        responses={202: ImportJobOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        job = get_object_or_404(self.get_queryset().select_related("institution"), pk=pk)
        queued = self.step(job=job, actor=request.user)
        queued.refresh_from_db()
        return Response(ImportJobOutputSerializer(queued).data, status=status.HTTP_202_ACCEPTED)


class ImportJobConfirmAPI(_ImportJobStepAPI):
    """After a good dry run: import the same file for real (202 with the new job).

    409: not a finished dry run, or confirmed already.
    """

    def step(self, *, job: ImportJob, actor: Any) -> ImportJob:
        return services.import_job_confirm(job=job, actor=actor)


class ImportJobRetryAPI(_ImportJobStepAPI):
    """A failed job, again with the same stored file (202 with the job, ``attempts`` + 1).

    409: the job has not failed (it is queued, running or done).
    """

    def step(self, *, job: ImportJob, actor: Any) -> ImportJob:
        return services.import_job_retry(job=job, actor=actor)


class XlsxRenderer(BaseRenderer):
    """Lets ``?format=xlsx`` through content negotiation; the view returns the bytes itself."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        return data if isinstance(data, bytes) else b""


class ImportIssueOutputSerializer(serializers.ModelSerializer):
    message = StoredMessageField(read_only=True)

    class Meta:
        model = ImportIssue
        fields = ["row", "column", "value", "message"]


class ImportJobErrorsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Every problem of a job, in row order (JSON, paginated), or ``?format=xlsx`` for the report."""

    scoped_model = ImportJob
    serializer_class = ImportIssueOutputSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, XlsxRenderer]

    def handle_exception(self, exc: Exception) -> Response:
        # An error answers in JSON even to ?format=xlsx: the report renderer
        # writes only reports, and would turn the error into an empty file.
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "xlsx":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        responses={
            (200, "application/json"): ImportIssueOutputSerializer(many=True),
            (200, XLSX): OpenApiTypes.BINARY,
        }
    )
    def get(self, request: Request, pk: int) -> Any:
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if request.accepted_renderer.format == "xlsx":
            self.paginator.validate_query(request)  # the report is whole, but bad input is refused
            # The report quotes the uploaded rows (personal data): an attributable read.
            audit_read(
                request=request, action="people.import.errors", target=job,
                institution=job.institution_id,
                count=job.issues.values("row").distinct().count(),
            )  # fmt: skip
            return report_response(job)
        issues = (
            ImportIssue.objects.restrict(request.user, "view").filter(job=job).order_by("row", "id")
        )
        page = self.paginate_queryset(issues)
        audit_read(
            request=request, action="people.import.errors", target=job,
            institution=job.institution_id, count=len({issue.row for issue in page or []}),
        )  # fmt: skip
        return self.get_paginated_response(ImportIssueOutputSerializer(page, many=True).data)


# --- transfers -----------------------------------------------------------------
# Each transfer as the caller may see it (selectors_transfer.TransferSight): the holder of
# the record gets it under "current" next to the values sent; the receiving side only
# what it sent, and the holding institution's code only within its own read scope.


_VALUE_HELP = {"sex": "M or F", "birth_date": "YYYY-MM-DD"}
# The values of a transfer: the NIP and every field the register's import writes.
TransferValuesSerializer = type(
    "TransferValuesSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "The values of one side of a transfer (the NIP and every imported field).",
        **{
            key: serializers.CharField(allow_null=True, help_text=_VALUE_HELP.get(key, ""))
            for key in ("nip", *WRITTEN_FIELDS)
        },
    },
)


class TransferRecordSerializer(TransferValuesSerializer):
    institution_code = serializers.CharField()


class TransferOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="transfer.pk")
    nip = serializers.CharField()
    name = serializers.CharField(
        help_text="The current record's name for its holder; else the name sent."
    )
    from_institution = serializers.CharField(
        source="source_code",
        allow_null=True,
        help_text="Code of the institution holding the record; null outside your read scope.",
    )
    to_institution = serializers.CharField(source="transfer.to_institution.code")
    status = serializers.CharField(
        source="transfer.status", help_text="pending, confirmed or rejected"
    )
    requested_at = serializers.DateTimeField(source="transfer.requested_at")
    decided_at = serializers.DateTimeField(source="transfer.decided_at", allow_null=True)
    import_job = serializers.IntegerField(source="transfer.import_job_id", allow_null=True)
    decision_note = serializers.CharField(
        source="transfer.decision_note",
        help_text="The reason of a rejection, a confirmation's note.",
    )
    identity_applied = serializers.BooleanField(source="transfer.identity_applied")
    can_decide = serializers.BooleanField()
    sent = TransferValuesSerializer()
    current = serializers.SerializerMethodField()

    @extend_schema_field(TransferRecordSerializer(allow_null=True))
    def get_current(self, sight: TransferSight) -> dict[str, Any] | None:
        return sight.current()


class TransferListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Transfers that involve the user's institution(s), either side."""

    scoped_model = TransferRequest
    serializer_class = TransferOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = TransferFilter  # the page's filters

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return transfer_related(selectors.transfer_list(user=self.request.user))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        transfers = list(self.paginate_queryset(queryset) or [])
        audit_read(
            request=request,
            action="people.transfer.list",
            nips=[t.employee.nip for t in transfers],
        )
        sights = transfer_sights(user=request.user, transfers=transfers)
        return self.get_paginated_response(TransferOutputSerializer(sights, many=True).data)


class _TransferObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = TransferRequest
    serializer_class = TransferOutputSerializer

    def transfer(self, pk: int) -> TransferRequest:
        return get_object_or_404(transfer_related(self.get_queryset()), pk=pk)

    def answer(self, request: Request, pk: int) -> Response:
        sight = transfer_sight(user=request.user, transfer=self.transfer(pk))
        if sight.reads_record:
            employee_view_record(
                employee=sight.transfer.employee,
                actor=request.user,
                via="api-transfer",
                request=request,
            )
        return Response(TransferOutputSerializer(sight).data)


class TransferDetailAPI(_TransferObjectAPI):
    """One transfer: for its holder, the current record next to the values sent."""

    def get(self, request: Request, pk: int) -> Response:
        return self.answer(request, pk)


class TransferConfirmInputSerializer(serializers.Serializer):
    apply_identity = serializers.BooleanField(
        default=False,
        help_text="Also take the identity values sent (name, titles, birth date, sex); "
        "by default the record keeps its own.",
    )
    note = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional.",
        validators=[NoBidiControls(_("Note"))],
    )


class TransferRejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000,
        help_text="Required; the institution that asked reads it.",
        validators=[NoBidiControls(_("Reason"))],
    )


class TransferConfirmAPI(_TransferObjectAPI):
    """The holding institution's administrator (or a national one) confirms the move."""

    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=TransferConfirmInputSerializer,
        # 409: decided already, or the person is no longer in the source institution.
        responses={200: TransferOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        transfer = self.transfer(pk)
        check_decider(transfer, request.user)  # 403 before any word about the input
        data = TransferConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.transfer_confirm(
            transfer=transfer,
            actor=request.user,
            apply_identity=data.validated_data["apply_identity"],
            note=data.validated_data["note"],
        )
        return self.answer(request, pk)


class TransferRejectAPI(_TransferObjectAPI):
    """The holding institution's administrator (or a national one) refuses the move."""

    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=TransferRejectInputSerializer,
        # 409: the transfer has been decided already.
        responses={200: TransferOutputSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        transfer = self.transfer(pk)
        check_decider(transfer, request.user)
        data = TransferRejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.transfer_reject(
            transfer=transfer, actor=request.user, reason=data.validated_data["reason"]
        )
        return self.answer(request, pk)
