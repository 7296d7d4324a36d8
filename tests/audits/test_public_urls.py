"""The public addresses are a promise: residents bookmark them, mails and printed flyers carry
them, search engines know them. Moving code between apps must not move a page."""

from django.urls import URLResolver, get_resolver

PUBLIC_URL_PATTERNS = [
    "",
    "^(?P<slug>impressum|datenschutz|barrierefreiheit)/$",
    "admin/passwort/<uidb64>/<token>/",
    "aktuelles/",
    "aktuelles/<slug:slug>/",
    "aktuelles/<slug:slug>/kalender.ics",
    "aktuelles/feed/",
    "aktuelles/feed/<slug:office_slug>/",
    "aktuelles/feed/<slug:office_slug>/rss/",
    "aktuelles/feed/rss/",
    "ausleihen/",
    "ausleihen/<slug:slug>/",
    "ausleihen/<slug:slug>/anfragen/",
    "ausleihen/<slug:slug>/belegung.ics",
    "ausleihen/meine-ausleihe/<str:token>/",
    "ausleihen/meine-ausleihe/<str:token>/absagen/",
    "ausleihen/so-geht-es/",
    "barrierefreiheit/rueckmeldung/",
    "barrierefreiheit/rueckmeldung/danke/",
    "gebaerdensprache/",
    "initiativen/",
    "initiativen/<slug:slug>/",
    "initiativen/<slug:slug>/danke/",
    "initiativen/eintrag/<str:token>/",
    "initiativen/eintrag/<str:token>/aendern/",
    "initiativen/eintrag/<str:token>/entfernen/",
    "initiativen/eintragen/",
    "initiativen/eintragen/danke/",
    "ideen/",
    "ideen/<int:pk>/",
    "ideen/<int:pk>/unterstuetzen/",
    "ideen/<int:pk>/unterstuetzen/danke/",
    "ideen/feed/",
    "ideen/feed/antworten/",
    "ideen/meine/<idea_token:token>/",
    "ideen/meine/<idea_token:token>/antrag/",
    "ideen/neu/",
    "ideen/so-gehts/",
    "ideen/unterstuetzung/<support_token:token>/",
    "leichte-sprache/",
    "neuigkeiten-per-e-mail/",
    "neuigkeiten-per-e-mail/^abmelden/(?P<token>[A-Za-z0-9_\\-.:]{20,120})/$",
    "neuigkeiten-per-e-mail/^bestaetigen/(?P<token>[A-Za-z0-9_\\-.:]{20,120})/$",
    "neuigkeiten-per-e-mail/bitte-bestaetigen/",
    "partner/<slug:slug>/",
    "robots.txt",
    "sitemap.xml",
    "sprechzeiten/",
    "sprechzeiten/<slug:slug>/kalender.ics",
    "sprechzeiten/buchen/",
    "sprechzeiten/buchen/<slug:slug>/",
    "sprechzeiten/buchen/<slug:slug>/<int:type_id>/",
    "sprechzeiten/buchen/angaben/<str:token>/",
    "sprechzeiten/buchen/angaben/<str:token>/andere-zeit/",
    "sprechzeiten/kalender.ics",
    "sprechzeiten/mein-termin/<str:token>/",
    "sprechzeiten/mein-termin/<str:token>/absagen/",
    "sprechzeiten/mein-termin/<str:token>/kalender.ics",
    "sprechzeiten/mein-termin/<str:token>/verschieben/",
    "sprechzeiten/termin/<slug:slug>/",
    "sprechzeiten/termin/<slug:slug>/danke/",
    "stadtteilfonds/",
    "stadtteilfonds/antrag/",
    "stadtteilfonds/antrag/<token:token>/",
    "stadtteilfonds/antrag/<token:token>/<slug:step>/",
    "stadtteilfonds/antrag/<token:token>/absenden/",
    "stadtteilfonds/antrag/<token:token>/bestaetigung/",
    "stadtteilfonds/antrag/<token:token>/gespeichert/",
    "stadtteilfonds/antrag/<token:token>/pruefen/",
    "stadtteilfonds/gefoerderte-projekte/",
    "stadtteilfonds/gefoerderte-projekte/<int:year>/",
    "stadtteilfonds/gefoerderte-projekte/feed/",
    "stadtteilfonds/gefoerderte-projekte/feed/rss/",
    "stadtteilfonds/gefoerderte-projekte/projekt/<int:pk>/",
    "stadtteilfonds/gefoerderte-projekte/projekt/<int:pk>/foto-<int:photo_pk>.jpg",
    "stadtteilfonds/status/<token:token>/",
    "stadtteilfonds/status/<token:token>/antworten/",
    "stadtteilfonds/status/<token:token>/bewilligungsbescheid.pdf",
    "stadtteilfonds/status/<token:token>/nachweis/",
    "stadtteilfonds/status/<token:token>/veroeffentlichung/",
    "stadtteilfonds/status/<token:token>/zurueckziehen/",
    "veranstaltungen/",
    "veranstaltungen/kalender.ics",
    # Event sign-up
    "aktuelles/<slug:slug>/anmeldung/",
    "leichte-sprache/anmeldung/",
    "meine-anmeldung/<str:token>/",
    "meine-anmeldung/<str:token>/absagen/",
    "meine-anmeldung/<str:token>/kalender.ics",
    "meine-anmeldung/<str:token>/personen/",
]


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from _patterns(pattern.url_patterns, route)
        else:
            yield route


def test_public_url_patterns_are_the_ones_residents_know():
    served = sorted(set(_patterns(get_resolver().url_patterns)) - {"^media/(?P<path>.*)$"})

    assert served == sorted(PUBLIC_URL_PATTERNS)
