"""Views of the register, one module per screen family."""

from .corrections import (
    CorrectionDetailView,
    CorrectionDoneView,
    CorrectionQueueView,
    CorrectionRejectView,
)
from .employee_edit import EmployeeCreateView, EmployeeDeactivateView, EmployeeEditView
from .employees import EmployeeDetailView, EmployeeExportView, EmployeeListView
from .imports import (
    ImportConfirmView,
    ImportErrorsView,
    ImportJobView,
    ImportProgressView,
    ImportRetryView,
    ImportTemplateView,
    ImportView,
)
from .self_service import MyCorrectionView, MyDataView, MyRecordView
from .transfer_start import TransferStartView
from .transfers import (
    TransferConfirmView,
    TransferDetailView,
    TransferListView,
    TransferRejectView,
)
from .units import UnitImportConfirmView, UnitImportView, UnitTemplateView, UnitTreeView

__all__ = [
    "CorrectionDetailView",
    "CorrectionDoneView",
    "CorrectionQueueView",
    "CorrectionRejectView",
    "EmployeeCreateView",
    "EmployeeDeactivateView",
    "EmployeeDetailView",
    "EmployeeEditView",
    "EmployeeExportView",
    "EmployeeListView",
    "ImportConfirmView",
    "ImportErrorsView",
    "ImportJobView",
    "ImportProgressView",
    "ImportRetryView",
    "ImportTemplateView",
    "ImportView",
    "MyCorrectionView",
    "MyDataView",
    "MyRecordView",
    "TransferConfirmView",
    "TransferDetailView",
    "TransferListView",
    "TransferRejectView",
    "TransferStartView",
    "UnitImportConfirmView",
    "UnitImportView",
    "UnitTemplateView",
    "UnitTreeView",
]
