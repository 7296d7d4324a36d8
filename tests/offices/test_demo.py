from django.core.management import call_command

from offices.models import Office, SitePage


def test_load_demo_data_creates_the_three_partners_and_site_pages(db):
    call_command("load_demo_data", verbosity=0)

    assert list(Office.objects.values_list("slug", flat=True)) == [
        "quartiersmanagement",
        "jobcenter",
        "donapart",
    ]
    assert set(SitePage.objects.values_list("slug", flat=True)) == set(SitePage.Slug.values)
    jobcenter = Office.objects.get(slug="jobcenter")
    assert "Dortmund-Pass direkt ausgestellt" in jobcenter.service_list
    assert jobcenter.street == "Westerfilder Straße 23"


def test_load_demo_data_twice_keeps_staff_edits(db):
    call_command("load_demo_data", verbosity=0)
    Office.objects.filter(slug="jobcenter").update(phone="0231 123456")

    call_command("load_demo_data", verbosity=0)

    assert Office.objects.count() == 3
    assert Office.objects.get(slug="jobcenter").phone == "0231 123456"
