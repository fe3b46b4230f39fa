"""Public, without login: the target of an award certificate's QR code (helper C)."""

from django.urls import path  # noqa: F401

app_name = "rankings_public"

urlpatterns: list = []
