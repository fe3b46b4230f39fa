from django.http import Http404
from rest_framework import serializers

from tangguh.core.api import RestrictedListAPIView, RestrictedRetrieveAPIView
from tangguh.core.api_filters import query_text
from tangguh.core.filters import FilterBackend

from . import selectors
from .filters import InstitutionFilter
from .models import Institution


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


class InstitutionListAPI(RestrictedListAPIView):
    """Public directory of institutions."""

    scoped_model = Institution
    serializer_class = InstitutionOutputSerializer
    filter_backends = [FilterBackend]
    filterset_class = InstitutionFilter  # the page's filters

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return selectors.institution_list(user=self.request.user)


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
