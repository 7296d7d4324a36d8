"""Demo announcements: the opening of the shared office, a Stadtteilfonds call and the
consultation hours. Texts follow the newspaper article in shared/seed, in our own words."""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from offices import services
from offices.enums import AnnouncementStatus
from offices.models import Announcement, Office, ProgrammeItem
from quartier.core import clock

PLACE = "Quartiersbüro, Westerfilder Straße 23, 44357 Dortmund"

OPENING_PROGRAMME = [
    (time(11, 0), "Begrüßung durch die drei Partner"),
    (time(11, 30), "Rundgang durch das neue Ladenlokal"),
    (time(12, 0), "Kaffee, Tee und Kuchen – erzählen Sie uns Ihre Ideen für das Quartier"),
    (time(13, 0), "Lastenrad zum Ausprobieren mit DoNaPart"),
    (time(14, 0), "Infotisch zu Stadtteilfonds und Hof- und Fassadenprogramm"),
    (time(15, 0), "Mitmachaktion für Kinder: Wir malen unseren Stadtteil"),
]


def load() -> None:
    """Create the demo announcements that are missing; never touch what staff have changed."""
    now = clock.now()
    offices = {office.slug: office for office in Office.objects.all()}
    _opening(now)
    _fund_call(now, offices.get("quartiersmanagement"))
    _hours(now)


def _opening(now: datetime) -> None:
    day = next_day_of_urban_development(clock.local_date(now))
    announcement = Announcement.objects.filter(slug="eroeffnung-quartiersbuero").first()
    if announcement is None:
        announcement = Announcement(
            slug="eroeffnung-quartiersbuero",
            title="Eröffnung: Drei Partner, ein Quartiersbüro",
            teaser=(
                "Am Tag der Städtebauförderung öffnen das Quartiersmanagement, das Aktionsbüro "
                "des Jobcenters und DoNaPart ihr gemeinsames Büro – mit einem bunten Programm "
                "für alle im Stadtteil."
            ),
            body=(
                "Ab jetzt finden Sie drei Partner unter einem Dach: Im Ladenlokal an der "
                "**Westerfilder Straße 23** arbeiten das Quartiersmanagement "
                "Westerfilde/Bodelschwingh, ein Aktionsbüro des Jobcenters Dortmund und das "
                "Projekt DoNaPart.\n\n"
                "Zur Eröffnung laden wir Sie herzlich ein. Schauen Sie sich die Räume an, "
                "lernen Sie die Menschen kennen, die hier für Sie da sind, und bringen Sie Ihre "
                "Fragen und Ideen mit.\n\n"
                "## Was Sie hier bekommen\n\n"
                "- Rat zu allem rund um Westerfilde und Bodelschwingh und Hilfe beim Antrag für "
                "den Stadtteilfonds\n"
                "- Beratung zum Bürgergeld und Formulare des Jobcenters, ohne Weg in die "
                "Innenstadt\n"
                "- Ideen zu Energie, Mobilität und Konsum – zum Beispiel ein Lastenrad zum "
                "Ausleihen\n\n"
                "Der Eintritt ist frei, eine Anmeldung ist nicht nötig. Das Ladenlokal ist "
                "ebenerdig erreichbar."
            ),
            office=None,
            status=AnnouncementStatus.PUBLISHED,
            publish_from=now - timedelta(days=2),
            pinned=True,
            picture_alt=(
                "Gezeichnetes Bild: ein Ladenlokal mit großem Schaufenster und dem Schild "
                "„Quartiersbüro“, darüber bunte Wimpelketten und Luftballons."
            ),
            picture_credit="Illustration: Quartiersbüro (Demo)",
            event_start=datetime.combine(day, time(11, 0), tzinfo=clock.BERLIN),
            event_end=datetime.combine(day, time(16, 0), tzinfo=clock.BERLIN),
            event_place=PLACE,
        )
        services.announcement_save(announcement=announcement, picture_upload=opening_picture())
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(announcement=announcement, time=at, title=title)
            for at, title in OPENING_PROGRAMME
        )
    elif announcement.picture and not default_storage.exists(announcement.picture.name):
        # The database survived but the media folder did not: draw the picture again.
        services.announcement_save(announcement=announcement, picture_upload=opening_picture())


