"""'Heute zu tun': what the admin start page counts for each staff member, by role.

Each count is one small selector over the same rows the admin list behind its link shows (the
same office scope as offices.permissions), and each line links to that list filtered so it
shows exactly what was counted. A fixed number of queries, whatever the data volume."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations.lending import selectors as lending_selectors
from consultations.lending.models import Loan
from consultations.models import AppointmentRequest, Closure
from consultations.public_holidays import holidays_between
from fund_applications import selectors as fund_selectors
from fund_applications.models import Application, JurySession
from fund_applications.permissions import sees_all_applications
from offices.enums import AnnouncementStatus
from offices.events import selectors as event_selectors
from offices.events.models import EventSignup, EventSignupSetup
from offices.initiatives import selectors as initiatives_selectors
from offices.initiatives.enums import GroupStatus
from offices.initiatives.models import Group, GroupChange, JoinRequest
from offices.models import Announcement, Office, SitePage
from offices.permissions import can_edit_all_offices, offices_editable_by
from quartier.core import clock
from quartier.core.formatting import day_month, hhmm, long_date
from quartier.ideas.models import Idea
from quartier.models import AccessibilityFeedback

CLOSURE_DAYS = 14
EXPIRY_DAYS = 7


@dataclass
class TaskLine:
    text: str
    url: str
    count: int | None = None
    details: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class TaskSection:
    title: str
    lines: list[TaskLine]


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _of_my_offices(queryset: QuerySet, user) -> QuerySet:
    """The rows the admin lists for this user (OfficeScopedAdminMixin.get_queryset)."""
    if can_edit_all_offices(user):
        return queryset
    return queryset.filter(office__in=offices_editable_by(user))


# ---------------------------------------------------------------- the selectors


def appointment_requests_open(*, user) -> QuerySet[AppointmentRequest]:
    """Requests of my offices nobody has answered yet."""
    return _of_my_offices(AppointmentRequest.objects.open(), user)


def closures_next_days(*, user, today: date, days: int = CLOSURE_DAYS) -> QuerySet[Closure]:
    """Closures and special openings of my offices touching today … today + `days`."""
    return _of_my_offices(Closure.objects.between(today, today + timedelta(days=days)), user)


def holidays_next_days(*, today: date, days: int = CLOSURE_DAYS) -> list[tuple[date, str]]:
    """The public holidays (every office closed) of today … today + `days` (no query)."""
    return sorted(holidays_between(today, today + timedelta(days=days)).items())


def announcements_drafts(*, user) -> QuerySet[Announcement]:
    """Drafts of my offices, waiting to be finished and published."""
    return _of_my_offices(Announcement.objects.drafts(), user)


def announcements_expiring(
    *, user, now: datetime, days: int = EXPIRY_DAYS
) -> QuerySet[Announcement]:
    """Published announcements of my offices whose 'Sichtbar bis' falls in the next `days`."""
    return _of_my_offices(
        Announcement.objects.expiring_soon(days=days, now=now).filter(
            status=AnnouncementStatus.PUBLISHED
        ),
        user,
    )


def accessibility_feedback_unanswered() -> QuerySet[AccessibilityFeedback]:
    """Feedback on barriers nobody has marked as answered."""
    return AccessibilityFeedback.objects.filter(answered_at__isnull=True)


def applications_waiting(step: str) -> QuerySet[Application]:
    """Applications waiting for the team's next step (a key of
    fund_applications.selectors.WAITING_FOR_TEAM, also the list's filter 'Zu tun')."""
    return fund_selectors.applications_waiting(step)


def jury_session_next(*, now: datetime) -> JurySession | None:
    """The next jury session with `ready_count`, the applications ready for the jury."""
    return fund_selectors.jury_session_next(now=now)


# ---------------------------------------------------------------- the lines


