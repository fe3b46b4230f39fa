"""API of the catalogue: search the catalogue; programmes (list, create, detail, change,
co-hosts, quotas, publish, close); sessions (list, create, detail, change, cancel).

Every signed-in role reads published programmes and their sessions; a draft only the
organiser's side. The organiser's operators and administrators write, through the
same services as the pages (``services_programmes``): a refusal is a 400 or 409 with
the sentence and each field's problem, and nothing is changed.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import RestrictedAPIMixin
from tangguh.core.api_filters import query_text
from tangguh.core.api_schema import error_responses
from tangguh.core.filters import FilterBackend
from tangguh.core.text_safety import NoBidiControls
from tangguh.institutions.models import Institution

from ..filters_catalogue import CatalogueFilter, ProgrammeFilter
from ..forms_programmes import people_readable
from ..models import (
    Access,
    DeliveryMode,
    DevelopmentForm,
    Facilitator,
    Programme,
    ProgrammeHost,
    ProgrammeQuota,
    Session,
    SessionStatus,
)
from ..selectors_programmes import (
    catalogue_sessions,
    programme_get,
    programme_hosts,
    programme_list,
    programme_quotas,
    session_facilitators,
    session_get,
    session_list,
    viewer_seats,
)
from ..services_programmes import (
    programme_close,
    programme_create,
    programme_host_remove,
    programme_host_set,
    programme_publish,
    programme_quota_remove,
    programme_quota_set,
    programme_update,
    session_cancel,
    session_create,
    session_update,
)

# --- output --------------------------------------------------------------------------


class ProgrammeCompetencySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A competency code, e.g. M.01.")
    level = serializers.IntegerField(min_value=1, max_value=5)


class ProgrammeHostSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.code")
    institution_name = serializers.CharField(source="institution.name")
    cost_share = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = ProgrammeHost
        fields = ["institution", "institution_name", "cost_share"]


class ProgrammeQuotaSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.code")
    institution_name = serializers.CharField(source="institution.name")

    class Meta:
        model = ProgrammeQuota
        fields = ["institution", "institution_name", "seats"]


class ProgrammeOutputSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.code")
    organiser_name = serializers.CharField(source="organiser.name")
    form = serializers.CharField(source="form.code")
    form_name = serializers.CharField(source="form.name")
    competencies = ProgrammeCompetencySerializer(many=True)
    jp = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    cost_per_participant = serializers.IntegerField(help_text="Whole Rupiah.")

    class Meta:
        model = Programme
        fields = [
            "id", "code", "title", "organiser", "organiser_name", "form", "form_name",
            "description", "competencies", "jp", "mode", "cost_per_participant", "capacity",
            "access", "guests_pay", "status", "published_at",
        ]  # fmt: skip


class ProgrammeDetailSerializer(ProgrammeOutputSerializer):
    hosts = serializers.SerializerMethodField(help_text="Co-hosts and their cost shares (%).")
    organiser_share = serializers.SerializerMethodField(
        help_text="The organiser's share of the costs (%): 100 minus the co-hosts'."
    )
    quotas = serializers.SerializerMethodField(help_text="Invited institutions' seats per session.")

    class Meta(ProgrammeOutputSerializer.Meta):
        fields = [*ProgrammeOutputSerializer.Meta.fields, "hosts", "organiser_share", "quotas"]

    def _hosts(self, obj: Programme) -> list[ProgrammeHost]:
        cached = getattr(obj, "_api_hosts", None)
        if cached is None:
            cached = list(programme_hosts(user=self.context["request"].user, programme=obj))
            obj._api_hosts = cached  # type: ignore[attr-defined]
        return cached

    def get_hosts(self, obj: Programme) -> list[dict[str, Any]]:
        return list(ProgrammeHostSerializer(self._hosts(obj), many=True).data)

    def get_organiser_share(self, obj: Programme) -> float:
        return float(100 - sum(h.cost_share for h in self._hosts(obj)))

    def get_quotas(self, obj: Programme) -> list[dict[str, Any]]:
        rows = programme_quotas(user=self.context["request"].user, programme=obj)
        return list(ProgrammeQuotaSerializer(rows, many=True).data)


class SessionFacilitatorSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", default=None, allow_null=True)

    class Meta:
        model = Facilitator
        fields = ["id", "name", "role", "nip"]


class SessionOutputSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id")
    programme_code = serializers.CharField(source="programme.code")
    title = serializers.CharField(source="programme.title")
    organiser = serializers.CharField(source="organiser.code")
    organiser_name = serializers.CharField(source="organiser.name")
    form = serializers.CharField(source="programme.form.code")
    mode = serializers.CharField(source="programme.mode")
    jp = serializers.DecimalField(
        source="programme.jp", max_digits=6, decimal_places=2, coerce_to_string=False
    )
    cost_per_participant = serializers.IntegerField(source="programme.cost_per_participant")
    enrolled = serializers.IntegerField(read_only=True)
    waitlisted = serializers.IntegerField(read_only=True)
    open_seats = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id", "programme", "programme_code", "title", "organiser", "organiser_name", "form",
            "mode", "jp", "cost_per_participant", "number", "start_date", "end_date", "place",
            "link", "capacity", "enrolment_closes", "status", "cancel_reason", "enrolled",
            "waitlisted", "open_seats",
        ]  # fmt: skip

    def get_open_seats(self, obj: Session) -> int:
        return max(obj.capacity - getattr(obj, "enrolled", 0), 0)


class CatalogueItemSerializer(SessionOutputSerializer):
    may_join = serializers.SerializerMethodField(
        help_text="Whether the people of the caller's institution may join."
    )
    my_quota = serializers.SerializerMethodField(
        help_text="The caller's institution's seats per session (null: no quota applies)."
    )
    my_quota_left = serializers.SerializerMethodField(
        help_text="Seats left in that quota in this session (null: no quota applies)."
    )

    class Meta(SessionOutputSerializer.Meta):
        fields = [*SessionOutputSerializer.Meta.fields, "may_join", "my_quota", "my_quota_left"]

    def _viewer(self, obj: Session) -> Any:
        return self.context["viewer"][obj.pk]

    def get_may_join(self, obj: Session) -> bool:
        return bool(self._viewer(obj).may_join)

    def get_my_quota(self, obj: Session) -> int | None:
        return self._viewer(obj).quota  # type: ignore[no-any-return]

    def get_my_quota_left(self, obj: Session) -> int | None:
        return self._viewer(obj).left  # type: ignore[no-any-return]


class SessionDetailSerializer(SessionOutputSerializer):
    facilitators = serializers.SerializerMethodField()

    class Meta(SessionOutputSerializer.Meta):
        fields = [*SessionOutputSerializer.Meta.fields, "facilitators"]

    def get_facilitators(self, obj: Session) -> list[dict[str, Any]]:
        rows = session_facilitators(user=self.context["request"].user, session=obj)
        return list(SessionFacilitatorSerializer(rows, many=True).data)


# --- input ---------------------------------------------------------------------------


class _ProgrammeFields(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300, validators=[NoBidiControls("title")])
    form = serializers.SlugField(max_length=40, help_text="The form's code (bimtek, seminar…).")
    description = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        validators=[NoBidiControls("description")],
    )
    competencies = ProgrammeCompetencySerializer(many=True, required=False)
    jp = serializers.DecimalField(max_digits=6, decimal_places=2)
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)
    cost_per_participant = serializers.DecimalField(
        max_digits=15, decimal_places=0, help_text="Whole Rupiah, not negative."
    )
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    access = serializers.ChoiceField(choices=Access.choices)
    guests_pay = serializers.BooleanField(required=False, default=True)

    def values(self) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
        data = dict(self.validated_data)
        competencies = data.pop("competencies", None)
        if "form" in data:
            found = DevelopmentForm.objects.filter(code=data["form"], is_active=True).first()
            if found is None:
                raise serializers.ValidationError(
                    {"form": [_("No form of development with this code.")]}
                )
            data["form"] = found
        return data, competencies


class ProgrammeCreateInputSerializer(_ProgrammeFields):
    organiser = serializers.CharField(
        max_length=16, required=False, help_text="The organiser's code (default: yours)."
    )


class ProgrammeUpdateInputSerializer(_ProgrammeFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ProgrammeHostInputSerializer(serializers.Serializer):
    institution = serializers.CharField(max_length=16, help_text="The co-host's code.")
    cost_share = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")


class ProgrammeQuotaInputSerializer(serializers.Serializer):
    institution = serializers.CharField(max_length=16, help_text="The invited institution's code.")
    seats = serializers.IntegerField(min_value=1, max_value=10000, help_text="Seats per session.")


class SessionFacilitatorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                 validators=[NoBidiControls("name")])  # fmt: skip
    role = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                 validators=[NoBidiControls("role")])  # fmt: skip
    nip = serializers.RegexField(r"^\d{18}$", required=False, help_text="A civil servant's NIP.")


class _SessionFields(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=999, required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                  validators=[NoBidiControls("place")])  # fmt: skip
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    capacity = serializers.IntegerField(
        min_value=1, max_value=10000, required=False, help_text="Default: the programme's."
    )
    enrolment_closes = serializers.DateField(required=False, allow_null=True)


class SessionCreateInputSerializer(_SessionFields):
    programme = serializers.IntegerField(min_value=1, help_text="The programme's id.")
    facilitators = SessionFacilitatorInputSerializer(many=True, required=False)


class SessionUpdateInputSerializer(_SessionFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class SessionCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, validators=[NoBidiControls("reason")])


def _institution(code: str, field: str = "institution") -> Institution:
    found = Institution.objects.filter(code=code).first()
    if found is None:
        raise serializers.ValidationError({field: [_("No institution with this code.")]})
    return found


# --- views ---------------------------------------------------------------------------


class CatalogueAPI(RestrictedAPIMixin, generics.ListAPIView):
    """The catalogue: sessions of published programmes (filters as the page: ``q``,
    ``competency``, ``form``, ``organiser``, ``mode``, ``place``, ``date_from``,
    ``date_to``, ``when``, ``open_seats``, ``open_to_me``), with the caller's quota."""

    scoped_model = Session
    serializer_class = CatalogueItemSerializer
    filter_backends = [FilterBackend]
    filterset_class = CatalogueFilter

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return catalogue_sessions(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        viewer = viewer_seats(rows, getattr(request.user, "institution_id", None))
        data = CatalogueItemSerializer(rows, many=True, context={"viewer": viewer}).data
        return self.get_paginated_response(data)


class ProgrammeListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Programmes the caller reads (``q``, ``status``, ``form``, ``organiser``); POST
    creates a draft for the caller's institution (or ``organiser``, where allowed)."""

    scoped_model = Programme
    serializer_class = ProgrammeOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = ProgrammeFilter
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return programme_list(user=self.request.user).order_by("title", "code")

    @extend_schema(
        request=ProgrammeCreateInputSerializer,
        responses={201: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def post(self, request: Request) -> Response:
        data = ProgrammeCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, competencies = data.values()
        code = values.pop("organiser", None)
        organiser = _institution(code, "organiser") if code else request.user.institution  # type: ignore[union-attr]
        if organiser is None:
            raise serializers.ValidationError({"organiser": [_("Give the organiser's code.")]})
        programme = programme_create(
            organiser=organiser, data=values, competencies=competencies, actor=request.user
        )
        body = ProgrammeDetailSerializer(programme, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class _ProgrammeObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Programme
    serializer_class = ProgrammeDetailSerializer
    parser_classes = [JSONParser, FormParser]

    def readable(self, pk: int) -> Programme:
        try:
            return programme_get(user=self.request.user, pk=pk)
        except Programme.DoesNotExist:
            raise Http404 from None

    def writable(self, pk: int) -> Programme:
        found = (
            Programme.objects.restrict(self.request.user, "change")
            .select_related("organiser", "form")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def detail(self, pk: int, code: int = 200) -> Response:
        body = ProgrammeDetailSerializer(self.readable(pk), context={"request": self.request}).data
        return Response(body, status=code)


class ProgrammeDetailAPI(_ProgrammeObjectAPI):
    """One programme with its co-hosts and quotas; PATCH changes it (organiser)."""

    def get(self, request: Request, pk: int) -> Response:
        return self.detail(pk)

    @extend_schema(
        request=ProgrammeUpdateInputSerializer,
        responses={200: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        programme = self.writable(pk)
        data = ProgrammeUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values, competencies = data.values()
        programme_update(
            programme=programme, data=values, competencies=competencies, actor=request.user
        )
        return self.detail(pk)


_INSTITUTION_PARAM = OpenApiParameter(
    "institution", str, required=True, description="The institution's code."
)


class ProgrammeHostsAPI(_ProgrammeObjectAPI):
    """The co-hosts; POST adds one or changes its share (all shares ≤ 100 %); DELETE
    ``?institution=CODE`` removes one."""

    scoped_model = ProgrammeHost
    serializer_class = ProgrammeHostSerializer

    @extend_schema(responses={200: ProgrammeHostSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        programme = self.readable(pk)
        rows = programme_hosts(user=request.user, programme=programme)
        return Response(ProgrammeHostSerializer(rows, many=True).data)

    @extend_schema(
        request=ProgrammeHostInputSerializer,
        responses={200: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        programme = self.writable(pk)
        data = ProgrammeHostInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme_host_set(
            programme=programme,
            institution=_institution(data.validated_data["institution"]),
            cost_share=data.validated_data["cost_share"],
            actor=request.user,
        )
        return self.detail(pk)

    @extend_schema(
        parameters=[_INSTITUTION_PARAM],
        responses={200: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        programme = self.writable(pk)
        code = query_text(request.query_params.get("institution"), max_length=16) or ""
        found = (
            ProgrammeHost.objects.restrict(request.user, "delete")
            .select_related("programme", "institution")
            .filter(programme=programme, institution__code=code)
            .first()
        )
        if found is None:
            raise Http404
        programme_host_remove(host=found, actor=request.user)
        return self.detail(pk)


class ProgrammeQuotasAPI(_ProgrammeObjectAPI):
    """Invited institutions; POST invites one or changes its seats per session; DELETE
    ``?institution=CODE`` withdraws an invitation."""

    scoped_model = ProgrammeQuota
    serializer_class = ProgrammeQuotaSerializer

    @extend_schema(responses={200: ProgrammeQuotaSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        programme = self.readable(pk)
        rows = programme_quotas(user=request.user, programme=programme)
        return Response(ProgrammeQuotaSerializer(rows, many=True).data)

    @extend_schema(
        request=ProgrammeQuotaInputSerializer,
        responses={200: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        programme = self.writable(pk)
        data = ProgrammeQuotaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme_quota_set(
            programme=programme,
            institution=_institution(data.validated_data["institution"]),
            seats=data.validated_data["seats"],
            actor=request.user,
        )
        return self.detail(pk)

    @extend_schema(
        parameters=[_INSTITUTION_PARAM],
        responses={200: ProgrammeDetailSerializer, **error_responses(409)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        programme = self.writable(pk)
        code = query_text(request.query_params.get("institution"), max_length=16) or ""
        found = (
            ProgrammeQuota.objects.restrict(request.user, "delete")
            .select_related("programme", "institution")
            .filter(programme=programme, institution__code=code)
            .first()
        )
        if found is None:
            raise Http404
        programme_quota_remove(quota=found, actor=request.user)
        return self.detail(pk)


class ProgrammePublishAPI(_ProgrammeObjectAPI):
    """Publish a draft: it enters the catalogue (organiser)."""

    action_map = {"POST": "change"}

    @extend_schema(request=None, responses={200: ProgrammeDetailSerializer, **error_responses(409)})
    def post(self, request: Request, pk: int) -> Response:
        programme_publish(programme=self.writable(pk), actor=request.user)
        return self.detail(pk)


class ProgrammeCloseAPI(_ProgrammeObjectAPI):
    """Close a published programme: no new sessions (organiser)."""

    action_map = {"POST": "change"}

    @extend_schema(request=None, responses={200: ProgrammeDetailSerializer, **error_responses(409)})
    def post(self, request: Request, pk: int) -> Response:
        programme_close(programme=self.writable(pk), actor=request.user)
        return self.detail(pk)


class SessionListAPI(RestrictedAPIMixin, generics.ListAPIView):
    """Sessions the caller reads (``programme`` id, ``status``); POST creates one."""

    scoped_model = Session
    serializer_class = SessionOutputSerializer
    parser_classes = [JSONParser, FormParser]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        qs = session_list(user=self.request.user).order_by("-start_date", "number")
        programme = self.request.query_params.get("programme", "")
        if programme:
            if not (programme.isascii() and programme.isdigit()) or len(programme) > 12:
                raise serializers.ValidationError({"programme": [_("Give a programme's id.")]})
            qs = qs.filter(programme_id=int(programme))
        wanted = self.request.query_params.get("status", "")
        if wanted:
            if wanted not in SessionStatus.values:
                raise serializers.ValidationError(
                    {"status": [_("Give planned, completed or cancelled.")]}
                )
            qs = qs.filter(status=wanted)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", int, description="Only this programme's sessions."),
            OpenApiParameter("status", str, enum=SessionStatus.values),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SessionCreateInputSerializer,
        responses={201: SessionDetailSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = SessionCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            programme = programme_get(user=request.user, pk=values.pop("programme"))
        except Programme.DoesNotExist:
            raise Http404 from None
        facilitators = []
        for n, row in enumerate(values.pop("facilitators", None) or []):
            employee = None
            if row.get("nip"):
                employee = people_readable(request.user).filter(nip=row["nip"]).first()
                if employee is None:
                    raise serializers.ValidationError(
                        {
                            f"facilitators[{n}].nip": [
                                _("No civil servant with this NIP in the register you may read.")
                            ]
                        }
                    )
            facilitators.append(
                {"name": row.get("name", ""), "role": row.get("role", ""), "employee": employee}
            )
        session = session_create(
            programme=programme, data=values, facilitators=facilitators, actor=request.user
        )
        body = SessionDetailSerializer(
            session_get(user=request.user, pk=session.pk), context={"request": request}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class _SessionObjectAPI(RestrictedAPIMixin, generics.GenericAPIView):
    scoped_model = Session
    serializer_class = SessionDetailSerializer
    parser_classes = [JSONParser, FormParser]

    def readable(self, pk: int) -> Session:
        try:
            return session_get(user=self.request.user, pk=pk)
        except Session.DoesNotExist:
            raise Http404 from None

    def writable(self, pk: int) -> Session:
        found = Session.objects.restrict(self.request.user, "change").filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def detail(self, pk: int) -> Response:
        body = SessionDetailSerializer(self.readable(pk), context={"request": self.request}).data
        return Response(body)


class SessionDetailAPI(_SessionObjectAPI):
    """One session with its facilitators and seats; PATCH changes a planned one."""

    def get(self, request: Request, pk: int) -> Response:
        return self.detail(pk)

    @extend_schema(
        request=SessionUpdateInputSerializer,
        responses={200: SessionDetailSerializer, **error_responses(409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        session = self.writable(pk)
        data = SessionUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        session_update(session=session, data=dict(data.validated_data), actor=request.user)
        return self.detail(pk)


class SessionCancelAPI(_SessionObjectAPI):
    """Cancel a planned session with a reason; its enrolments are cancelled with it."""

    action_map = {"POST": "change"}

    @extend_schema(
        request=SessionCancelInputSerializer,
        responses={200: SessionDetailSerializer, **error_responses(409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        session = self.writable(pk)
        data = SessionCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session_cancel(session=session, reason=data.validated_data["reason"], actor=request.user)
        return self.detail(pk)
