"""Demo content for the three partners, from the newspaper article in shared/seed, reworded."""

from django.conf import settings

from offices import demo_news
from offices.enums import PartnerKind
from offices.models import Office, SitePage

OFFICES = [
    {
        "slug": "quartiersmanagement",
        "name": "Quartiersmanagement Westerfilde/Bodelschwingh",
        "short_name": "Quartiersmanagement",
        "kind": PartnerKind.NEIGHBOURHOOD_MANAGEMENT,
        "summary": (
            "Die erste Anlaufstelle für alle Fragen rund um das Programm Soziale Stadt in "
            "Westerfilde und Bodelschwingh."
        ),
        "description": (
            "Das Quartiersmanagement hilft Bewohnerinnen und Bewohnern, Eigentümern und Vereinen, "
            "ihre Ideen für den Stadtteil umzusetzen: Projekte entwickeln, Initiativen gründen, "
            "Mitstreiter finden, für Aktionen werben und Geld dafür finden.\n\n"
            "Kommen Sie auf eine Tasse Kaffee oder Tee vorbei und informieren Sie sich über "
            "Neuigkeiten und Pläne für das Quartier."
        ),
        "services": (
            "Beantwortet Fragen zum Stadtteil und vermittelt Kontakte\n"
            "Nimmt Anregungen und Ideen für Westerfilde und Bodelschwingh auf\n"
            "Hilft beim Antrag für den Stadtteilfonds\n"
            "Informiert über Förderprogramme wie das Hof- und Fassadenprogramm\n"
            "Unterstützt Initiativen bei Projekten und Öffentlichkeitsarbeit"
        ),
        "website": "https://www.westerfilde-bodelschwingh.dortmund.de/",
        "funded_by": (
            "Im Auftrag der Stadt Dortmund, gefördert im Rahmen der Städtebauförderung "
            "von Bund, Land Nordrhein-Westfalen und Stadt Dortmund"
        ),
        "easy_summary": (
            "Das Quartiers-Management kümmert sich um den Stadt-Teil.\n"
            "Sie können dort Fragen zum Stadt-Teil stellen.\n"
            "Sie können dort Ihre Ideen für den Stadt-Teil sagen.\n"
            "Das Quartiers-Management hilft beim Antrag für den Stadt-Teil-Fonds.\n"
            "Das Quartiers-Management arbeitet für die Stadt Dortmund."
        ),
        "ordering": 1,
    },
    {
        "slug": "jobcenter",
        "name": "Aktionsbüro des Jobcenters Dortmund",
        "short_name": "Aktionsbüro Jobcenter",
        "kind": PartnerKind.JOBCENTER,
        "summary": (
            "Eines von vier Aktionsbüros des Jobcenters in Dortmund: Beratung zum "
            "Bürgergeld (früher Arbeitslosengeld II) direkt im Stadtteil."
        ),
        "description": (
            "Im Aktionsbüro bekommen Kundinnen und Kunden des Jobcenters Beratung und alle "
            "Unterlagen für die Berechnung ihrer Leistungen oder für die Arbeitsvermittlung. "
            "Sie können die Unterlagen hier auch abgeben – der Weg in die Innenstadt entfällt."
        ),
        "services": (
            "Beratung zum Arbeitslosengeld II (heute Bürgergeld)\n"
            "Formulare für die Leistungsberechnung und die Arbeitsvermittlung\n"
            "Abgabe von Unterlagen vor Ort\n"
            "Berechtigung für das Sozialticket direkt ausgestellt\n"
            "Dortmund-Pass direkt ausgestellt"
        ),
        "website": "https://www.jobcenterdortmund.de/",
        "funded_by": "Jobcenter Dortmund",
        "easy_summary": (
            "Das Aktions-Büro gehört zum Job-Center Dortmund.\n"
            "Das Job-Center zahlt Geld zum Leben: das Bürger-Geld.\n"
            "Im Aktions-Büro bekommen Sie Beratung zum Bürger-Geld.\n"
            "Sie bekommen dort auch die Formulare.\n"
            "Sie können Ihre Unterlagen dort abgeben.\n"
            "Dann müssen Sie nicht in die Innen-Stadt fahren.\n"
            "Sie bekommen dort auch den Dortmund-Pass.\n"
            "Mit dem Dortmund-Pass bezahlen Sie weniger Geld.\n"
            "Zum Beispiel im Schwimm-Bad."
        ),
        "ordering": 2,
    },
    {
        "slug": "donapart",
        "name": "Projekt DoNaPart",
        "short_name": "DoNaPart",
        "kind": PartnerKind.RESEARCH_PROJECT,
        "summary": (
            "Forschungsprojekt für Dortmund, Nachhaltigkeit und Partizipation: gemeinsam mit "
            "den Menschen im Quartier die Lebensqualität verbessern."
        ),
        "description": (
            "DoNaPart hat sich vorgenommen, bis August 2019 zusammen mit den Bewohnerinnen und "
            "Bewohnern das Leben in Westerfilde und Bodelschwingh nachhaltig zu verbessern. "
            "In den Bereichen Energie, Mobilität und Konsum entstehen gemeinsam Ideen, die vor Ort "
            "ausprobiert werden."
        ),
        "services": (
            "Ideen und Beratung zu Energie, Mobilität und Konsum\n"
            "Gemeinschaftsgärten im Quartier anlegen\n"
            "Lastenräder zum Ausleihen\n"
            "Einkaufsgemeinschaften gründen\n"
            "Eine Energiegenossenschaft im Quartier aufbauen"
        ),
        "website": "https://www.westerfilde-bodelschwingh.dortmund.de/",
        "funded_by": "Forschungsprojekt, Laufzeit bis August 2019",
        "easy_summary": (
            "DoNaPart ist ein Forschungs-Projekt.\n"
            "Forschung heißt: Menschen wollen etwas Neues heraus-finden.\n"
            "DoNaPart will mit den Menschen im Stadt-Teil das Leben besser machen.\n"
            "Es geht um Strom und Heizung, um Wege im Stadt-Teil und um Einkaufen.\n"
            "Zum Beispiel: Gärten für alle im Stadt-Teil.\n"
            "Oder Lasten-Räder zum Ausleihen.\n"
            "Ein Lasten-Rad ist ein Fahrrad mit einer großen Kiste."
        ),
        "ordering": 3,
    },
]

