"""The project's URLs plus ``/bench/constant`` (bench_verify_load's floor)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tangguh.config.urls import urlpatterns as project


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/constant", constant, name="bench-constant"), *project]
