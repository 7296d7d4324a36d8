"""The outbox in the admin: what went out, what waits, what could not be delivered, and
"Erneut senden". post_office's own admin (English, editable mails) is taken out."""

from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office import models as post_office_models
from post_office.models import STATUS

from quartier.core.formatting import hhmm, short_date
from quartier.core.mail import (
    TOPIC_HEADER,
    TOPICS,
    email_send_again,
    outbox_status_label,
)
from quartier.core.models import OutboxEmail
from quartier.core.outbox_errors import explain_send_error
from quartier.core.private_links import mask_private_links

for model in (
    post_office_models.Email,
    post_office_models.Log,
    post_office_models.EmailTemplate,
    post_office_models.Attachment,
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


def _berlin_time(moment) -> str:
    """Outbox times as the office reads them (Europe/Berlin), whatever the database stores."""
    return f"{short_date(moment)}, {hhmm(moment)}"


def visible_topics(user) -> list[str]:
    """The parts of the outbox this person may read (settings.OUTBOX_TOPIC_PERMISSIONS)."""
    if user.is_superuser:
        return list(TOPICS)
    return [
        topic
        for topic, permission in settings.OUTBOX_TOPIC_PERMISSIONS.items()
        if user.has_perm(permission)
    ]


class StatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("fehlgeschlagen", _("nicht zustellbar")),
            ("wartet", _("wartet auf Versand")),
            ("versandt", _("versandt")),
        ]

    def queryset(self, request, queryset):
        statuses = {
            "fehlgeschlagen": [STATUS.failed],
            "wartet": [STATUS.queued, STATUS.requeued],
            "versandt": [STATUS.sent],
        }.get(self.value())
        return queryset.filter(status__in=statuses) if statuses else queryset


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject_text",
        "status_text",
        "recipients",
        "created_at",
        "attempts",
        "next_attempt",
    ]
    list_display_links = ["subject_text"]
    list_filter = [StatusFilter]
    search_fields = ["to", "subject"]
    fields = [
        "created_at",
        "recipients",
        "subject_text",
        "status_text",
        "attempts",
        "next_attempt",
        "last_error",
        "text",
    ]
    readonly_fields = fields
    actions = ["send_again"]
    change_form_template = "admin/core/outboxemail/change_form.html"

    def get_queryset(self, request):
        topics = visible_topics(request.user)
        # Undeliverable mails first: they need someone.
        return (
            super()
            .get_queryset(request)
            .filter(Q(**{f"headers__{TOPIC_HEADER}__in": topics}))
            .annotate(
                needs_attention=Case(
                    When(status=STATUS.failed, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("needs_attention", "-created")
            .prefetch_related("logs")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the retention rule removes old mails

    @admin.display(description=_("Betreff"), ordering="subject")
    def subject_text(self, obj):
        return mask_private_links(obj.subject)

    @admin.display(description=_("Erstellt"), ordering="created")
    def created_at(self, obj):
        return _berlin_time(obj.created)

    @admin.display(description=_("Empfänger"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.display(description=_("Status"), ordering="status")
    def status_text(self, obj):
        return outbox_status_label(obj.status)

    @admin.display(description=_("Versuche"))
    def attempts(self, obj):
        # Every delivery attempt leaves one log row (post_office's LOG_LEVEL 2); counting
        # them keeps the number across "Erneut senden", which starts fresh retries.
        return len(obj.logs.all())

    @admin.display(description=_("Nächster Versuch"))
    def next_attempt(self, obj):
        if obj.status not in {STATUS.queued, STATUS.requeued}:
            return "–"
        return _berlin_time(obj.scheduled_time) if obj.scheduled_time else _("sofort")

    @admin.display(description=_("Letzter Fehler"))
    def last_error(self, obj):
        failures = [log for log in obj.logs.all() if log.status == STATUS.failed]
        if not failures:
            return "–"
        failure = max(failures, key=lambda log: (log.date, log.pk))
        return format_html(
            '<p class="outbox-error-explained">{}</p><pre class="outbox-error">{}</pre>',
            explain_send_error(exception_type=failure.exception_type, message=failure.message),
            mask_private_links(failure.message),
        )

    @admin.display(description=_("Text der E-Mail"))
    def text(self, obj):
        # Staff read the mail with its private links masked: a resident's booking link or a
        # colleague's unused invitation would let the reader act in their name.
        return format_html('<pre class="outbox-text">{}</pre>', mask_private_links(obj.message))

    @admin.action(description=_("Erneut senden"), permissions=["change"])
    def send_again(self, request, queryset):
        chosen = [email for email in queryset if email.status != STATUS.sent]
        with transaction.atomic():
            for email in chosen:
                email_send_again(email=email)
        messages.success(
            request,
            ngettext(
                "%(count)d E-Mail kommt wieder in den Versand.",
                "%(count)d E-Mails kommen wieder in den Versand.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )

    def get_urls(self):
        return [
            path(
                "<int:email_id>/erneut-senden/",
                self.admin_site.admin_view(self.send_again_view),
                name="core_outboxemail_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, email_id):
        """The button on one mail's page (POST only: a GET changes nothing)."""
        email = get_object_or_404(self.get_queryset(request), pk=email_id)
        if request.method != "POST" or not self.has_change_permission(request, email):
            return redirect(reverse("admin:core_outboxemail_change", args=[email.pk]))
        with transaction.atomic():
            email_send_again(email=email)
        messages.success(request, _("Die E-Mail kommt wieder in den Versand."))
        return redirect(reverse("admin:core_outboxemail_changelist"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Postausgang: die E-Mails der Website"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["title"] = _("E-Mail im Postausgang")
        email = self.get_object(request, object_id)
        extra_context["can_send_again"] = (
            email is not None
            and email.status != STATUS.sent
            and self.has_change_permission(request, email)
        )
        extra_context["show_save"] = False
        extra_context["show_save_and_continue"] = False
        return super().change_view(request, object_id, form_url, extra_context)
