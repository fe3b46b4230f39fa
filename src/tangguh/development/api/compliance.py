"""API of the 20-JP duty: the figures nationally (per province and central
institution), per province (per institution), per institution (per work unit), a
unit's names (scoped, audited), and the caller's own JP. Same selectors, same scope as
the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_schema import error_responses
from tangguh.core.audit import audit_read
from tangguh.people.models import Employee

from .. import selectors_compliance as selectors
from ..compliance import Figures
from ..models import JpYearTotal
from ..selectors_compliance import Row


class ComplianceFiguresSerializer(serializers.Serializer):
    civil_servants = serializers.IntegerField(
        help_text="Active civil servants on 31 December (today, for the current year)."
    )
    reached_20 = serializers.IntegerField(help_text="People with at least 20 JP in the year.")
    share = serializers.FloatField(allow_null=True, help_text="reached_20 / civil_servants, 0-1.")
    mean_jp = serializers.FloatField(allow_null=True, help_text="JP per civil servant.")
    at_zero = serializers.IntegerField(help_text="People with no JP in the year.")

    @staticmethod
    def of(f: Figures) -> dict[str, Any]:
        return {
            "civil_servants": f.civil_servants,
            "reached_20": f.reached,
            "share": None if f.share is None else round(f.share, 4),
            "mean_jp": None if f.mean_jp is None else float(f.mean_jp),
            "at_zero": f.at_zero,
        }


class ComplianceRowSerializer(ComplianceFiguresSerializer):
    institution_code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    work_unit_id = serializers.IntegerField(
        allow_null=True, help_text="Per work unit: its id (null: people with no unit)."
    )
    names_key = serializers.CharField(
        allow_null=True,
        help_text="Per work unit: the path segment of its names ('tanpa-unit': no unit).",
    )

    @staticmethod
    def row(row: Row) -> dict[str, Any]:
        return {
            "institution_code": row.institution.code if row.institution else None,
            "name": row.name,
            "work_unit_id": row.unit_id,
            "names_key": row.unit_key if row.institution is None else None,
            **ComplianceFiguresSerializer.of(row.figures),
        }


class ComplianceRollupSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    scope_partial = serializers.BooleanField(
        help_text="True when the caller reads only part of the figures."
    )
    total = ComplianceFiguresSerializer()
    rows = ComplianceRowSerializer(many=True)


class CompliancePersonSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField()
    jp = serializers.FloatField()
    duty_jp = serializers.FloatField()
    remaining_jp = serializers.FloatField()
    reached_20 = serializers.BooleanField()


class ComplianceUnitSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    institution_code = serializers.CharField()
    work_unit_id = serializers.IntegerField(allow_null=True)
    work_unit = serializers.CharField(allow_null=True)
    people = CompliancePersonSerializer(many=True)


class JpYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    jp = serializers.FloatField()
    duty_jp = serializers.FloatField()
    remaining_jp = serializers.FloatField()
    reached = serializers.BooleanField()


class MyJpSerializer(serializers.Serializer):
    nip = serializers.CharField(allow_null=True)
    current = JpYearSerializer(allow_null=True)
    past = JpYearSerializer(many=True)


_YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="The year (default: this year); 2000 to this year."
)


class _ComplianceAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = JpYearTotal
    pagination_class = None

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if not selectors.may_read(request.user):  # a civil servant: their own, on me/jp
            self.permission_denied(request)

    def year(self, request: Request) -> int:
        value = request.query_params.get("year")
        if value in (None, ""):
            return selectors.year_from(None)
        year = selectors.year_from(value)
        if str(year) != str(value).strip():
            raise ValidationError({"year": ["Give a year from 2000 to this year."]})
        return year


class NationalComplianceAPI(_ComplianceAPI):
    """GET: the duty's figures per province (with its regencies and cities) and per
    central institution, over the caller's scope."""

    serializer_class = ComplianceRollupSerializer

    @extend_schema(
        parameters=[_YEAR], responses={200: ComplianceRollupSerializer, **error_responses(400, 403)}
    )
    def get(self, request: Request) -> Response:
        year = self.year(request)
        rollup = selectors.national_rollup(user=request.user, year=year)
        rows = [*rollup.rows, *rollup.others]
        return Response(
            {
                "year": year,
                "scope_partial": rollup.partial,
                "total": ComplianceFiguresSerializer.of(rollup.total),
                "rows": [ComplianceRowSerializer.row(r) for r in rows],
            }
        )


