from django.contrib import admin

from tangguh.core.text_safety import BidiSafeModelForm

from .models import Institution, InstitutionNameChange


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    form = BidiSafeModelForm  # names: no bidirectional controls
    list_display = ("code", "name", "kind", "parent", "is_national_coordinator")
    list_filter = ("kind", "is_national_coordinator")
    search_fields = ("code", "name", "short_name")


@admin.register(InstitutionNameChange)
class InstitutionNameChangeAdmin(admin.ModelAdmin):
    form = BidiSafeModelForm
    list_display = ("institution", "old_name", "new_name", "changed_at")
