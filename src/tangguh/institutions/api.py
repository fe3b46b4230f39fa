import django_filters
from django.db.models import Q
from django.http import Http404
from rest_framework import serializers

from tangguh.core.api import RestrictedListAPIView, RestrictedRetrieveAPIView
from tangguh.core.api_filters import query_text

from .models import Institution, InstitutionKind


class InstitutionOutputSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Institution
        fields = [
            "code",
            "name",
            "name_en",
            "short_name",
            "kind",
            "parent_code",
            "is_national_coordinator",
        ]


class InstitutionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices)
    parent_code = django_filters.CharFilter(field_name="parent__code")
    q = django_filters.CharFilter(method="search", label="Search name, code or short name")

    class Meta:
        model = Institution
        fields = ["kind", "parent_code", "q"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(
            Q(name__icontains=value) | Q(code__startswith=value) | Q(short_name__icontains=value)
        )


class InstitutionListAPI(RestrictedListAPIView):
    """Public directory of institutions."""

    scoped_model = Institution
    serializer_class = InstitutionOutputSerializer
    filterset_class = InstitutionFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().select_related("parent").order_by("code")


class InstitutionDetailAPI(RestrictedRetrieveAPIView):
    scoped_model = Institution
    serializer_class = InstitutionOutputSerializer
    lookup_field = "code"

    def get_object(self):  # type: ignore[no-untyped-def]
        # A code with a NUL (PostgreSQL cannot compare it) is no institution's: 404, not 500.
        if query_text(self.kwargs["code"]) is None:
            raise Http404
        return super().get_object()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().select_related("parent")
