"""The page in Leichte Sprache, written after the rules of the Netzwerk Leichte Sprache: short
sentences, one statement per line, hard words explained, long words split with a hyphen, numbers
as digits. Staff edit the texts in admin; hours, address and fund dates are added live."""

from offices.models import EasyReadSection

Topic = EasyReadSection.Topic

SECTIONS = [
    {
        "topic": Topic.OFFICE,
        "title": "Was ist das Quartiers-Büro?",
        "body": (
            "Das Quartiers-Büro ist ein Büro in Dortmund.\n"
            "Es ist für die Stadt-Teile Westerfilde und Bodelschwingh.\n"
            "\n"
            "**Quartier**\n"
            "Quartier ist ein anderes Wort für Stadt-Teil.\n"
            "\n"
            "Im Quartiers-Büro arbeiten 3 Partner zusammen.\n"
            "Alle 3 sind in einem Laden.\n"
            "\n"
            "Sie können ins Quartiers-Büro kommen:\n"
            "\n"
            "- wenn Sie eine Frage zum Stadt-Teil haben.\n"
            "- wenn Sie eine Idee für den Stadt-Teil haben.\n"
            "- wenn Sie Hilfe vom Job-Center brauchen.\n"
            "\n"
            "Die Beratung kostet nichts.\n"
            "Beratung heißt: Jemand hilft Ihnen bei einer Frage."
        ),
    },
    {
        "topic": Topic.PARTNERS,
        "title": "Die 3 Partner",
        "body": (
            "Im Quartiers-Büro sind 3 Partner.\n"
            "Partner heißt hier: Sie arbeiten zusammen.\n"
            "Hier steht, was jeder Partner macht."
        ),
    },
    {
        "topic": Topic.HOURS,
        "title": "Wann ist das Büro offen?",
        "body": (
            "Jeder Partner hat eigene Zeiten.\n"
            "Die Zeiten heißen: **Sprech-Zeiten**.\n"
            "In den Sprech-Zeiten können Sie einfach kommen.\n"
            "Sie brauchen dann keinen Termin.\n"
            "\n"
            "Hier stehen die Sprech-Zeiten.\n"
            "Die Website zeigt immer die Zeiten von heute."
        ),
    },
    {
        "topic": Topic.WAY,
        "title": "So kommen Sie zum Büro",
        "body": (
            "Das Büro ist ein Laden im Erd-Geschoss.\n"
            "Erd-Geschoss heißt: ganz unten im Haus.\n"
            "\n"
            "Sie können mit Bus und Bahn kommen.\n"
            "Die Fahr-Zeiten finden Sie bei DSW21.\n"
            "DSW21 sind die Busse und Bahnen in Dortmund.\n"
            "\n"
            "Sie brauchen Hilfe auf dem Weg?\n"
            "Dann sagen Sie uns vorher Bescheid."
        ),
    },
    {
        "topic": Topic.FUND,
        "title": "Der Stadt-Teil-Fonds",
        "body": (
            "Der Stadt-Teil-Fonds ist Geld für gute Ideen im Stadt-Teil.\n"
            "\n"
            "**Fonds**\n"
            "Ein Fonds ist ein Topf mit Geld.\n"
            "Das Geld ist für einen bestimmten Zweck.\n"
            "\n"
            "Sie haben eine Idee für Ihre Nachbarn?\n"
            "Zum Beispiel ein Fest im Hof.\n"
            "Oder Blumen-Beete für alle.\n"
            "Dann können Sie Geld aus dem Stadt-Teil-Fonds bekommen.\n"
            "\n"
            "So geht es:\n"
            "\n"
            "1. Sie kommen ins Quartiers-Büro. Wir beraten Sie.\n"
            "2. Sie schreiben einen Antrag.\n"
            "Antrag heißt: Sie schreiben auf, was Sie machen wollen.\n"
            "Und wie viel Geld Sie brauchen.\n"
            "3. Die Jury liest Ihren Antrag.\n"
            "4. Die Jury sagt Ja oder Nein.\n"
            "5. Sie machen Ihr Projekt.\n"
            "6. Sie geben uns die Kassen-Zettel. Dann bekommen Sie das Geld.\n"
            "\n"
            "**Wichtig:**\n"
            "Fangen Sie erst an, wenn die Jury Ja gesagt hat.\n"
            "\n"
            "Sie können den Antrag auch im Internet schreiben.\n"
            "Wir helfen Ihnen gerne dabei."
        ),
    },
    {
        "topic": Topic.WEBSITE,
        "title": "So benutzen Sie die Website",
        "body": (
            "Oben auf jeder Seite ist ein blauer Streifen.\n"
            "Dort stehen diese Wörter:\n"
            "\n"
            "- **Start:** Hier kommen Sie zur ersten Seite.\n"
            "- **Sprechzeiten:** Hier steht, wann die Büros offen sind.\n"
            "- **Aktuelles:** Hier stehen Neuigkeiten aus dem Quartiers-Büro.\n"
            "- **Stadtteilfonds:** Hier steht alles zum Geld für Ihre Idee.\n"
            "- **Leichte Sprache:** Das ist diese Seite.\n"
            "- **Gebärdensprache:** Hier sind Informationen für gehörlose Menschen.\n"
            "\n"
            "Sie können die Sprache wechseln.\n"
            "Zum Beispiel: Englisch, Türkisch oder Arabisch.\n"
            "Klicken Sie dafür oben auf den Namen von der Sprache.\n"
            "\n"
            "Sie benutzen keine Maus?\n"
            "Dann drücken Sie die Taste **Tab**.\n"
            "Mit der Taste Tab gehen Sie von Link zu Link.\n"
            "Mit der Taste **Enter** öffnen Sie einen Link.\n"
            "\n"
            "Sie wollen die Schrift größer machen?\n"
            "Drücken Sie die Taste **Strg** und die Taste **Plus** zusammen.\n"
            "Am Handy: Ziehen Sie die Seite mit 2 Fingern größer.\n"
            "\n"
            "Ganz unten auf jeder Seite steht:\n"
            "\n"
            "- **Impressum:** Wer die Website macht.\n"
            "- **Datenschutz:** Was mit Ihren Daten passiert.\n"
            "- **Barrierefreiheit:** Was auf der Website noch schwer ist. "
            "Und wo Sie uns das sagen können."
        ),
    },
]


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
    for data in SECTIONS:
        EasyReadSection.objects.get_or_create(topic=data["topic"], defaults=data)
