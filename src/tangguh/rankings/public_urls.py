"""Public, without login: the target of an award certificate's QR code (``views/public.py``)."""

from django.urls import path

from .views import public

app_name = "rankings_public"

urlpatterns: list = [
    path("<str:content_hash>/", public.AwardPublicView.as_view(), name="award"),
]
