from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from offices import services
from offices.admin_forms import KEPT_SUFFIX, KeepUploadMixin, StaffListMixin
from offices.announcement_preview import announcement_preview
from offices.enums import AnnouncementStatus
from offices.forms import (
    PREVIEW_BUTTON,
    AnnouncementAdminForm,
    OfficeAdminForm,
    SignLanguageVideoAdminForm,
)
from offices.models import (
    Announcement,
    AnnouncementTranslation,
    EasyReadSection,
    Office,
    OfficeMembership,
    OfficeTranslation,
    ProgrammeItem,
    SignLanguageVideo,
    SitePage,
)
from offices.permissions import OfficeScopedAdminMixin, can_edit_all_offices
from quartier.core import clock
from quartier.core.formatting import duration_text


class OfficeTranslationInline(admin.StackedInline):
    model = OfficeTranslation
    extra = 0
    fields = [
        "language",
        "summary",
        "services",
        "description",
        "directions",
        "step_free_access",
        "entrance",
        "what_to_bring",
    ]
    verbose_name_plural = _("Übersetzungen (leer gelassene Felder erscheinen auf Deutsch)")


@admin.register(Office)
class OfficeAdmin(StaffListMixin, KeepUploadMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    office_field = "pk"
    form = OfficeAdminForm
    inlines = [OfficeTranslationInline]
    list_display = ["name", "short_name", "kind", "by_appointment", "ordering"]
    list_filter = ["kind", "by_appointment"]
    search_fields = ["name", "short_name", "services"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "ordering", "logo"]}),
        (_("Angebot"), {"fields": ["summary", "services", "description", "funded_by"]}),
        (
            _("Kontakt"),
            {"fields": ["street", "postal_code", "city", "room", "phone", "email", "website"]},
        ),
        (
            _("Anfahrt und Besuch"),
            {"fields": ["directions", "step_free_access", "entrance", "what_to_bring"]},
        ),
        (_("Termine"), {"fields": ["by_appointment"]}),
        (
            _("Barrierefreiheit"),
            {
                "fields": ["easy_summary", "sms_number"],
                "description": _(
                    "Der Text in Leichter Sprache steht auf der Seite des Büros und auf der "
                    "Seite „Leichte Sprache“. Die SMS-Nummer steht auf der Seite "
                    "„Gebärdensprache“."
                ),
            },
        ),
    ]

    def has_add_permission(self, request):
        # A new partner office is a decision of the coordinators, not of one office's staff.
        return super().has_add_permission(request) and can_edit_all_offices(request.user)

    def get_readonly_fields(self, request, obj=None):
        if can_edit_all_offices(request.user):
            return []
        return ["slug", "kind", "ordering"]

    def save_model(self, request, obj, form, change):
        services.office_save(office=obj, logo_upload=form.new_logo())

    def delete_model(self, request, obj):
        services.office_delete(office=obj)

    def delete_queryset(self, request, queryset):
        for office in queryset:
            services.office_delete(office=office)


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(StaffListMixin, admin.ModelAdmin):
    list_display = ["user", "office"]
    list_filter = ["office"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__email", "office__name"]
    autocomplete_fields = ["user"]


@admin.register(SitePage)
class SitePageAdmin(StaffListMixin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    change_form_template = "admin/offices/sitepage/change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # "Vorschau": the typed text through the public template, nothing saved. A submit
        # button of its own, so it works without JavaScript.
        if request.method == "POST" and "_preview" in request.POST:
            page = self.get_object(request, unquote(object_id)) if object_id else None
            if object_id and page is None:
                raise Http404
            allowed = (
                self.has_change_permission(request, page)
                if page
                else self.has_add_permission(request)
            )
            if not allowed:
                raise PermissionDenied
            form = self.get_form(request, page, change=page is not None)(
                request.POST, instance=page
            )
            if form.is_valid():
                preview = form.save(commit=False)
                response = render(request, "site_page.html", {"page": preview, "preview": True})
                response["X-Robots-Tag"] = "noindex"
                return response
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# --- Announcements and events ---------------------------------------------------------


class IsEventFilter(admin.SimpleListFilter):
    title = _("Veranstaltung")
    parameter_name = "veranstaltung"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nein", _("Nein"))]

    def queryset(self, request, queryset):
        if self.value() in {"ja", "nein"}:
            return queryset.filter(event_start__isnull=self.value() == "nein")
        return queryset


class ProgrammeItemInline(admin.StackedInline):  # labelled fields, fits a phone
    model = ProgrammeItem
    extra = 1
    fields = ["time", "title"]
    verbose_name_plural = _("Programm (nur für Veranstaltungen)")


class AnnouncementTranslationInline(admin.StackedInline):
    model = AnnouncementTranslation
    extra = 0
    fields = ["language", "title", "teaser", "body"]
    verbose_name_plural = _("Übersetzungen (leer gelassene Felder erscheinen auf Deutsch)")


@admin.register(Announcement)
class AnnouncementAdmin(KeepUploadMixin, OfficeScopedAdminMixin, SimpleHistoryAdmin):
    form = AnnouncementAdminForm
    inlines = [ProgrammeItemInline, AnnouncementTranslationInline]
    list_display = ["title", "author", "status", "publish_from", "pinned", "public"]
    list_filter = ["status", "office", "pinned", IsEventFilter]
    list_select_related = ["office"]
    search_fields = ["title", "teaser", "body"]
    date_hierarchy = "publish_from"
    readonly_fields = ["preview", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    change_form_template = "admin/offices/announcement/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "office", "teaser", "body"]}),
        (_("Veröffentlichung"), {"fields": ["status", "publish_from", "publish_until", "pinned"]}),
        (_("Bild"), {"fields": ["picture", "picture_alt", "picture_credit"]}),
        (
            _("Veranstaltung"),
            {
                "fields": ["event_start", "event_end", "event_place", "run_by"],
                "description": _("Nur ausfüllen, wenn die Meldung zu einer Veranstaltung einlädt."),
            },
        ),
        (_("Vorschau"), {"fields": ["preview", "created_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin-news.css", "css/admin-staff.css"]}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # "Vorschau" goes the admin's usual way (permissions, the office's choices, every
        # check); AnnouncementAdminForm stops it before saving and the page shows the typed
        # announcement above the form. The admin never caches its pages.
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and PREVIEW_BUTTON in request.POST:
            response["X-Robots-Tag"] = "noindex"
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.ready_for_preview and not context["errors"]:
            context["announcement_preview"] = announcement_preview(
                announcement=form.instance,
                new_picture=form.new_picture(),
                programme=next(
                    (
                        inline.formset
                        for inline in context["inline_admin_formsets"]
                        if inline.formset.model is ProgrammeItem
                    ),
                    None,
                ),
                picture_lost=bool(
                    request.POST.get(f"picture{KEPT_SUFFIX}")
                    and "picture" not in request.FILES
                    and not request.POST.get("picture-clear")
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        services.announcement_save(announcement=obj, picture_upload=form.new_picture())

    def delete_model(self, request, obj):
        services.announcement_delete(announcement=obj)

    def delete_queryset(self, request, queryset):
        for announcement in queryset:
            services.announcement_delete(announcement=announcement)

    @admin.display(description=_("Von"), ordering="office__short_name")
    def author(self, obj: Announcement) -> str:
        return obj.office_label

    @admin.display(description=_("Jetzt öffentlich"), boolean=True)
    def public(self, obj: Announcement) -> bool:
        return obj.is_public(clock.now())

    @admin.display(description=_("So sieht die Meldung aus"))
    def preview(self, obj: Announcement | None) -> str:
        if obj is None or obj.pk is None:
            return _(
                "Der Knopf „Vorschau“ unter dem Formular zeigt die Meldung so, wie Bewohnerinnen "
                "und Bewohner sie sehen werden – auch vor dem ersten Speichern. Gespeichert wird "
                "dabei nichts."
            )
        # The form may hold typed, unsaved values (after "Vorschau" or an error): this shows
        # what is saved.
        saved = Announcement.objects.filter(pk=obj.pk).first() or obj
        return render_to_string("offices/admin/announcement_preview.html", {"announcement": saved})

    @admin.action(description=_("Ausgewählte Meldungen veröffentlichen"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, AnnouncementStatus.PUBLISHED)

    @admin.action(description=_("Ausgewählte Meldungen zurück zu Entwurf"))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, AnnouncementStatus.DRAFT)

    def _set_status(self, request, queryset, status: AnnouncementStatus) -> None:
        changed = 0
        for announcement in queryset.exclude(status=status):
            try:
                services.announcement_set_status(announcement=announcement, status=status)
            except ValidationError as error:
                self.message_user(request, f"{announcement}: {error.messages[0]}", messages.ERROR)
            else:
                changed += 1
        self.message_user(
            request,
            ngettext("%(count)d Meldung geändert.", "%(count)d Meldungen geändert.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


# --- Leichte Sprache and Gebärdensprache (inclusion) ---


@admin.register(EasyReadSection)
class EasyReadSectionAdmin(StaffListMixin, SimpleHistoryAdmin):
    list_display = ["title", "topic", "updated_at"]
    list_filter = ["topic"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["topic", "title", "body", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The topic decides where the part stands and which live block follows it.
        return ["topic", "updated_at"] if obj else ["updated_at"]


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(StaffListMixin, KeepUploadMixin, SimpleHistoryAdmin):
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
