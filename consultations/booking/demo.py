"""Demo content for online booking, loaded by `manage.py load_demo_data` after the
consultation hours: what residents can book online with each partner (from the article's list
of what each one does, in our words; the article gives no appointment times, so bookings use
the consultation hours)."""

from consultations.booking.enums import AppointmentMode
from consultations.booking.models import AppointmentType, BookingRules
from offices.models import Office

# Rules per office and the kinds of appointment.
BOOKING_RULES = {
    # One team member at a time books; a quarter of each day stays for people who drop in.
    "quartiersmanagement": {"buffer_minutes": 10, "walk_in_share": 25, "parallel_limit": 1},
    # Mostly a drop-in office: half of each morning stays for people without an appointment.
    "jobcenter": {"buffer_minutes": 5, "walk_in_share": 50},
    "donapart": {"buffer_minutes": 0, "walk_in_share": 0, "parallel_limit": 1},
}

APPOINTMENT_TYPES = {
    "quartiersmanagement": [
        {
            "name": "Beratung zum Stadtteilfonds",
            "duration_minutes": 30,
            "description": (
                "Wir helfen Ihnen, aus Ihrer Idee für den Stadtteil einen Antrag an den "
                "Stadtteilfonds zu machen."
            ),
            "what_to_bring": (
                "Ihre Projektidee in ein paar Stichworten\n"
                "Wenn Sie schon eine haben: eine grobe Aufstellung der Kosten"
            ),
        },
        {
            "name": "Hof- und Fassadenprogramm: erste Beratung",
            "duration_minutes": 45,
            "description": (
                "Sie möchten Hof oder Hausfassade schöner machen? Wir erklären das "
                "Förderprogramm und die nächsten Schritte."
            ),
            "what_to_bring": "Fotos von Hof oder Fassade\nAdresse des Hauses",
        },
        {
            "name": "Idee oder Initiative besprechen",
            "duration_minutes": 30,
            "mode": AppointmentMode.PHONE,
            "description": (
                "Sie suchen Mitstreiter, Kontakte oder Geld für eine Aktion im Quartier? "
                "Wir rufen Sie an und überlegen gemeinsam."
            ),
        },
    ],
    "jobcenter": [
        {
            "name": "Beratung zum Bürgergeld",
            "duration_minutes": 45,
            "capacity": 2,
            "description": (
                "Fragen zu Ihren Leistungen, zur Berechnung oder zur Arbeitsvermittlung – "
                "direkt im Stadtteil."
            ),
            "what_to_bring": (
                "Personalausweis oder Pass\n"
                "Ihren letzten Bescheid vom Jobcenter\n"
                "Briefe, zu denen Sie Fragen haben"
            ),
        },
        {
            "name": "Unterlagen abgeben",
            "duration_minutes": 15,
            "description": (
                "Sie geben Unterlagen für die Leistungsberechnung oder die Arbeitsvermittlung "
                "hier ab – der Weg in die Innenstadt entfällt."
            ),
            "what_to_bring": "Die Unterlagen, um die das Jobcenter gebeten hat\nPersonalausweis",
        },
        {
            "name": "Sozialticket oder Dortmund-Pass",
            "duration_minutes": 15,
            "description": (
                "Die Berechtigung für das Sozialticket und den Dortmund-Pass stellen wir "
                "direkt vor Ort aus."
            ),
            "what_to_bring": "Personalausweis oder Pass\nIhren aktuellen Bescheid vom Jobcenter",
        },
    ],
    "donapart": [
        {
            "name": "Idee zu Energie, Mobilität oder Konsum",
            "duration_minutes": 45,
            "description": (
                "Gemeinschaftsgarten, Einkaufsgemeinschaft, Lastenrad oder "
                "Energiegenossenschaft: Wir besprechen Ihre Idee für das Quartier."
            ),
        },
        {
            "name": "Mitmachen bei DoNaPart",
            "duration_minutes": 30,
            "mode": AppointmentMode.PHONE,
            "description": (
                "Wir erzählen am Telefon, woran das Projekt gerade arbeitet und wie Sie "
                "mitmachen können."
            ),
        },
    ],
}


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    for office in Office.objects.filter(slug__in=BOOKING_RULES):
        BookingRules.objects.get_or_create(office=office, defaults=BOOKING_RULES[office.slug])
        if AppointmentType.objects.filter(office=office).exists():
            continue  # staff own their appointment types now
        for ordering, data in enumerate(APPOINTMENT_TYPES[office.slug]):
            appointment_type = AppointmentType(
                office=office, languages="Deutsch", ordering=ordering, **data
            )
            appointment_type.full_clean()
            appointment_type.save()
