"""The one list of what names or reaches a person in the groups directory. The public pages
never show these fields; the Auskunft and the erasure in the admin and the retention rules
(offices.initiatives.services.retention) work on exactly these."""

# A group's contact: only the office and the contact themself see them.
GROUP_CONTACT_FIELDS = ("contact_name", "contact_email")
# A "Mitmachen" message: relayed to the group's contact, kept for the limits and questions.
JOIN_REQUEST_FIELDS = ("name", "email", "message")
# A proposed change may name a new contact.
GROUP_CHANGE_CONTACT_FIELDS = ("contact_name", "contact_email")
