"""API of results and the plenary: a batch's results (read, record one, import a file),
a plenary decision, and a person's own participations.

Scoped as the pages are (``views/results.py``): a batch's results are read by its
organiser's side, its assessors and the institutions with participants in it (their
own people); anyone else gets 404. Writes go through the services; a refusal is a 4xx
with the service's sentence.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.exceptions import DomainError
from tangguh.core.roles import Role
from tangguh.core.scoping import role_of
from tangguh.core.text_safety import NoBidiControls
from tangguh.people.forms import validate_import_file

from .. import selectors_results as selectors
from ..forms_results import RESULTS_MAX_BYTES
from ..models import Outcome, Participation, Recommendation, UnitResult
from ..results_rules import TEXT_LIMIT, find_assessor
from ..services_plenary import plenary_decide
from ..services_results import results_import, unit_result_record
from ..views.results import record_read, results_visible


class UnitResultOutputSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    assessor = serializers.CharField(source="assessor.username")

    class Meta:
        model = UnitResult
        fields = ["unit", "recommendation", "notes", "evidence", "assessor", "source", "updated_at"]


class ParticipantResultsSerializer(serializers.Serializer):
    """One participant of a batch, their recommendations and the plenary decision."""

    id = serializers.IntegerField(source="participation.pk")
    nip = serializers.CharField(source="participation.nip")
    holder_name = serializers.CharField(source="participation.holder_name")
    institution_code = serializers.CharField(
        source="participation.institution.code", help_text="The nominating institution."
    )
    exam_date = serializers.DateField(source="participation.exam_date")
    outcome = serializers.ChoiceField(source="participation.outcome", choices=Outcome.choices)
    decided_on = serializers.DateField(source="participation.decided_on", allow_null=True)
    days_to_decision = serializers.IntegerField(
        source="participation.days_to_decision", allow_null=True
    )
    results = serializers.SerializerMethodField()

    @extend_schema(responses=UnitResultOutputSerializer(many=True))
    def get_results(self, row: Any) -> list[dict[str, Any]]:
        return UnitResultOutputSerializer([c for c in row.cells if c is not None], many=True).data  # type: ignore[return-value]


class ResultInputSerializer(serializers.Serializer):
    nip = serializers.CharField(max_length=18, help_text="The participant's NIP.")
    unit = serializers.CharField(max_length=40, help_text="The unit's code in the scheme version.")
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    notes = serializers.CharField(
        max_length=TEXT_LIMIT, required=False, allow_blank=True, default="",
        validators=[NoBidiControls(_("Notes"))],
    )  # fmt: skip
    evidence = serializers.CharField(
        max_length=TEXT_LIMIT, required=False, allow_blank=True, default="",
        validators=[NoBidiControls(_("Evidence"))],
    )  # fmt: skip
    assessor = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="",
        help_text="The assessor's username or NIP, when the organiser records on their "
        "behalf; an assessor records their own and leaves it out.",
    )  # fmt: skip


class _BatchResultsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = UnitResult

    def batch(self, request: Request, pk: int) -> Any:
        if role_of(request.user) == Role.CIVIL_SERVANT:
            raise PermissionDenied  # their own results: certification/me/participations/
        try:
            batch = selectors.batch_get(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None
        if not results_visible(request.user, batch):
            raise Http404
        return batch


class BatchResultsAPI(_BatchResultsAPI):
    """GET: the batch's participants in the user's scope, with their recommendations.
    POST: record (or change) one recommendation."""

    serializer_class = ParticipantResultsSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    pagination_class = None

    @extend_schema(responses={200: ParticipantResultsSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        batch = self.batch(request, pk)
        grid = selectors.results_grid(user=request.user, batch=batch)
        record_read(request, batch, grid)
        return Response(ParticipantResultsSerializer(grid.rows, many=True).data)

    @extend_schema(
        request=ResultInputSerializer,
        # 400: a rule refused it (licence, plenary decided, another's recommendation...).
        responses={201: UnitResultOutputSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        batch = self.batch(request, pk)
        data = ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        participation = Participation.objects.filter(batch=batch, nip=values["nip"]).first()
        unit = batch.scheme_version.units.filter(code=values["unit"]).first()
        errors = []
        if participation is None:
            errors.append(
                {"field": "nip", "message": _("No participant of this batch has this NIP.")}
            )
        if unit is None:
            errors.append(
                {"field": "unit", "message": _("The batch's scheme has no unit with this code.")}
            )
        assessor = find_assessor(values["assessor"]) if values["assessor"] else None
        if values["assessor"] and assessor is None:
            errors.append(
                {"field": "assessor", "message": _("No assessor account has this NIP or username.")}
            )
        if errors:
            raise DomainError(" ".join(str(e["message"]) for e in errors), errors=errors)
        result = unit_result_record(
            participation=participation,  # type: ignore[arg-type]
            unit=unit,  # type: ignore[arg-type]
            recommendation=values["recommendation"],
            notes=values["notes"].strip(),
            evidence=values["evidence"].strip(),
            actor=request.user,
            assessor=assessor,
        )
        return Response(UnitResultOutputSerializer(result).data, status=status.HTTP_201_CREATED)


class ResultsImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or XLSX: NIP, Kode Unit, Rekomendasi, ...")
    dry_run = serializers.BooleanField(default=False, help_text="Check only: nothing is saved.")
    strict = serializers.BooleanField(
        default=True, help_text="Refuse the whole file if any row is bad (the default)."
    )

    def validate_file(self, upload: Any) -> Any:
        if upload.size and upload.size > RESULTS_MAX_BYTES:
            raise serializers.ValidationError(_("The file is too large for a batch's results."))
        try:
            return validate_import_file(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    skipped = serializers.IntegerField()
    total_rows = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    strict = serializers.BooleanField()
    file_rejected = serializers.BooleanField()
    errors_total = serializers.IntegerField()
    errors = ImportRowErrorSerializer(many=True)


class BatchResultsImportAPI(_BatchResultsAPI):
    """Import an assessor's spreadsheet: every bad row with its row, column and sentence."""

    action_map = {"POST": "add"}
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportResultSerializer

    @extend_schema(
        request={"multipart/form-data": ResultsImportInputSerializer},
        # 400: the file cannot be read as a whole (nothing is written).
        responses={200: ImportResultSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        batch = self.batch(request, pk)
        data = ResultsImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        result = results_import(
            batch=batch,
            source=upload,
            filename=upload.name or "",
            actor=request.user,
            dry_run=data.validated_data["dry_run"],
            strict=data.validated_data["strict"],
        )
        return Response(result.as_dict())


class PlenaryInputSerializer(serializers.Serializer):
    # The model's choices (one enum in the schema); "pending" is refused with its sentence.
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, help_text="certified or not_certified."
    )
    decided_on = serializers.DateField(help_text="The plenary's date: not before the exam.")
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        validators=[NoBidiControls(_("Plenary note"))],
    )  # fmt: skip


