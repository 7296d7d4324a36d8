"""The one list of a sign-up's fields that name or reach a person, or say something about
their needs. The Auskunft shows them, the CSV export carries them only for staff who may see
the event, and the retention rule and the erasure delete the whole row (services)."""

# Who signed up and how to reach them.
CONTACT_FIELDS = ("name", "email")
# Answers to the event's questions: needs (a wheelchair place, interpretation) are sensitive.
ANSWER_FIELDS = ("persons", "children", "wheelchair", "interpreter", "note")
# What happened to the sign-up, with times.
RECORD_FIELDS = (
    "status",
    "language",
    "consent_given_at",
    "created_at",
    "moved_up_at",
    "cancelled_at",
    "reminder_sent_at",
    "checked_in_at",
)

PERSONAL_FIELDS = CONTACT_FIELDS + ANSWER_FIELDS + RECORD_FIELDS
