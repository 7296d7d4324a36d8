from django.core.management import call_command

from fund_applications.models import Fund, FundGoal, JurySession


def test_demo_data_creates_the_fund_once(demo_data):
    call_command("load_demo_data", verbosity=0)

    fund = Fund.objects.get()
    assert fund.name == "Stadtteilfonds Westerfilde/Bodelschwingh"
    assert str(fund.year_budget) == "35000.00"
    assert fund.office.slug == "quartiersmanagement"
    assert list(FundGoal.objects.values_list("name", flat=True)) == [
        "Nachbarschaft",
        "Umwelt",
        "Kultur",
        "Kinder und Jugend",
        "Sport",
        "Bildung",
    ]
    assert JurySession.objects.count() == 8
    assert all(s.submission_deadline < s.starts_at.date() for s in JurySession.objects.all())
