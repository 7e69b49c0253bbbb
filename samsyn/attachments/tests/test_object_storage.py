"""Issue 18 item 5: attachments in S3-compatible object storage (ATTACHMENT_STORAGE=s3, through
django-storages) behave as on local disk: stored privately under the prefix, downloaded only
through the access-checked view, deleted by retention. moto plays the object store in process."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from samsyn.attachments.models import Attachment
from samsyn.core.access import actor_for
from samsyn.core.retention import purge_closed_free_text
from samsyn.disagreements import services
from samsyn.disagreements.tests.factories import closed_with_lesson, open_case

BUCKET = "samsyn-bilagor"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def object_store(settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-north-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-north-1")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-north-1",
                    "location": "bilagor",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def _keys(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_attachment_goes_to_the_bucket_privately_and_comes_back_through_the_view(
    object_store,
    ladder,
    boras,
    sas,
    client,
    settings,  # noqa: F811
):
    case = open_case(ladder["boras1"], boras, sas)
    services.disagreement_attach(
        actor=actor_for(ladder["sas1"]),
        disagreement=case,
        files=[SimpleUploadedFile("vardplan.pdf", PDF)],
    )
    attachment = Attachment.objects.get()
    (key,) = _keys(object_store)
    assert key.startswith("bilagor/") and key == f"bilagor/{attachment.file.name}"
    assert "vardplan" not in key  # stored under a random name, not the one the user gave
    grants = object_store.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only
    assert not (Path(settings.MEDIA_ROOT)).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*"))

    client.force_login(ladder["boras2"])
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(ladder["skovde1"])
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_retention_deletes_the_object_from_the_bucket(object_store, ladder, boras, sas, settings):
    case = open_case(ladder["boras1"], boras, sas)
    services.disagreement_attach(
        actor=actor_for(ladder["boras1"]),
        disagreement=case,
        files=[SimpleUploadedFile("vardplan.pdf", PDF)],
    )
    assert len(_keys(object_store)) == 1
    settings.RETENTION_YEARS = 10
    closed_with_lesson(ladder, case, ago=datetime.timedelta(days=366 * 11))
    purge_closed_free_text()
    assert not Attachment.objects.exists()
    assert _keys(object_store) == []


def _settings_with(env: dict, module: str = "samsyn.settings") -> subprocess.CompletedProcess:
    code = (
        f"import importlib; s = importlib.import_module({module!r}); "
        "print(s.STORAGES['default']['BACKEND'], s.STORAGES['default'].get('OPTIONS', {}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ATTACHMENT_")}
    return subprocess.run(  # noqa: S603 - our own interpreter and settings module
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        check=False,
    )


def test_the_environment_chooses_the_object_store_and_refuses_what_it_does_not_know():
    local = _settings_with({})
    assert local.stdout.startswith("django.core.files.storage.FileSystemStorage")
    s3 = _settings_with(
        {
            "ATTACHMENT_STORAGE": "s3",
            "ATTACHMENT_S3_BUCKET": "vgr-samsyn",
            "ATTACHMENT_S3_ENDPOINT_URL": "https://s3.example.se",
        }
    )
    assert s3.stdout.startswith("storages.backends.s3.S3Storage")
    assert "'bucket_name': 'vgr-samsyn'" in s3.stdout
    assert "'endpoint_url': 'https://s3.example.se'" in s3.stdout
    assert "'default_acl': 'private'" in s3.stdout
    wrong = _settings_with({"ATTACHMENT_STORAGE": "ftp"})
    assert wrong.returncode != 0 and "ATTACHMENT_STORAGE must be 'local' or 's3'" in wrong.stderr