def _oldest_first(model) -> str:
    """The changelist's ordering parameter for "created_at, ascending" (a column number)."""
    model_admin = admin.site.get_model_admin(model)
    return str(list(model_admin.list_display).index("created_at") + 1)


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def office_lines(user, *, now: datetime) -> list[TaskLine]:
    today = now.date()
    until = today + timedelta(days=CLOSURE_DAYS)
    count = appointment_requests_open(user=user).count()
    lines = [
        TaskLine(
            ngettext(
                "%(count)d offene Terminanfrage",
                "%(count)d offene Terminanfragen",
                count,
            )
            % {"count": count},
            _changelist(
                AppointmentRequest, answered__exact="0", o=_oldest_first(AppointmentRequest)
            ),
            count,
            [str(_("älteste zuerst"))] if count else [],
        )
    ]
    count = closures_next_days(user=user, today=today).count()
    holidays = holidays_next_days(today=today)
    lines.append(
        TaskLine(
            ngettext(
                "%(count)d Schließung oder Sonderöffnung in den nächsten 14 Tagen",
                "%(count)d Schließungen oder Sonderöffnungen in den nächsten 14 Tagen",
                count,
            )
            % {"count": count},
            _changelist(
                Closure, start_date__lte=until.isoformat(), end_date__gte=today.isoformat()
            ),
            count,
            [
                str(_("Feiertag: %(day)s, %(name)s") % {"day": day_month(day), "name": name})
                for day, name in holidays
            ]
            or [str(_("Kein Feiertag in den nächsten 14 Tagen."))],
        )
    )
    count = announcements_drafts(user=user).count()
    lines.append(
        TaskLine(
            ngettext("%(count)d Meldung im Entwurf", "%(count)d Meldungen im Entwurf", count)
            % {"count": count},
            _changelist(Announcement, status__exact=AnnouncementStatus.DRAFT),
            count,
        )
    )
    count = announcements_expiring(user=user, now=now).count()
    lines.append(
        TaskLine(
            ngettext(
                "%(count)d Meldung läuft in den nächsten 7 Tagen ab",
                "%(count)d Meldungen laufen in den nächsten 7 Tagen ab",
                count,
            )
            % {"count": count},
            _changelist(
                Announcement,
                status__exact=AnnouncementStatus.PUBLISHED,
                publish_until__gt=_iso(now),
                publish_until__lte=_iso(now + timedelta(days=EXPIRY_DAYS)),
            ),
            count,
        )
    )
    return lines


def event_setups_soon(*, user, today: date) -> list[EventSignupSetup]:
    """Today's and tomorrow's events with sign-up of my offices, with their counts (one query)."""
    setups = event_selectors.setups_with_counts().filter(
        announcement__event_start__date__gte=today,
        announcement__event_start__date__lte=today + timedelta(days=1),
    )
    if not can_edit_all_offices(user):
        setups = setups.filter(announcement__office__in=offices_editable_by(user))
    return list(setups.order_by("announcement__event_start"))


def event_signups_needing_interpreter(*, user, now: datetime):
    """Sign-ups with a place or waiting for a coming event of my offices that ask for sign
    language or another interpretation."""
    signups = (
        EventSignup.objects.active()
        .filter(setup__announcement__event_start__gt=now)
        .exclude(interpreter="")
    )
    if not can_edit_all_offices(user):
        signups = signups.filter(setup__announcement__office__in=offices_editable_by(user))
    return signups


def event_lines(user, *, now: datetime) -> list[TaskLine]:
    lines = []
    today = now.date()
    for setup in event_setups_soon(user=user, today=today):
        places = event_selectors.places_of(setup)
        start = clock.local(setup.announcement.event_start)
        day = _("Heute") if start.date() == today else _("Morgen")
        lines.append(
            TaskLine(
                str(_("%(day)s, %(time)s Uhr: %(title)s"))
                % {"day": day, "time": hhmm(start), "title": setup.announcement.title},
                reverse("admin:events_eventsignupsetup_check_in", args=[setup.pk]),
                places.signed_up,
                [
                    str(
                        _(
                            "%(signed)d von %(places)d Plätzen vergeben, "
                            "%(waiting)d auf der Warteliste"
                        )
                    )
                    % {
                        "signed": places.signed_up,
                        "places": places.places,
                        "waiting": places.waiting,
                    }
                ],
            )
        )
    count = event_signups_needing_interpreter(user=user, now=now).count()
    if count:  # only when there is something to arrange
        lines.append(
            TaskLine(
                ngettext(
                    "%(count)d Anmeldung zu Veranstaltungen wünscht "
                    "Gebärdensprache oder Übersetzung",
                    "%(count)d Anmeldungen zu Veranstaltungen wünschen Gebärdensprache "
                    "oder Übersetzung",
                    count,
                )
                % {"count": count},
                _changelist(EventSignup, uebersetzung="ja"),
                count,
            )
        )
    return lines


