"""A real S3-compatible server for the tests of MEDIA_STORAGE=s3: moto's server, started once
per test process on a free port (pytest-xdist workers each get their own), and a fresh pair
of buckets per test, public media and private files, as production has them."""

import json
import uuid
from dataclasses import dataclass

import pytest

ACCESS_KEY = "quartier-test"
SECRET_KEY = "quartier-test-secret"


@dataclass(frozen=True)
class Buckets:
    endpoint_url: str
    public: str
    private: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def names(self, bucket: str) -> set[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listed.get("Contents", [])}

    def environment(self) -> dict[str, str]:
        """The variables an app server reads for this storage (see .env.example)."""
        return {
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": self.public,
            "S3_PRIVATE_BUCKET": self.private,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY": ACCESS_KEY,
            "S3_SECRET_KEY": SECRET_KEY,
            "S3_REGION": "us-east-1",
        }

    def storages(self, existing: dict) -> dict:
        """settings.STORAGES as quartier/settings.py builds it for this environment."""
        connection = {
            "endpoint_url": self.endpoint_url,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": "us-east-1",
        }
        private = {
            **connection,
            "bucket_name": self.private,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        }
        backend = "storages.backends.s3.S3Storage"
        return {
            **existing,
            "default": {
                "BACKEND": backend,
                "OPTIONS": {
                    **connection,
                    "bucket_name": self.public,
                    "custom_domain": None,
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
            "private": {"BACKEND": backend, "OPTIONS": private},
            "outbox": {"BACKEND": backend, "OPTIONS": {**private, "location": "outbox"}},
        }


def public_read_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server in this process (requirements-dev.txt has moto)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_buckets(s3_server, settings):
    """Two new buckets on the S3 server; the site's storages point at them for this test."""
    suffix = uuid.uuid4().hex[:12]
    buckets = Buckets(endpoint_url=s3_server, public=f"media-{suffix}", private=f"private-{suffix}")
    client = buckets.client()
    client.create_bucket(Bucket=buckets.public)
    client.create_bucket(Bucket=buckets.private)
    # As docs/deploy.md tells: everyone may read the public bucket's files, nobody the other's.
    client.put_bucket_policy(Bucket=buckets.public, Policy=public_read_policy(buckets.public))
    settings.STORAGES = buckets.storages(settings.STORAGES)
    return buckets
