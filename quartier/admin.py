from django.contrib import admin

from quartier.models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "message", "email", "answered_at"]
    list_filter = ["answered_at"]
    search_fields = ["message", "page", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
