from django.contrib import admin

from .models import Institution, InstitutionNameChange


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_national_coordinator")
    list_filter = ("kind", "is_national_coordinator")
    search_fields = ("code", "name", "short_name")


@admin.register(InstitutionNameChange)
class InstitutionNameChangeAdmin(admin.ModelAdmin):
    list_display = ("institution", "old_name", "new_name", "changed_at")