class PlenaryOutputSerializer(serializers.ModelSerializer):
    certificate = serializers.SerializerMethodField(help_text="The number issued, if certified.")

    class Meta:
        model = Participation
        fields = ["id", "nip", "holder_name", "exam_date", "outcome", "decided_on",
                  "days_to_decision", "decision_note", "certificate"]  # fmt: skip

    def get_certificate(self, obj: Participation) -> str | None:
        certificate = getattr(obj, "certificate", None)
        return certificate.number if certificate is not None else None


class PlenaryDecideAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """Record the plenary decision on one participant (certified issues the certificate)."""

    scoped_model = Participation
    action_map = {"POST": "change"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = PlenaryOutputSerializer

    @extend_schema(
        request=PlenaryInputSerializer,
        # 400: refused (own assessor, a unit without K, dates); 409: decided already.
        responses={200: PlenaryOutputSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        participation = (
            Participation.objects.restrict(request.user, "view")
            .select_related("batch__organiser")
            .filter(pk=pk)
            .first()
        )
        if participation is None or not results_visible(request.user, participation.batch):
            raise Http404
        data = PlenaryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = plenary_decide(
            participation=participation, actor=request.user, **data.validated_data
        )
        return Response(PlenaryOutputSerializer(decided).data)


class MyParticipationSerializer(serializers.Serializer):
    batch = serializers.CharField(source="participation.batch.code")
    scheme_code = serializers.CharField(source="participation.batch.scheme.code")
    scheme_name = serializers.CharField(source="participation.batch.scheme_version.name")
    exam_date = serializers.DateField(source="participation.exam_date")
    outcome = serializers.ChoiceField(source="participation.outcome", choices=Outcome.choices)
    decided_on = serializers.DateField(source="participation.decided_on", allow_null=True)
    days_to_decision = serializers.IntegerField(
        source="participation.days_to_decision", allow_null=True
    )
    results = serializers.SerializerMethodField(help_text="Shown once the plenary has decided.")
    certificate = serializers.SerializerMethodField()

    @extend_schema(responses=UnitResultOutputSerializer(many=True))
    def get_results(self, item: Any) -> list[dict[str, Any]]:
        return [
            {"unit": unit.code, "title": unit.title,
             "recommendation": cell.recommendation if cell else None}
            for unit, cell in item.units
        ]  # fmt: skip

    def get_certificate(self, item: Any) -> str | None:
        return item.certificate.number if item.certificate is not None else None


class MyParticipationsAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """The signed-in person's own participations (by the NIP on their account)."""

    scoped_model = Participation
    serializer_class = MyParticipationSerializer
    pagination_class = None
    permission_classes = [IsAuthenticated]  # any signed-in user: their own rows only

    @extend_schema(responses={200: MyParticipationSerializer(many=True)})
    def get(self, request: Request) -> Response:
        items = selectors.own_participations(user=request.user)
        return Response(MyParticipationSerializer(items, many=True).data)