SITE_PAGES = [
    {
        "slug": SitePage.Slug.IMPRINT,
        "title": "Impressum",
        "body": (
            "## Anbieter\n\n"
            "Quartiersmanagement Westerfilde/Bodelschwingh im Auftrag der Stadt Dortmund  \n"
            "Westerfilder Straße 23  \n44357 Dortmund\n\n"
            "## Verantwortlich für den Inhalt\n\n"
            "Jedes Partnerbüro ist für seine eigenen Seiten, Sprechzeiten und Meldungen "
            "verantwortlich. Die Angaben zur vertretungsberechtigten Person ergänzt die "
            "Redaktion vor der Veröffentlichung."
        ),
    },
    {
        "slug": SitePage.Slug.PRIVACY,
        "title": "Datenschutzerklärung",
        "body": (
            "## Das Wichtigste in Kürze\n\n"
            "- Wer diese Seiten nur liest, bekommt kein Cookie und wird nicht verfolgt.\n"
            "- Die Seite lädt nichts von anderen Anbietern: keine Schriften, keine Karten, "
            "keine Statistik.\n\n"
            "## Verantwortlich\n\n"
            "Quartiersmanagement Westerfilde/Bodelschwingh im Auftrag der Stadt Dortmund, "
            "Westerfilder Straße 23, 44357 Dortmund. Die Kontaktdaten der oder des "
            "Datenschutzbeauftragten ergänzt die Redaktion vor der Veröffentlichung.\n\n"
            "## Was wir verarbeiten, wozu und wie lange\n\n"
            "| Vorgang | Daten | Rechtsgrundlage | Speicherdauer |\n"
            "| --- | --- | --- | --- |\n"
            "| Server-Protokolle | Zeit, aufgerufene Adresse, Fehler, IP-Adresse | "
            "Art. 6 Abs. 1 lit. e DSGVO (sicherer Betrieb) | 14 Tage |\n"
            "| Terminanfragen | Name, Telefon oder E-Mail, Anliegen, Wunschzeiten | "
            "Art. 6 Abs. 1 lit. a DSGVO (Ihre Einwilligung) | bis zur Antwort, höchstens "
            "90 Tage |\n"
            "| Online gebuchte Termine | Name, Telefon und/oder E-Mail, Anliegen in "
            "Stichworten, gewählte Zeit, Sprache | Art. 6 Abs. 1 lit. a DSGVO (Ihre "
            "Einwilligung) | 90 Tage nach dem Termin, auch abgesagte Termine; eine "
            "Reservierung während des Buchens ohne Personendaten nach einem Tag |\n"
            "| Anmeldungen zu Veranstaltungen | Name, E-Mail, Zahl der Personen, freiwillige "
            "Angaben (Kinder, Rollstuhlplatz, Übersetzung, Hinweis), Sprache, ob Sie da waren | "
            "Art. 6 Abs. 1 lit. a DSGVO (Ihre Einwilligung) | 30 Tage nach der "
            "Veranstaltung, auch abgesagte Anmeldungen und die Warteliste |\n"
            "| Anträge an den Stadtteilfonds | Angaben im Antrag, Anlagen | Art. 6 Abs. 1 "
            "lit. e DSGVO (Förderung nach der Städtebauförderrichtlinie NRW) | abgelehnte und "
            "zurückgezogene Anträge 1 Jahr, bewilligte bis zum Ende der "
            "Aufbewahrungsfrist (10 Jahre); nicht abgeschickte Entwürfe 30 Tage |\n"
            "| Rückmeldungen zur Barrierefreiheit | Ihre Nachricht, freiwillig Name und "
            "E-Mail | Art. 6 Abs. 1 lit. c DSGVO mit § 10c BGG NRW | 1 Jahr |\n"
            "| Anmeldung der Mitarbeitenden | Benutzername, Anmeldeversuche mit IP-Adresse | "
            "Art. 6 Abs. 1 lit. f DSGVO (Schutz vor Missbrauch) | 30 Tage |\n"
            "| Neuigkeiten per E-Mail | E-Mail-Adresse, gewählte Themen und Sprache, Zeitpunkt "
            "von Anmeldung, Einwilligung und Bestätigung, welche Ausgaben Sie bekommen haben | "
            "Art. 6 Abs. 1 lit. a DSGVO (Ihre Einwilligung) | bis Sie abbestellen; "
            "unbestätigte Anmeldungen 7 Tage; eine Sperre nach Rückläufern oder Beschwerden "
            "2 Jahre |\n"
            "| Initiativen und Gruppen: Eintrag einer Gruppe | Name und E-Mail der "
            "Ansprechperson (nie auf der Website), Angaben zur Gruppe, Zeitpunkt der "
            "Einwilligung | Art. 6 Abs. 1 lit. a DSGVO (Ihre Einwilligung) | solange die Gruppe "
            "eingetragen ist; ausgeblendete und nie veröffentlichte Einträge 1 Jahr nach der "
            "letzten Änderung |\n"
            "| Initiativen und Gruppen: „Mitmachen“ | Name, E-Mail-Adresse, Nachricht; an die "
            "Ansprechperson der Gruppe weitergeleitet | Art. 6 Abs. 1 lit. a DSGVO (Ihre "
            "Einwilligung) | 90 Tage |\n"
            "| Anregungen und Ideen | Ihre Idee, Thema, Ort, freiwillig ein Foto (ohne "
            "Ortsangaben), Sprache, E-Mail-Adresse; bei einer Unterstützung nur ein "
            "verschlüsseltes Zeichen Ihrer E-Mail-Adresse | Art. 6 Abs. 1 lit. a DSGVO (Ihre "
            "Einwilligung) | E-Mail-Adresse und private Antwort bis 1 Jahr nach Abschluss der "
            "Idee; unbestätigte Unterstützungen 7 Tage |\n"
            "| Verleih (Raum, Lastenrad) | Name, E-Mail, freiwillig Telefon, Zweck, Gruppe, "
            "Zahl der Personen, Zeit, Notizen zu Ausgabe, Rückgabe und Schäden | Art. 6 Abs. 1 "
            "lit. a DSGVO (Ihre Einwilligung) | 90 Tage nach der Rückgabe (abgelehnte und "
            "abgesagte Anfragen 90 Tage nach dem Termin); solange ein Schaden nicht geklärt ist, "
            "bis er geklärt ist |\n\n"
            "Ein Cookie setzen nur Formulare (Schutz vor gefälschten Anfragen; bei der "
            "Online-Buchung außerdem für die 10 Minuten, in denen wir Ihre gewählte Zeit "
            "freihalten) und die Anmeldung der Mitarbeitenden.\n\n"
            "## Neuigkeiten per E-Mail\n\n"
            "Wenn Sie sich für Neuigkeiten anmelden, schicken wir Ihnen zuerst eine E-Mail mit "
            "einem Link. Erst wenn Sie auf der Seite hinter dem Link bestätigen, bekommen Sie "
            "Neuigkeiten (Double-Opt-in); ohne Bestätigung löschen wir die Adresse nach 7 "
            "Tagen. Jede E-Mail hat einen Link zum Abbestellen; danach löschen wir Ihre Adresse "
            "und Ihre Auswahl sofort. Wir messen nicht, ob oder wann Sie eine E-Mail öffnen "
            "oder einen Link anklicken. Kommt eine E-Mail immer wieder zurück oder wird sie als "
            "Spam gemeldet, sperren wir die Adresse für 2 Jahre, damit sie keine E-Mails mehr "
            "bekommt. Die E-Mails verschickt unser eigener Server über den E-Mail-Anbieter des "
            "Quartiersbüros.\n\n"
            "## Anregungen und Ideen\n\n"
            "Eine Idee zeigen wir nur, wenn Sie zugestimmt haben, und erst nachdem wir sie "
            "gelesen haben; Ihre E-Mail-Adresse zeigen wir nie. Wer eine Idee unterstützt, "
            "bestätigt das über einen Link per E-Mail; wir speichern dann nicht die Adresse, "
            "sondern nur ein verschlüsseltes Zeichen, damit jede Adresse einmal zählt. Niemand, "
            "auch nicht das Büro, sieht, wer eine Idee unterstützt. Ein Jahr nach Abschluss "
            "einer Idee löschen wir Ihre E-Mail-Adresse und die Zeichen der Unterstützungen; "
            "die Idee, unsere Antwort und die Zahl der Unterstützungen bleiben.\n\n"
            "## Geförderte Projekte auf der Website\n\n"
            "Ein gefördertes Projekt zeigen wir unter „Geförderte Projekte“ nur, wenn Sie im "
            "Antrag zugestimmt haben: mit Titel, Kurzbeschreibung, Ziel und Fördersumme, ohne "
            "Namen oder Adresse. Fotos aus dem Verwendungsnachweis zeigen wir nur mit Ihrer "
            "eigenen Zustimmung dazu, ohne die Angaben im Bild (etwa den Ort der Aufnahme). "
            "Beides können Sie jederzeit über den Link zu Ihrem Antrag zurücknehmen; das "
            "Projekt verschwindet dann sofort von der Website (Art. 6 Abs. 1 lit. a DSGVO).\n\n"
            "## Ihre Rechte\n\n"
            "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
            "Verarbeitung und Widerspruch sowie das Recht, eine Einwilligung zu widerrufen. "
            "Sie können sich bei der Landesbeauftragten für Datenschutz und "
            "Informationsfreiheit Nordrhein-Westfalen beschweren."
        ),
    },
    {
        "slug": SitePage.Slug.ACCESSIBILITY,
        "title": "Erklärung zur Barrierefreiheit",
        "body": (
            "Wir möchten, dass alle Menschen diese Website nutzen können. Sie soll den "
            "Anforderungen der BITV NRW und der WCAG 2.1 (Stufe AA) entsprechen.\n\n"
            "## Stand der Vereinbarkeit\n\n"
            "Diese Website ist **teilweise barrierefrei**. Die Seiten werden bei jeder Änderung "
            "automatisch mit dem Prüfwerkzeug axe-core geprüft, in Deutsch, Englisch, Türkisch "
            "und Arabisch, und in Tests nur mit der Tastatur bedient. Eine Prüfung durch "
            "Menschen mit Behinderungen steht noch aus.\n\n"
            "## Was noch nicht barrierefrei ist\n\n"
            "- **Texte nur auf Deutsch:** Die Bedienung der Website gibt es auf Deutsch, "
            "Englisch, Türkisch und Arabisch. Viele Texte der Büros und Meldungen gibt es aber "
            "nur auf Deutsch. Die Seiten sagen dann in Ihrer Sprache, dass der Text nur auf "
            "Deutsch da ist.\n"
            "- **Gebärdensprache:** Es gibt eine Seite für gehörlose Menschen mit Kontaktwegen "
            "ohne Telefon. Das Video in Deutscher Gebärdensprache fehlt noch, bis wir es "
            "aufgenommen haben.\n"
            "- **Leichte Sprache:** Es gibt eine Seite in Leichter Sprache. Sie ist noch nicht "
            "von Menschen mit Lernschwierigkeiten geprüft. Die anderen Seiten sind in "
            "Alltagssprache geschrieben.\n"
            "- **Dateien von Antragstellenden:** PDF-Dateien und Fotos, die Menschen mit einem "
            "Antrag an den Stadtteilfonds hochladen, prüfen wir nicht auf Barrierefreiheit.\n"
            "- **Bilder in Meldungen:** Die Bildbeschreibungen schreiben die Büros selbst. "
            "Sie können fehlerhaft sein.\n\n"
            "## Alternativen\n\n"
            "Alles, was auf der Website steht, erklären wir Ihnen auch persönlich im "
            "Quartiersbüro, Westerfilder Straße 23. Wer nicht telefonieren kann, schreibt uns "
            "über das Formular „Termin anfragen“.\n\n"
            "## Barriere melden\n\n"
            "Wenn Ihnen eine Barriere auffällt, nutzen Sie bitte unser "
            "[Formular „Barriere melden“](/barrierefreiheit/rueckmeldung/) oder sagen Sie es "
            "uns persönlich im Quartiersbüro, Westerfilder Straße 23. Wir antworten innerhalb "
            "eines Monats.\n\n"
            "## Schlichtungsverfahren\n\n"
            "Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die "
            "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz NRW wenden. Das "
            "Verfahren ist kostenlos. Den Link zur Schlichtungsstelle und ihre Kontaktdaten "
            "ergänzt die Redaktion vor der Veröffentlichung."
        ),
    },
]


