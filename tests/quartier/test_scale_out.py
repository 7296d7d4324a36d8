"""Settings that let several app servers share state: Redis cache, object storage."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from tests.object_storage import Buckets


def settings_with(**env) -> str:
    """Print the effective cache and storage backends for this environment."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND']); print(s.STORAGES['default']['BACKEND']); "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print('img-src', *d['img-src']); print('media-src', *d['media-src'])"
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "quartier.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout


@pytest.mark.parametrize(
    ("extra", "origin"),
    [
        ({"S3_ENDPOINT_URL": "https://s3.example.net:9000"}, "https://s3.example.net:9000"),
        (
            {"S3_ENDPOINT_URL": "https://s3.example.net", "S3_CUSTOM_DOMAIN": "bilder.example.org"},
            "https://bilder.example.org",
        ),
        ({}, "https://quartier.s3.amazonaws.com"),
    ],
)
def test_pictures_from_object_storage_are_allowed_by_the_security_policy(extra, origin):
    """With MEDIA_STORAGE=s3 announcement pictures and sign-language videos come from the
    bucket's address; the browser shows them only if the policy names that origin."""
    output = settings_with(
        MEDIA_STORAGE="s3", S3_BUCKET="quartier", S3_PRIVATE_BUCKET="quartier-privat", **extra
    )

    assert f"img-src 'self' data: {origin}\n" in output
    assert f"media-src 'self' {origin}\n" in output


def test_pictures_on_the_own_disk_need_no_other_origin():
    output = settings_with(MEDIA_STORAGE="filesystem")

    assert "img-src 'self' data:\n" in output
    assert "media-src 'self'\n" in output


def test_redis_url_and_media_storage_switch_the_backends():
    output = settings_with(
        REDIS_URL="redis://127.0.0.1:6379/1",
        MEDIA_STORAGE="s3",
        S3_BUCKET="quartier",
        S3_PRIVATE_BUCKET="quartier-privat",
    )

    assert "django.core.cache.backends.redis.RedisCache" in output
    assert "storages.backends.s3.S3Storage" in output


def storages_with(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: v for k, v in s.STORAGES.items() if k != 'staticfiles'}))"
    )
    return json.loads(
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", code],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "quartier.settings", **env},
            capture_output=True,
            text=True,
            check=True,
            cwd=settings.BASE_DIR,
        ).stdout
    )


def test_object_storage_keeps_private_files_in_a_bucket_of_their_own():
    buckets = Buckets(endpoint_url="http://127.0.0.1:9000", public="medien", private="privat")

    configured = storages_with(**buckets.environment())

    # The tests of object storage use exactly what the settings build.
    expected = buckets.storages({})
    assert configured == {name: expected[name] for name in ("default", "private", "outbox")}
    assert configured["private"]["OPTIONS"]["bucket_name"] == "privat"
    assert configured["outbox"]["OPTIONS"]["location"] == "outbox"
    assert configured["default"]["OPTIONS"]["bucket_name"] == "medien"


@pytest.mark.parametrize("private_bucket", ["", "medien"])
def test_object_storage_without_a_private_bucket_of_its_own_stops_with_a_clear_error(
    private_bucket,
):
    with pytest.raises(subprocess.CalledProcessError) as stopped:
        storages_with(MEDIA_STORAGE="s3", S3_BUCKET="medien", S3_PRIVATE_BUCKET=private_bucket)

    assert "S3_PRIVATE_BUCKET" in stopped.value.stderr


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_page_cache_and_rate_limit_work_on_redis(settings, client, demo_data):
    from django.core.cache import caches

    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{os.getpid()}-{alias}",
        }
        for alias in ("default", "pages")
    }
    try:
        from quartier.core.page_cache import content_changed, content_version

        before = content_version()
        content_changed()
        first = client.get("/")
        second = client.get("/")

        assert content_version() == before + 1
        assert first.content == second.content
    finally:
        caches["default"].clear()
        caches["pages"].clear()


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_rq_backend_runs_the_outbox_for_several_servers(
    db, settings, django_capture_on_commit_callbacks, mailoutbox
):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    from quartier.core.mail import queue_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/14"}}
    django_rq.get_queue("default").empty()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            queue_email(to=["anna@example.org"], subject="Über Redis", body="Text")
        assert mailoutbox == []  # enqueued, not run in the request

        # In this process (no fork): the job sees the test's transaction.
        django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker).work(burst=True)
    finally:
        django_rq.get_queue("default").empty()

    assert [m.subject for m in mailoutbox] == ["Über Redis"]
