from datetime import timedelta
from io import StringIO

from axes.models import AccessLog
from django.core.management import call_command

from quartier.core import clock
from quartier.models import AccessibilityFeedback


def make_feedback(age_days: int) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback.objects.create(message=f"{age_days} Tage alt")
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(
        created_at=clock.now() - timedelta(days=age_days)
    )
    return feedback


def test_apply_retention_erases_only_what_is_past_its_period(db, caplog):
    make_feedback(400)
    kept = make_feedback(300)
    AccessLog.objects.create(ip_address="198.51.100.1", username="alt", user_agent="x")
    AccessLog.objects.update(attempt_time=clock.now() - timedelta(days=31))
    AccessLog.objects.create(ip_address="198.51.100.2", username="neu", user_agent="x")
    out = StringIO()

    with caplog.at_level("INFO", logger="quartier.retention"):
        call_command("apply_retention", stdout=out)

    assert list(AccessibilityFeedback.objects.all()) == [kept]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["neu"]
    assert "Rückmeldungen zur Barrierefreiheit: 1 gelöscht" in out.getvalue()
    assert "Anmeldeprotokolle der Mitarbeitenden: 1 gelöscht" in out.getvalue()
    assert "erased=1" in caplog.text