# Contact and the way in. The numbers and addresses are fictional (0231 000000-…, example.org)
# so that no real person is called; "Heute zu tun" lists them until staff enter the real ones.
# The shop front is the one fact the seed gives; the rest is marked as an example.
VISIT = {
    "directions": (
        "S-Bahn S2 bis Dortmund-Westerfilde, dann etwa 5 Minuten zu Fuß (Beispielangabe)\n"
        "Fahrradbügel vor dem Ladenlokal (Beispielangabe)"
    ),
    "step_free_access": (
        "Ladenlokal im Erdgeschoss, Eingang ohne Stufe (Beispielangabe, bitte vor Ort prüfen)"
    ),
    "entrance": "Ladenlokal an der Westerfilder Straße 23, Eingang direkt von der Straße",
}
CONTACT = {
    "quartiersmanagement": {
        "phone": "0231 000000-1",
        "email": "quartiersmanagement@example.org",
        "what_to_bring": "Ihre Idee oder Ihre Frage in ein paar Stichworten",
    },
    "jobcenter": {
        "phone": "0231 000000-2",
        "email": "aktionsbuero@example.org",
        "what_to_bring": (
            "Personalausweis oder Pass\n"
            "Ihre Kundennummer beim Jobcenter, wenn Sie eine haben\n"
            "Bescheide und Briefe, um die es geht"
        ),
    },
    "donapart": {
        "phone": "0231 000000-3",
        "email": "donapart@example.org",
        "what_to_bring": "",
    },
}


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    for data in OFFICES:
        Office.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **data,
                **VISIT,
                **CONTACT[data["slug"]],
                "street": settings.SITE_STREET,
                "postal_code": settings.SITE_POSTAL_CODE,
                "city": settings.SITE_CITY,
                "room": "Ladenlokal im Erdgeschoss",
                "by_appointment": True,
            },
        )
    for data in SITE_PAGES:
        SitePage.objects.get_or_create(slug=data["slug"], defaults=data)
    demo_news.load()
