from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inclusion import services
from inclusion.forms import SignLanguageVideoAdminForm
from inclusion.models import EasyReadSection, SignLanguageVideo
from inclusion.templatetags.inclusion import duration_text


@admin.register(EasyReadSection)
class EasyReadSectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "topic", "updated_at"]
    list_filter = ["topic"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["topic", "title", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The topic decides where the part stands and which live block follows it.
        return ["topic", "updated_at"] if obj else ["updated_at"]


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(SimpleHistoryAdmin):
    form = SignLanguageVideoAdminForm
    list_display = ["title", "is_published", "media_type", "file_size", "duration", "uploaded_at"]
    list_filter = ["is_published", "media_type"]
    search_fields = ["title", "transcript"]
    readonly_fields = ["media_type", "file_size", "uploaded_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "is_published"]}),
        (
            _("Video"),
            {
                "fields": ["video", "duration_seconds", "media_type", "file_size"],
                "description": _(
                    "MP4 (H.264) oder WebM. Die Datei bekommt beim Hochladen einen neuen, "
                    "zufälligen Namen."
                ),
            },
        ),
        (_("Text für alle, die das Video nicht sehen können"), {"fields": ["transcript"]}),
        (_("Untertitel"), {"fields": ["captions"]}),
        (None, {"fields": ["uploaded_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        upload = form.new_video()
        services.sign_language_video_save(
            video=obj,
            upload=upload,
            info=upload.video_info if upload is not None else None,
            captions=form.new_captions(),
        )

    def delete_model(self, request, obj):
        services.sign_language_video_delete(video=obj)

    def delete_queryset(self, request, queryset):
        for video in queryset:
            services.sign_language_video_delete(video=video)

    @admin.display(description=_("Dateigröße"), ordering="size_bytes")
    def file_size(self, obj: SignLanguageVideo) -> str:
        return filesizeformat(obj.size_bytes) if obj.size_bytes else "–"

    @admin.display(description=_("Länge"), ordering="duration_seconds")
    def duration(self, obj: SignLanguageVideo) -> str:
        return duration_text(obj.duration_seconds) if obj.duration_seconds else "–"