def feedback_line() -> TaskLine:
    count = accessibility_feedback_unanswered().count()
    return TaskLine(
        ngettext(
            "%(count)d unbeantwortete Rückmeldung zur Barrierefreiheit",
            "%(count)d unbeantwortete Rückmeldungen zur Barrierefreiheit",
            count,
        )
        % {"count": count},
        _changelist(AccessibilityFeedback, answered_at__isnull="True"),
        count,
    )


def initiatives_lines() -> list[TaskLine]:
    """Initiativen und Gruppen: entries and changes to review, messages held back."""
    proposed = initiatives_selectors.groups_waiting_for_review().count()
    changes = initiatives_selectors.changes_waiting_for_review().count()
    held_back = JoinRequest.objects.filter(relayed=False).count()
    lines = [
        TaskLine(
            ngettext(
                "%(count)d neuer Eintrag wartet auf Prüfung",
                "%(count)d neue Einträge warten auf Prüfung",
                proposed,
            )
            % {"count": proposed},
            _changelist(Group, status__exact=GroupStatus.PROPOSED.value),
            proposed,
        ),
        TaskLine(
            ngettext(
                "%(count)d vorgeschlagene Änderung wartet auf Prüfung",
                "%(count)d vorgeschlagene Änderungen warten auf Prüfung",
                changes,
            )
            % {"count": changes},
            _changelist(GroupChange),
            changes,
        ),
    ]
    if held_back:
        lines.append(
            TaskLine(
                ngettext(
                    "%(count)d Mitmachen-Nachricht noch nicht weitergeleitet",
                    "%(count)d Mitmachen-Nachrichten noch nicht weitergeleitet",
                    held_back,
                )
                % {"count": held_back},
                _changelist(JoinRequest, relayed__exact="0"),
                held_back,
            )
        )
    return lines


def _fund_text(step: str, count: int) -> str:
    # Spelled out for makemessages: ngettext needs literal strings.
    texts = {
        "eingegangen": ngettext("%(count)d neuer Antrag", "%(count)d neue Anträge", count),
        "neu": ngettext(
            "%(count)d neue Antwort oder neuer Verwendungsnachweis",
            "%(count)d neue Antworten oder Verwendungsnachweise",
            count,
        ),
        "nachweis_ueberfaellig": ngettext(
            "%(count)d Verwendungsnachweis überfällig",
            "%(count)d Verwendungsnachweise überfällig",
            count,
        ),
        "auszahlung_faellig": ngettext(
            "%(count)d Auszahlung fällig", "%(count)d Auszahlungen fällig", count
        ),
    }
    return texts[step] % {"count": count}


def fund_lines() -> list[TaskLine]:
    lines = []
    for step in fund_selectors.WAITING_FOR_TEAM:
        count = applications_waiting(step).count()
        lines.append(
            TaskLine(_fund_text(step, count), _changelist(Application, zu_tun=step), count)
        )
    return lines


