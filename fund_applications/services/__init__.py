"""Every write of the Stadtteilfonds, one module per part of an application's life.

lifecycle is the bottom: the one place where a status changes. The modules above it call it
and never each other, except decisions, which names sessions as jury_sessions does, and
erasure, which purges drafts. Callers import from here."""

from fund_applications.services.corrections import CORRECTABLE_FIELDS, application_correct
from fund_applications.services.decisions import application_decide, decision_year
from fund_applications.services.drafts import (
    DRAFT_LIFETIME,
    CostLine,
    application_submit,
    draft_attachment_add,
    draft_attachment_remove,
    draft_create,
    draft_save_step,
    drafts_purge,
)
from fund_applications.services.erasure import (
    application_anonymise,
    application_delete,
    retention_completed,
    retention_drafts,
    retention_unfunded,
    subject_access_report,
)
from fund_applications.services.jury_sessions import (
    CollectResult,
    LeftOut,
    application_move_session,
    jury_session_collect,
    session_in_words,
)
from fund_applications.services.lifecycle import (
    application_staff_transition,
    application_transition,
    application_withdraw,
    check_step,
    report_due_date,
)
from fund_applications.services.payouts import application_record_payout
from fund_applications.services.publication import ConsentKind, consent_set
from fund_applications.services.questions import (
    application_answer_question,
    check_answer_files,
    message_attachment_share,
)
from fund_applications.services.reminders import reports_remind_overdue
from fund_applications.services.reports import (
    receipt_add,
    report_file_remove,
    report_photo_add,
    report_save_text,
    report_submit,
)

__all__ = [
    "CORRECTABLE_FIELDS",
    "DRAFT_LIFETIME",
    "CollectResult",
    "ConsentKind",
    "CostLine",
    "LeftOut",
    "application_anonymise",
    "application_answer_question",
    "application_correct",
    "application_decide",
    "application_delete",
    "application_move_session",
    "application_record_payout",
    "application_staff_transition",
    "application_submit",
    "application_transition",
    "application_withdraw",
    "check_answer_files",
    "check_step",
    "consent_set",
    "decision_year",
    "draft_attachment_add",
    "draft_attachment_remove",
    "draft_create",
    "draft_save_step",
    "drafts_purge",
    "jury_session_collect",
    "message_attachment_share",
    "receipt_add",
    "report_due_date",
    "report_file_remove",
    "report_photo_add",
    "report_save_text",
    "report_submit",
    "reports_remind_overdue",
    "retention_completed",
    "retention_drafts",
    "retention_unfunded",
    "session_in_words",
    "subject_access_report",
]
