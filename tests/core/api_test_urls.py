"""A URLconf for tests only: tiny API views that exercise the base classes and the error handler."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import include, path
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tangguh.accounts.models import User
from tangguh.core.api import RestrictedAPIMixin, RestrictedListAPIView
from tangguh.core.exceptions import Conflict, DomainError
from tangguh.institutions.models import Institution
from tangguh.people.models import Employee


class EmployeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["nip", "full_name"]


class EmployeeListAPI(RestrictedListAPIView):
    scoped_model = Employee
    serializer_class = EmployeeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().order_by("nip")


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["username"]


class UserListAPI(RestrictedListAPIView):
    scoped_model = User
    serializer_class = UserSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return super().get_queryset().order_by("username")


class _Input(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000)
    name = serializers.CharField()


RAISERS = {
    "domain": lambda: DomainError(
        "The budget year is closed.",
        code="year_closed",
        errors=[{"field": "year", "message": "closed"}],
    ),
    "conflict": lambda: Conflict("Already imported."),
    "django_validation_dict": lambda: DjangoValidationError({"nip": ["NIP must have 18 digits."]}),
    "django_validation_list": lambda: DjangoValidationError("The file is empty."),
    "permission_denied": lambda: PermissionDenied(),
    "http404": lambda: Http404("no such thing"),
}


class RaiseAPI(RestrictedAPIMixin, APIView):
    """Raises the error named in ?error=; public (institutions are readable by everyone)."""

    scoped_model = Institution

    def get(self, request):  # type: ignore[no-untyped-def]
        raise RAISERS[request.query_params["error"]]()

    def post(self, request):  # type: ignore[no-untyped-def]
        _Input(data=request.data).is_valid(raise_exception=True)
        return Response({"ok": True})

    def scoped_action(self, request):  # type: ignore[no-untyped-def]
        return "view"  # the POST only validates input


class UnscopedAPI(generics.ListAPIView):
    """Forgot to say which model it scopes: must refuse to run."""

    queryset = Employee.objects.all()
    serializer_class = EmployeeSerializer


class UnmappedAPI(RestrictedAPIMixin, APIView):
    scoped_model = Employee

    def scoped_action(self, request):  # type: ignore[no-untyped-def]
        return None

    def get(self, request):  # type: ignore[no-untyped-def]
        return Response({})


urlpatterns = [
    path("api/test/employees/", EmployeeListAPI.as_view()),
    path("api/test/users/", UserListAPI.as_view()),
    path("api/test/raise/", RaiseAPI.as_view()),
    path("api/test/unscoped/", UnscopedAPI.as_view()),
    path("api/test/unmapped/", UnmappedAPI.as_view()),
    path("", include("tangguh.config.urls")),
]
