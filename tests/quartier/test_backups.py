import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from offices.models import Office, SitePage
from quartier.backups import checksums


def snapshot() -> str:
    out = StringIO()
    call_command("dumpdata", "--exclude=contenttypes", "--exclude=auth.permission", stdout=out)
    return json.dumps(sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], r["pk"])))


@pytest.fixture
def file_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "news").mkdir(parents=True)
    (settings.MEDIA_ROOT / "news" / "fest.webp").write_bytes(b"RIFF-picture")
    (settings.PRIVATE_MEDIA_ROOT / "antraege").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "antraege" / "angebot.pdf").write_bytes(b"%PDF-1.4 quote")
    return settings


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_site_gives_back_every_record_and_file(
    demo_data, file_roots, tmp_path
):
    Office.objects.filter(slug="jobcenter").update(phone="0231 5000")
    before = snapshot()
    files_before = {
        "media": checksums(Path(file_roots.MEDIA_ROOT)),
        "private": checksums(Path(file_roots.PRIVATE_MEDIA_ROOT)),
    }
    call_command("backup_site", output=str(tmp_path / "backups"), stdout=StringIO())
    archive = next((tmp_path / "backups").glob("quartier-backup-*.tar.gz"))

    call_command("flush", interactive=False)
    for root in (file_roots.MEDIA_ROOT, file_roots.PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*.*"):
            path.unlink()
    assert not Office.objects.exists()
    assert not SitePage.objects.exists()

    call_command("restore_site", str(archive), yes=True, stdout=StringIO())

    assert snapshot() == before
    assert Office.objects.get(slug="jobcenter").phone == "0231 5000"
    assert checksums(Path(file_roots.MEDIA_ROOT)) == files_before["media"]
    assert checksums(Path(file_roots.PRIVATE_MEDIA_ROOT)) == files_before["private"]
    assert archive.stat().st_mode & 0o077 == 0


def test_restore_without_yes_refuses(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(tmp_path / "x.tar.gz"))
