"""The drills' stack: a private PostgreSQL cluster, a database with the reference data and the
demo people, gunicorn as production runs it (bench/server.py), and tokens for the clients."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.server import REPO, Server, production_env
from drills.cluster import PrivateCluster

DATABASE = "samsyn_drills"
LOGS = REPO / "drills" / "logs"


def manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "samsyn.settings"}
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def django_on(database_url: str) -> None:
    """The drill itself reads the database through the ORM to check its invariants."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "samsyn.settings"
    import django

    django.setup()


class DrillServer(Server):
    """The bench's production server; the static files' manifest is collected once, not at
    every start (it takes minutes here and the drills do not measure pages' assets)."""

    def _manage(self, *args: str) -> None:
        if args[0] == "collectstatic" and (REPO / "staticfiles" / "staticfiles.json").exists():
            return
        super()._manage(*args)


class Stack:
    def __init__(self, *, workers: int = 3):
        self.cluster = PrivateCluster()
        self.workers = workers
        self.database_url = ""
        self.server: Server | None = None

    def __enter__(self) -> "Stack":
        self.cluster.init()
        self.database_url = self.cluster.create_database(DATABASE)
        # The drill, its commands and the servers sign the audit chain with the same key.
        keys = production_env(self.database_url)
        for name in ("AUDIT_HMAC_KEYS", "PATIENT_REFERENCE_KEYS", "SECRET_KEY"):
            os.environ[name] = keys[name]
        for command in (
            ("migrate", "--noinput"),
            ("load_reference_data",),
            ("load_agreement_registry",),
            ("load_demo_data", "--without-cases", "--allow-without-debug"),
        ):
            began = time.monotonic()
            manage(self.database_url, *command)
            print(f"  {command[0]}: {time.monotonic() - began:.0f} s", flush=True)
        django_on(self.database_url)
        began = time.monotonic()
        self.server = self.start_server("gunicorn")
        print(f"  gunicorn: {time.monotonic() - began:.0f} s", flush=True)
        return self

    def start_server(self, name: str) -> Server:
        server = DrillServer(
            database_url=self.database_url, log_path=LOGS / f"{name}.log", workers=self.workers
        )
        for name in ("AUDIT_HMAC_KEYS", "PATIENT_REFERENCE_KEYS", "SECRET_KEY"):
            server.env[name] = os.environ[name]
        # The drills' webhook receiver listens on loopback (drills/webhook.py).
        server.env["WEBHOOK_PRIVATE_HOSTS"] = "127.0.0.1"
        server.start()
        return server

    def __exit__(self, *exc) -> None:
        if self.server is not None:
            self.server.stop()
        from django.db import connections

        connections.close_all()
        self.cluster.destroy()


def token(username: str, name: str = "Övning") -> str:
    """A fresh personal API token of a demo person (the same service as the tokens page)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samsyn.api.services import api_token_create
    from samsyn.core.access import actor_for

    user = get_user_model().objects.get(username=username)
    made = api_token_create(
        actor=actor_for(user), name=name, expires_on=timezone.localdate() + datetime.timedelta(7)
    )
    return made.secret


def report_body(title: str) -> dict:
    """A deviation Borås Stad reports about Södra Älvsborgs Sjukhus, as the API takes it."""
    from django.utils import timezone

    from samsyn.deviations.governance import documents_citable
    from samsyn.deviations.models import Category, OrganisationConsequence, PatientConsequence
    from samsyn.parties.models import CareProvider, County

    sas = CareProvider.objects.get(name="Södra Älvsborgs Sjukhus")
    county = County.objects.get(name__icontains="Västra Götaland")
    document = documents_citable(county=county).first()
    return {
        "counterpart_provider": sas.pk,
        "event_date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "title": title,
        "description": "Patienten kom hem utan läkemedelslista (övning).",
        "document": document.pk,
        "category": Category.objects.get(name="Läkemedel i vårdens övergångar").pk,
        "patient_consequence": PatientConsequence.objects.get(
            name="Risk för vårdskada (tillbud)"
        ).pk,
        "psychological_consequence": PatientConsequence.objects.get(name="Ingen").pk,
        # Known on every axis: a case with "not known yet" cannot be closed.
        "potential_consequence": PatientConsequence.objects.get(name="Lindrig vårdskada").pk,
        "organisation_consequence": OrganisationConsequence.objects.get(
            name="Ökad arbetsinsats"
        ).pk,
    }


LOGS_README = Path(__file__).with_name("README.md")