class ProvinceComplianceAPI(_ComplianceAPI):
    """GET: a province's government and each of its regencies and cities."""

    serializer_class = ComplianceRollupSerializer

    @extend_schema(
        parameters=[_YEAR],
        responses={200: ComplianceRollupSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, code: str) -> Response:
        province = selectors.readable_province(user=request.user, code=code)
        year = self.year(request)
        rollup = selectors.province_rollup(user=request.user, province=province, year=year)
        return Response(
            {
                "year": year,
                "scope_partial": rollup.partial,
                "total": ComplianceFiguresSerializer.of(rollup.total),
                "rows": [ComplianceRowSerializer.row(r) for r in rollup.rows],
            }
        )


class InstitutionComplianceAPI(_ComplianceAPI):
    """GET: an institution's figures and a line per work unit (``work_unit_id`` null:
    people with no unit)."""

    serializer_class = ComplianceRollupSerializer

    @extend_schema(
        parameters=[_YEAR],
        responses={200: ComplianceRollupSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, code: str) -> Response:
        institution = selectors.readable_institution(user=request.user, code=code)
        year = self.year(request)
        report = selectors.institution_report(user=request.user, institution=institution, year=year)
        return Response(
            {
                "year": year,
                "scope_partial": False,
                "total": ComplianceFiguresSerializer.of(report.total),
                "rows": [ComplianceRowSerializer.row(r) for r in report.units],
            }
        )


class UnitComplianceAPI(_ComplianceAPI):
    """GET: a work unit's people with their JP of the year (``tanpa-unit``: people with
    no unit; anything else not a unit of the institution: 404); needs the register's
    grant on the institution's people. Audited."""

    serializer_class = ComplianceUnitSerializer

    @extend_schema(
        parameters=[_YEAR],
        responses={200: ComplianceUnitSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, code: str, unit: str) -> Response:
        institution = selectors.readable_institution(user=request.user, code=code)
        work_unit = selectors.readable_unit(user=request.user, institution=institution, unit=unit)
        year = self.year(request)
        rows = selectors.unit_people(institution=institution, unit=work_unit, year=year)
        audit_read(
            request=request,
            action="development.compliance_names",
            nips=[r.person.nip for r in rows],
            institution=institution,
        )
        return Response(
            {
                "year": year,
                "institution_code": institution.code,
                "work_unit_id": work_unit.pk if work_unit else None,
                "work_unit": work_unit.path if work_unit else None,
                "people": [
                    {
                        "nip": r.person.nip,
                        "name": r.person.name,
                        "jp": float(r.person.jp),
                        "duty_jp": float(r.target),
                        "remaining_jp": float(r.remaining),
                        "reached_20": r.reached,
                    }
                    for r in rows
                ],
            }
        )


def _year(y: Any) -> dict[str, Any]:
    return {
        "year": y.year,
        "jp": float(y.jp),
        "duty_jp": float(y.target),
        "remaining_jp": float(y.remaining),
        "reached": y.reached,
    }


class MyJpAPI(RestrictedAPIMixin, generics.GenericAPIView):
    """GET: the caller's own JP this year against their duty, and past years (by the
    NIP on the account; ``nip`` and ``current`` null when it has none in the register)."""

    scoped_model = Employee
    serializer_class = MyJpSerializer
    pagination_class = None

    def check_permissions(self, request: Request) -> None:
        if not request.user or not request.user.is_authenticated:
            self.permission_denied(request)

    @extend_schema(responses={200: MyJpSerializer, **error_responses(403)})
    def get(self, request: Request) -> Response:
        mine = selectors.my_development(user=request.user)
        if mine.employee is None or mine.current is None:
            return Response({"nip": None, "current": None, "past": []})
        return Response(
            {
                "nip": mine.employee.nip,
                "current": _year(mine.current),
                "past": [_year(y) for y in mine.past],
            }
        )
