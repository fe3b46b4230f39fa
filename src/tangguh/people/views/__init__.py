"""Views of the register, one module per screen family."""

from .employees import EmployeeDetailView, EmployeeExportView, EmployeeListView, MyRecordView
from .imports import (
    ImportConfirmView,
    ImportErrorsView,
    ImportJobView,
    ImportProgressView,
    ImportRetryView,
    ImportTemplateView,
    ImportView,
)
from .transfers import (
    TransferConfirmView,
    TransferDetailView,
    TransferListView,
    TransferRejectView,
)
from .units import UnitImportConfirmView, UnitImportView, UnitTemplateView, UnitTreeView

__all__ = [
    "EmployeeDetailView",
    "EmployeeExportView",
    "EmployeeListView",
    "ImportConfirmView",
    "ImportErrorsView",
    "ImportJobView",
    "ImportProgressView",
    "ImportRetryView",
    "ImportTemplateView",
    "ImportView",
    "MyRecordView",
    "TransferConfirmView",
    "TransferDetailView",
    "TransferListView",
    "TransferRejectView",
    "UnitImportConfirmView",
    "UnitImportView",
    "UnitTemplateView",
    "UnitTreeView",
]
