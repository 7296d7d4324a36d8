"""Changing how an office takes bookings without silently orphaning them: before a changed
Buchungsregel or Terminzeit is saved, the admin lists the coming appointments that would fall
outside the bookable times and asks first (like a closure's "betroffene Termine"); the delete
confirmation of one or several Terminzeiten or Buchungsregeln lists them the same way. A
Terminzeit saved while the office books by its consultation hours says it has no effect, and
why."""

import copy
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.booking import selectors
from consultations.booking.enums import BookableTimes
from consultations.booking.models import (
    AppointmentHours,
    Booking,
    BookingRules,
    booking_rules_of,
)
from offices.models import Office
from quartier.core.admin_pages import admin_page_context

CONFIRMED = "_betroffene_termine_bestaetigt"
# Which appointments the last delete page listed (in the session: the page is Django's own
# form), so a deletion confirmed on a page opened before a new booking came in asks again
# instead of orphaning the booking nobody saw.
SEEN = "betroffene_termine_gesehen"


class OrphanedBookingsMixin:
    """For a ModelAdmin of one office's booking times: `orphaned_bookings()` says which
    bookings an unsaved change leaves outside the bookable times, `orphaned_by_deleting()`
    which ones deleting the objects would."""

    delete_confirmation_template = "admin/booking/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/booking/delete_selected_confirmation.html"

    def orphaned_bookings(self, candidate, original) -> list[Booking]:
        raise NotImplementedError

    def orphaned_by_deleting(self, objs: Iterable) -> list[Booking]:
        raise NotImplementedError

    def _check_first(self, request, object_id):
        """The page that asks first, or None when nothing is affected (or already confirmed)."""
        if request.method != "POST" or request.POST.get(CONFIRMED) or "_saveasnew" in request.POST:
            return None
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            return None  # the admin's own answer (not found)
        allowed = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        if not allowed:
            return None  # the admin refuses it as usual
        original = copy.copy(obj)
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return None  # the admin shows the errors as usual
        affected = self.orphaned_bookings(form.instance, original)
        if not affected:
            return None
        reposted = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        return TemplateResponse(
            request,
            "admin/booking/change_affected.html",
            admin_page_context(
                request,
                model_admin=self,
                title=_("Gebuchte Termine, die diese Änderung betrifft"),
                original=original,
                affected=affected,
                summary=affected_count_text(len(affected)),
                reposted=reposted,
                confirmed_name=CONFIRMED,
                back_url=request.get_full_path(),
            ),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._check_first(request, object_id) or super().changeform_view(
            request, object_id, form_url, extra_context
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if request.POST.get(CONFIRMED):
            messages.warning(
                request,
                _(
                    "Gespeichert. Die betroffenen Termine liegen jetzt außerhalb der buchbaren "
                    "Zeiten: Bitte verschieben oder sagen Sie sie ab (im Tagesplan markiert)."
                ),
            )

    # Deleting: Django's "Sind Sie sicher?" page is the question; it lists the appointments.

    def _deleted_key(self, objs: Iterable) -> str:
        return f"{self.opts.label}:{','.join(sorted(str(obj.pk) for obj in objs))}"

    def _affected_on_delete_page(self, request, objs: Iterable) -> dict:
        affected = self.orphaned_by_deleting(objs)
        request.session[SEEN] = {
            "deleted": self._deleted_key(objs),
            "bookings": [booking.pk for booking in affected],
        }
        return {
            "affected": affected,
            "summary": affected_count_text(len(affected)),
            "return_url": request.get_full_path(),
        }

    def _ask_again_if_booked_since_shown(self, request, objs: Iterable) -> bool:
        """True (and a message saying why) when the deletion would now orphan an appointment
        the delete page did not list."""
        shown = request.session.get(SEEN) or {}
        seen = (
            set(shown.get("bookings", ()))
            if shown.get("deleted") == self._deleted_key(objs)
            else set()
        )
        unseen = [b for b in self.orphaned_by_deleting(objs) if b.pk not in seen]
        if unseen:
            messages.warning(
                request,
                _(
                    "Seit Sie diese Seite geöffnet haben, haben sich die gebuchten Termine "
                    "geändert. Noch ist nichts gelöscht: Bitte sehen Sie sich die Liste noch "
                    "einmal an."
                ),
            )
        return bool(unseen)

    def delete_view(self, request, object_id, extra_context=None):
        # Django deletes on any POST to this page: the confirmation.
        if request.method == "POST" and request.POST:
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is not None
                and self.has_delete_permission(request, obj)
                and self._ask_again_if_booked_since_shown(request, [obj])
            ):
                return redirect(request.get_full_path())
        return super().delete_view(request, object_id, extra_context)

    def render_delete_form(self, request, context):
        context.update(self._affected_on_delete_page(request, [context["object"]]))
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete_selected, name, description = actions["delete_selected"]

            def delete_selected_listing_bookings(modeladmin, request, queryset):
                if request.POST.get("post") and modeladmin._ask_again_if_booked_since_shown(
                    request, queryset
                ):
                    # Without "post" Django's action asks again, with the list as it is now.
                    request.POST = request.POST.copy()
                    del request.POST["post"]
                response = delete_selected(modeladmin, request, queryset)
                if response is not None:  # the confirmation page, not yet deleted
                    response.context_data.update(
                        modeladmin._affected_on_delete_page(request, queryset)
                    )
                return response

            actions["delete_selected"] = (delete_selected_listing_bookings, name, description)
        return actions

    def delete_model(self, request, obj):
        affected = self.orphaned_by_deleting([obj])
        super().delete_model(request, obj)
        self._say_deleted_over_bookings(request, affected)

    def delete_queryset(self, request, queryset):
        affected = self.orphaned_by_deleting(queryset)
        super().delete_queryset(request, queryset)
        self._say_deleted_over_bookings(request, affected)

    def _say_deleted_over_bookings(self, request, affected: list[Booking]) -> None:
        if affected:
            messages.warning(
                request,
                ngettext(
                    "%(count)d gebuchter Termin liegt jetzt außerhalb der buchbaren Zeiten: "
                    "Bitte verschieben oder sagen Sie ihn ab (im Tagesplan markiert).",
                    "%(count)d gebuchte Termine liegen jetzt außerhalb der buchbaren Zeiten: "
                    "Bitte verschieben oder sagen Sie sie ab (im Tagesplan markiert).",
                    len(affected),
                )
                % {"count": len(affected)},
            )


def _appointment_hours(
    office_id: int, *, without: Collection[int | None] = (), plus=None
) -> list[AppointmentHours]:
    hours = [h for h in AppointmentHours.objects.filter(office_id=office_id) if h.pk not in without]
    return [*hours, plus] if plus is not None else hours


def _orphaned_without_rules(office) -> list[Booking]:
    """An office without a rule books by its consultation hours, the default."""
    return selectors.bookings_orphaned_by(
        office=office, bookable_times=BookableTimes.CONSULTATION_HOURS, appointment_hours=[]
    )


def _orphaned_without_hours(office, gone: Collection[int]) -> list[Booking]:
    """The office's bookings that the Terminzeiten `gone` no longer cover once they go."""
    return selectors.bookings_orphaned_by(
        office=office,
        bookable_times=booking_rules_of(office).bookable_times,
        appointment_hours=_appointment_hours(office.pk, without=gone),
    )


class RulesChangeMixin(OrphanedBookingsMixin):
    """Buchungsregeln: switching between consultation hours and own Terminzeiten."""

    def orphaned_bookings(self, candidate, original) -> list[Booking]:
        affected = selectors.bookings_orphaned_by(
            office=candidate.office,
            bookable_times=candidate.bookable_times,
            appointment_hours=_appointment_hours(candidate.office_id),
        )
        if original is not None and original.office_id != candidate.office_id:
            # The office the rule leaves goes back to the default: its consultation hours.
            affected += _orphaned_without_rules(original.office)
        return affected

    def orphaned_by_deleting(self, objs: Iterable[BookingRules]) -> list[Booking]:
        return [booking for rules in objs for booking in _orphaned_without_rules(rules.office)]


class AppointmentHoursChangeMixin(OrphanedBookingsMixin):
    """Terminzeiten: a changed, moved or shortened time; says when a time has no effect."""

    def orphaned_bookings(self, candidate, original) -> list[Booking]:
        rules = booking_rules_of(candidate.office)
        affected = selectors.bookings_orphaned_by(
            office=candidate.office,
            bookable_times=rules.bookable_times,
            appointment_hours=_appointment_hours(
                candidate.office_id, without=(candidate.pk,), plus=candidate
            ),
        )
        if original is not None and original.office_id != candidate.office_id:
            affected += _orphaned_without_hours(original.office, {original.pk})
        return affected

    def orphaned_by_deleting(self, objs: Iterable[AppointmentHours]) -> list[Booking]:
        # Several Terminzeiten of one office go together: each office is asked once.
        gone_by_office: dict[int, set[int]] = defaultdict(set)
        for hours in objs:
            gone_by_office[hours.office_id].add(hours.pk)
        offices = Office.objects.select_related("booking_rules").in_bulk(gone_by_office)
        affected = [
            booking
            for office_id, gone in gone_by_office.items()
            for booking in _orphaned_without_hours(offices[office_id], gone)
        ]
        return sorted(affected, key=lambda booking: booking.starts_at)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if booking_rules_of(obj.office).bookable_times == BookableTimes.CONSULTATION_HOURS:
            messages.warning(
                request,
                _(
                    "Diese Terminzeit wirkt noch nicht: Für %(office)s sind zurzeit die "
                    "Sprechzeiten buchbar. Damit Terminzeiten gelten, wählen Sie in den "
                    "„Buchungsregeln“ bei „Buchbare Zeiten“: „Zu eigenen Terminzeiten“."
                )
                % {"office": obj.office.short_name},
            )


def affected_count_text(count: int) -> str:
    return ngettext(
        "%(count)d gebuchter Termin läge danach außerhalb der buchbaren Zeiten.",
        "%(count)d gebuchte Termine lägen danach außerhalb der buchbaren Zeiten.",
        count,
    ) % {"count": count}
