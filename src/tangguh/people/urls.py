from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.EmployeeListView.as_view(), name="list"),
    path("ekspor/", views.EmployeeExportView.as_view(), name="export"),
    path("saya/", views.MyRecordView.as_view(), name="me"),
    path("saya/koreksi/", views.MyCorrectionView.as_view(), name="me-correct"),
    path("saya/data/", views.MyDataView.as_view(), name="me-data"),
    path("koreksi/", views.CorrectionQueueView.as_view(), name="corrections"),
    path("koreksi/<int:pk>/", views.CorrectionDetailView.as_view(), name="correction-detail"),
    path("koreksi/<int:pk>/selesai/", views.CorrectionDoneView.as_view(), name="correction-done"),
    path("koreksi/<int:pk>/tolak/", views.CorrectionRejectView.as_view(), name="correction-reject"),
    path("<int:pk>/", views.EmployeeDetailView.as_view(), name="detail"),
    path("tambah/", views.EmployeeCreateView.as_view(), name="add"),
    path("<int:pk>/ubah/", views.EmployeeEditView.as_view(), name="edit"),
    path("<int:pk>/nonaktifkan/", views.EmployeeDeactivateView.as_view(), name="deactivate"),
    path("impor/", views.ImportView.as_view(), name="import"),
    path("impor/templat/", views.ImportTemplateView.as_view(), name="import-template"),
    path("impor/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path("impor/<int:pk>/progres/", views.ImportProgressView.as_view(), name="import-progress"),
    path("impor/<int:pk>/impor/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path("impor/<int:pk>/ulangi/", views.ImportRetryView.as_view(), name="import-retry"),
    path("impor/<int:pk>/masalah.xlsx", views.ImportErrorsView.as_view(), name="import-errors"),
    path("unit-kerja/", views.UnitTreeView.as_view(), name="units"),
    path("unit-kerja/impor/", views.UnitImportView.as_view(), name="units-import"),
    path(
        "unit-kerja/impor/konfirmasi/",
        views.UnitImportConfirmView.as_view(),
        name="units-confirm",
    ),
    path("unit-kerja/templat/", views.UnitTemplateView.as_view(), name="units-template"),
    path("mutasi/", views.TransferListView.as_view(), name="transfers"),
    path("mutasi/baru/", views.TransferStartView.as_view(), name="transfer-start"),
    path("mutasi/<int:pk>/", views.TransferDetailView.as_view(), name="transfer-detail"),
    path(
        "mutasi/<int:pk>/konfirmasi/", views.TransferConfirmView.as_view(), name="transfer-confirm"
    ),
    path("mutasi/<int:pk>/tolak/", views.TransferRejectView.as_view(), name="transfer-reject"),
]
