from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from tangguh.core.api_docs import ApiDocsView
from tangguh.core.api_urls import urlpatterns as api_v1

handler403 = "tangguh.core.views.permission_denied"
handler404 = "tangguh.core.views.page_not_found"
handler500 = "tangguh.core.views.server_error"

urlpatterns = [
    path("", include("tangguh.core.urls")),
    path("akun/", include("tangguh.accounts.urls")),
    path("instansi/", include("tangguh.institutions.urls")),
    path("pegawai/", include("tangguh.people.urls")),
    path("sertifikasi/", include("tangguh.certification.urls")),
    path("pengembangan/", include("tangguh.development.urls")),
    path("kompetensi/", include("tangguh.competencies.urls")),
    path("peringkat/", include("tangguh.rankings.urls")),
    # Public, without login: the target of a certificate's QR code.
    path("verify/", include("tangguh.certification.urls_verify")),
    # Public, without login: the target of an award certificate's QR code.
    path("penghargaan/", include("tangguh.rankings.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"))),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
