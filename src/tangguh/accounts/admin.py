from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User
from .services import api_token_revoke


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read and revoke only: a key is issued by its owner (the API or /akun/token/)."""

    list_display = (
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoke_reason",)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    exclude = ["key_hash"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: Any, queryset: Any) -> None:
        for token in queryset:
            api_token_revoke(token=token, actor=request.user)
