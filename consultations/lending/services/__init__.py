"""Writes of the lending, one module per part of a loan's life: the resident's request
(requests), staff's answer and series (decisions), pick-up and return (handover), the mails
the schedule sends (reminders), and deleting what is no longer needed (erasure)."""