def _fund_call(now: datetime, office: Office | None) -> None:
    if Announcement.objects.filter(slug="stadtteilfonds-ideen-gesucht").exists():
        return
    services.announcement_save(
        announcement=Announcement(
            slug="stadtteilfonds-ideen-gesucht",
            title="Stadtteilfonds: Ihre Idee für Westerfilde und Bodelschwingh",
            teaser=(
                "Ein Nachbarschaftsfest, eine Bank für den Spielplatz, ein Kurs im Gemeindehaus? "
                "Der Stadtteilfonds unterstützt kleine Projekte – wir helfen beim Antrag."
            ),
            body=(
                "Jedes Jahr stehen im Stadtteilfonds rund 35.000 € für Projekte bereit, die das "
                "Leben im Quartier besser machen. Seit 2016 sind so schon mehr als 80 Ideen "
                "Wirklichkeit geworden.\n\n"
                "## Wer einen Antrag stellen kann\n\n"
                "Alle, die hier wohnen, arbeiten oder ihre Freizeit verbringen: einzelne "
                "Menschen, Nachbarschaften, Initiativen, Vereine und Einrichtungen.\n\n"
                "## So geht es\n\n"
                "1. Kommen Sie mit Ihrer Idee ins Quartiersbüro. Wir beraten Sie und füllen den "
                "Antrag gemeinsam aus.\n"
                "2. Eine Jury aus Bewohnerinnen, Bewohnern und Menschen aus Vereinen und "
                "Einrichtungen entscheidet drei- bis viermal im Jahr.\n"
                "3. Nach der Zusage setzen Sie Ihr Projekt um und reichen die Belege ein.\n\n"
                "Wichtig: Beginnen Sie erst, wenn die Zusage da ist."
            ),
            office=office,
            status=AnnouncementStatus.PUBLISHED,
            publish_from=now - timedelta(days=5),
        )
    )


def _hours(now: datetime) -> None:
    if Announcement.objects.filter(slug="sprechzeiten-im-quartiersbuero").exists():
        return
    services.announcement_save(
        announcement=Announcement(
            slug="sprechzeiten-im-quartiersbuero",
            title="Wann die drei Partner für Sie da sind",
            teaser=(
                "Jeder Partner im Quartiersbüro hat eigene Sprechzeiten. Außerhalb davon "
                "vereinbaren alle drei gern einen Termin mit Ihnen."
            ),
            body=(
                "- **Quartiersmanagement:** dienstags 10 bis 14 Uhr und mittwochs 14 bis "
                "18 Uhr\n"
                "- **Aktionsbüro des Jobcenters:** dienstags und freitags 10 bis 12 Uhr\n"
                "- **DoNaPart:** dienstags 15 bis 18:30 Uhr und mittwochs 14 bis 18 Uhr\n\n"
                "An Feiertagen bleibt das Büro geschlossen. Wenn Sie zu diesen Zeiten nicht "
                "können, sprechen Sie uns an: Wir finden einen Termin, der Ihnen passt."
            ),
            office=None,
            status=AnnouncementStatus.PUBLISHED,
            publish_from=now - timedelta(days=1),
        )
    )


def next_day_of_urban_development(today: date) -> date:
    """The Tag der Städtebauförderung is held on a Saturday in May; we take the second one."""
    for year in (today.year, today.year + 1):
        first_of_may = date(year, 5, 1)
        first_saturday = first_of_may + timedelta(days=(5 - first_of_may.weekday()) % 7)
        day = first_saturday + timedelta(days=7)
        if day >= today:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def opening_picture() -> SimpleUploadedFile:
    """A festive shop front drawn with Pillow, so the demo needs no download."""
    width, height = 1600, 1000
    image = Image.new("RGB", (width, height), "#bfe3f5")
    draw = ImageDraw.Draw(image)
    draw.ellipse((1320, 60, 1480, 220), fill="#ffcc33")
    draw.rectangle((0, 820, width, height), fill="#9aa5ad")
    draw.rectangle((140, 200, 1460, 840), fill="#f2efe8", outline="#5b6770", width=6)
    draw.rectangle((140, 200, 1460, 330), fill="#0b4f71")
    font, has_umlauts = _font(84)
    sign = "Quartiersbüro" if has_umlauts else "Quartiersbuero"
    draw.text((800, 265), sign, fill="white", font=font, anchor="mm")
    draw.rectangle((220, 400, 760, 800), fill="#7fb8d6", outline="#5b6770", width=8)
    draw.rectangle((1040, 400, 1380, 800), fill="#7fb8d6", outline="#5b6770", width=8)
    draw.rectangle((840, 420, 980, 840), fill="#8a5a3b", outline="#5b6770", width=6)
    draw.ellipse((950, 620, 966, 636), fill="#ffcc33")
    draw.text((490, 600), "Willkommen!", fill="#073a54", font=_font(64)[0], anchor="mm")
    colours = ["#d7263d", "#f49d37", "#ffcc33", "#3f88c5", "#146c2e", "#8e44ad"]
    for row, y in enumerate((160, 360)):
        for index, x in enumerate(range(60, width - 60, 80)):
            colour = colours[(index + row) % len(colours)]
            draw.polygon([(x, y), (x + 70, y), (x + 35, y + 60)], fill=colour)
        draw.line((40, y, width - 40, y), fill="#1d2733", width=4)
    for x, colour in ((90, "#d7263d"), (1510, "#3f88c5"), (1560, "#ffcc33")):
        draw.line((x, 700, x + 10, 840), fill="#1d2733", width=3)
        draw.ellipse((x - 45, 560, x + 45, 700), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("eroeffnung.png", buffer.getvalue(), content_type="image/png")


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """DejaVu where Debian has it; Pillow's own font has no umlauts."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size), True
    except OSError:
        return ImageFont.load_default(size=size), False
