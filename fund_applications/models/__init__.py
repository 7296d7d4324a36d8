"""The Stadtteilfonds' models, one module per part: the fund, jury sessions, the application
with its cost plan, drafts, the timeline and messages, payouts and the Verwendungsnachweis."""

from fund_applications.models.application import (
    Application,
    ApplicationQuerySet,
    Attachment,
    CostItem,
)
from fund_applications.models.drafts import ApplicationDraft, DraftAttachment
from fund_applications.models.files import EXTENSIONS, StoredFile, private_file_path
from fund_applications.models.fund import Fund, FundBudget, FundGoal, FundQuerySet, ReferenceCounter
from fund_applications.models.jury import JuryDecision, JurySession
from fund_applications.models.money import MONEY, ZERO, receipts_sum
from fund_applications.models.report import Payout, Receipt, ReportPhoto
from fund_applications.models.timeline import (
    ApplicationMessage,
    ApplicationStatusChange,
    MessageAttachment,
)

__all__ = [
    "EXTENSIONS",
    "MONEY",
    "ZERO",
    "Application",
    "ApplicationDraft",
    "ApplicationMessage",
    "ApplicationQuerySet",
    "ApplicationStatusChange",
    "Attachment",
    "CostItem",
    "DraftAttachment",
    "Fund",
    "FundBudget",
    "FundGoal",
    "FundQuerySet",
    "JuryDecision",
    "JurySession",
    "MessageAttachment",
    "Payout",
    "Receipt",
    "ReferenceCounter",
    "ReportPhoto",
    "StoredFile",
    "private_file_path",
    "receipts_sum",
]
