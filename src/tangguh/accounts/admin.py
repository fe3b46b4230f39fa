from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "institution", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "email", "first_name", "last_name", "nip")
    autocomplete_fields = ("institution",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Tangguh", {"fields": ("role", "institution", "nip")}),
    )