def session_line(*, now: datetime, with_collect_hint: bool) -> TaskLine:
    session = jury_session_next(now=now)
    if session is None:
        return TaskLine(
            str(_("Keine Jurysitzung geplant.")),
            reverse("admin:fund_applications_jurysession_changelist"),
        )
    count = session.ready_count
    details = [
        ngettext(
            "%(count)d Antrag bereit für die Jury",
            "%(count)d Anträge bereit für die Jury",
            count,
        )
        % {"count": count}
    ]
    if with_collect_hint and session.submission_deadline >= now.date():
        details.append(
            str(_("Anträge einreichen bis %(day)s"))
            % {"day": long_date(session.submission_deadline)}
        )
    place = session.place or str(_("Ort noch offen"))
    return TaskLine(
        str(_("Nächste Jurysitzung: %(date)s, %(time)s Uhr, %(place)s"))
        % {"date": long_date(session.starts_at), "time": hhmm(session.starts_at), "place": place},
        reverse("admin:fund_applications_jurysession_change", args=[session.pk]),
        count,
        details,
        [
            (
                str(_("Anträge der Sitzung")),
                _changelist(
                    Application,
                    jury_session__id__exact=str(session.pk),
                    status__exact=fund_selectors.ApplicationStatus.READY_FOR_JURY,
                ),
            ),
            (
                str(_("Jurymappe")),
                reverse("admin:fund_applications_jurysession_pack", args=[session.pk]),
            ),
        ],
    )


def idea_lines(*, today: date) -> list[TaskLine]:
    """Ideas waiting for the office's first answer, and those past the promised day (one
    query for both counts)."""
    counts = Idea.objects.unanswered().aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(answer_due_on__lt=today))
    )
    waiting, overdue = counts["waiting"], counts["overdue"]
    return [
        TaskLine(
            ngettext(
                "%(count)d Idee wartet auf eine Antwort",
                "%(count)d Ideen warten auf eine Antwort",
                waiting,
            )
            % {"count": waiting},
            _changelist(Idea, antwort="offen", o=_oldest_first(Idea)),
            waiting,
            [str(_("älteste zuerst"))] if waiting else [],
        ),
        TaskLine(
            ngettext(
                "%(count)d Idee über die versprochene Antwortzeit",
                "%(count)d Ideen über die versprochene Antwortzeit",
                overdue,
            )
            % {"count": overdue},
            _changelist(Idea, antwort="ueberfaellig", o=_oldest_first(Idea)),
            overdue,
        ),
    ]


# ---------------------------------------------------------------- missing for going live

# What demo texts and drafts leave for the editors: these words in a site page mean a gap.
PLACEHOLDER_WORDS = ("ergänzt die Redaktion", "Platzhalter", "TODO", "XXX")
# Fictional contact data as the demo has it (offices.demo): not a way to reach anyone.
EXAMPLE_PHONE = "000000"
EXAMPLE_MAIL_DOMAINS = ("@example.org", "@example.com", "@example.net")


@dataclass(frozen=True)
class GoingLiveGap:
    text: str
    url: str


def _empty_sections(markdown: str) -> list[str]:
    """Headings with no text before the next heading or the end."""
    empty, heading, has_text = [], None, True
    for line in [*markdown.splitlines(), "# end"]:
        if line.lstrip().startswith("#"):
            if heading is not None and not has_text:
                empty.append(heading)
            heading, has_text = line.lstrip("# ").strip(), False
        elif line.strip():
            has_text = True
    return empty


def _no_real_contact(office: Office) -> bool:
    phone = office.phone.strip()
    email = office.email.strip().lower()
    real_phone = bool(phone) and EXAMPLE_PHONE not in phone
    real_email = bool(email) and not email.endswith(EXAMPLE_MAIL_DOMAINS)
    return not (real_phone or real_email)


def missing_for_going_live() -> list[GoingLiveGap]:
    """Placeholders in the Impressum, the Datenschutzerklärung and the accessibility statement,
    empty sections of the Datenschutzerklärung, offices nobody can call or write to (two
    queries)."""
    gaps = []
    pages = {page.slug: page for page in SitePage.objects.all()}
    for slug, label in SitePage.Slug.choices:
        page = pages.get(slug)
        url = (
            reverse("admin:offices_sitepage_change", args=[page.pk])
            if page
            else reverse("admin:offices_sitepage_changelist")
        )
        if page is None or not page.body.strip():
            gaps.append(GoingLiveGap(str(_("%(page)s: noch kein Text")) % {"page": label}, url))
            continue
        if any(word.lower() in page.body.lower() for word in PLACEHOLDER_WORDS):
            gaps.append(
                GoingLiveGap(str(_("%(page)s: enthält noch Platzhalter")) % {"page": label}, url)
            )
        if slug == SitePage.Slug.PRIVACY:
            for heading in _empty_sections(page.body):
                gaps.append(
                    GoingLiveGap(
                        str(_("%(page)s: Abschnitt „%(section)s“ ist leer"))
                        % {"page": label, "section": heading},
                        url,
                    )
                )
    for office in Office.objects.only("pk", "short_name", "phone", "email"):
        if _no_real_contact(office):
            gaps.append(
                GoingLiveGap(
                    str(_("%(office)s: keine echte Telefonnummer und keine echte E-Mail-Adresse"))
                    % {"office": office.short_name},
                    reverse("admin:offices_office_change", args=[office.pk]),
                )
            )
    return gaps


def going_live_lines() -> list[TaskLine]:
    gaps = missing_for_going_live()
    if not gaps:
        return [
            TaskLine(
                str(_("Nichts offen: Rechtstexte und Kontaktwege sind vollständig.")),
                reverse("admin:offices_sitepage_changelist"),
                0,
            )
        ]
    return [TaskLine(gap.text, gap.url) for gap in gaps]


def _lending_text(step: str, count: int) -> str:
    # Spelled out for makemessages: ngettext needs literal strings.
    texts = {
        "warten": ngettext(
            "%(count)d Anfrage wartet auf Zusage", "%(count)d Anfragen warten auf Zusage", count
        ),
        "abholung": ngettext("%(count)d Abholung heute", "%(count)d Abholungen heute", count),
        "rueckgabe": ngettext("%(count)d Rückgabe heute", "%(count)d Rückgaben heute", count),
        "ueberfaellig": ngettext(
            "%(count)d Ausleihe überfällig", "%(count)d Ausleihen überfällig", count
        ),
    }
    return texts[step] % {"count": count}


def lending_lines(user, *, now: datetime) -> list[TaskLine]:
    """Requests waiting, pick-ups and returns today, loans overdue (one count each)."""
    mine = _of_my_offices(Loan.objects.all(), user)
    counts = lending_selectors.to_do_counts(queryset=mine, now=now)
    return [
        TaskLine(_lending_text(step, count), _changelist(Loan, zu_tun=step), count)
        for step, count in counts.items()
    ]


def staff_today(user, *, now: datetime | None = None) -> list[TaskSection]:
    """The sections of 'Heute zu tun' this user's roles have, in the order of a working day."""
    now = now or clock.now()
    sections = []
    if user.has_perm("consultations.view_appointmentrequest"):
        everyone = can_edit_all_offices(user)
        lines = office_lines(user, now=now)
        if user.has_perm("events.view_eventsignupsetup"):
            lines += event_lines(user, now=now)
        if user.has_perm("quartier.view_accessibilityfeedback"):
            lines.append(feedback_line())
        sections.append(TaskSection(str(_("Alle Büros") if everyone else _("Meine Büros")), lines))
    elif user.has_perm("quartier.view_accessibilityfeedback"):
        sections.append(TaskSection(str(_("Barrierefreiheit")), [feedback_line()]))
    if user.has_perm("lending.view_loan"):
        sections.append(TaskSection(str(_("Verleih")), lending_lines(user, now=now)))
    if sees_all_applications(user):
        sections.append(
            TaskSection(
                str(_("Stadtteilfonds")),
                [*fund_lines(), session_line(now=now, with_collect_hint=True)],
            )
        )
    elif user.has_perm("fund_applications.view_jurysession"):
        sections.append(
            TaskSection(str(_("Jury")), [session_line(now=now, with_collect_hint=False)])
        )
    if user.has_perm("initiatives.change_group"):
        sections.append(TaskSection(str(_("Initiativen und Gruppen")), initiatives_lines()))
    if user.has_perm("ideas.change_idea"):
        sections.append(
            TaskSection(str(_("Anregungen und Ideen")), idea_lines(today=clock.local(now).date()))
        )
    if user.has_perm("offices.change_sitepage"):
        sections.append(TaskSection(str(_("Noch offen für den Start")), going_live_lines()))
    return sections
