"""Real-browser tests: a live Samsyn under gunicorn, driven by Debian's Chromium via Playwright.

The server runs in a subprocess against its OWN database (a temporary SQLite file, or
`<name>_e2e` beside the PostgreSQL database of DATABASE_URL), so it never meets the test
database that pytest-django creates and flushes. It is prepared exactly as `make run` prepares
a development server: the `manage.py` lines of the Makefile's `run` target are read and run
(see `setup_commands()`), so a new loader added there is loaded here too.

Adding a page to the axe sweep is one line in PAGES below; see tests/browser/README.md.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from samsyn.demo.people import DEMO_PASSWORD, DEMO_PEOPLE
from tests.oidc_provider.server import CLIENT_SECRET

OIDC_SECRET_ENV = "SAMSYN_E2E_OIDC_SECRET"

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The browser's own UI language: Debian's chromium ships only en-US (sv needs
    # chromium-l10n), as a browser without Swedish locale data would run. Samsyn's date fields
    # are text fields read as ÅÅÅÅ-MM-DD, so typing a date does not depend on it (issue 24).
    # Pages still get Swedish through the context's locale (Accept-Language, navigator.language).
    "--lang=en-US",
]
_E2E_ENV: dict[str, str] = {}  # the live server's environment, for demo_ids
DEMO_USERNAMES = [username for username, *_ in DEMO_PEOPLE]

# Every page here is loaded (signed in as `username`, or anonymous when None) and must pass
# axe with zero WCAG 2.0/2.1 A/AA violations; a screenshot is saved under `name`.
# (name, path, username)
PAGES = [
    ("login", "/logga-in/", None),
    *[(f"start-{username}", "/", username) for username in DEMO_USERNAMES],
    ("not-found", "/finns-inte/", "rapportor"),
    ("about", "/om/", "rapportor"),
    ("forbidden", "/logg/lasningar/", "rapportor"),
    # Log review (county administrators), also with a filter in its error state.
    ("audit-read-log", "/logg/lasningar/", "lansadmin"),
    (
        "audit-read-log-bad-filter",
        "/logg/lasningar/?date_from=2027-02-01&date_to=2027-01-01",
        "lansadmin",
    ),
    ("audit-trail", "/logg/handelser/", "lansadmin"),
    # History from the old system (issue 21 items 5 and 6): the import page, a bad export year,
    # and the import profiles (test_history_import.py checks a file).
    ("history-import", "/historik/", "lansadmin"),
    ("history-export-bad-year", "/historik/export/?year=fel&format=csv", "lansadmin"),
    ("history-profile-add", "/historik/profiler/ny/", "lansadmin"),
    ("history-profile", "/historik/profiler/{import_profile}/", "lansadmin"),
    # Webhooks to a provider's own system (issue 21 item 7), kept by the principal's admin.
    ("webhooks", "/utskick/webhooks/", "admin.boras"),
    # Issue 19 items 4 and 5: the re-coding queue (also in test_classification.py), systemic
    # issues and their form.
    ("recoding-queue", "/avvikelser/omkodning/", "analytiker"),
    ("systemic-list", "/systemfel/", "samordnare.lanet"),
    ("systemic-form", "/systemfel/nytt/", "samordnare.lanet"),
    ("systemic-detail", "/systemfel/{systemic_issue}/", "samordnare.sodra"),
    ("systemic-edit", "/systemfel/{systemic_issue}/andra/", "samordnare.sodra"),
    ("systemic-detail-manager", "/systemfel/{systemic_issue}/", "chef1.boras"),
    ("audit-trail-bad-filter", "/logg/handelser/?date_from=inte-ett-datum", "lansadmin"),
    # Agreements and governing documents: everyone reads, county administrators edit.
    ("agreements-documents", "/avtal/", "handlaggare.sas"),
    ("agreements-document", "/avtal/dokument/HSA-2027/", "handlaggare.sas"),
    ("agreements-document-admin", "/avtal/dokument/HSA-2027/", "lansadmin"),
    ("agreements-overview", "/avtal/beslutslage/", "lansadmin"),
    ("agreements-regime", "/avtal/regim/", "rapportor"),
    ("agreements-regime-result", "/avtal/regim/?party=1490&on_date=2027-03-01", "rapportor"),
    ("agreements-regime-bad-date", "/avtal/regim/?party=&on_date=31-02-2027", "rapportor"),
    ("agreements-decision-form", "/avtal/beslut/", "lansadmin"),
    ("agreements-termination-form", "/avtal/uppsagning/", "lansadmin"),
    ("agreements-version-form", "/avtal/dokument/HSA-2027/ny-version/", "lansadmin"),
    # Pages of demo objects name them by placeholder: "{deviation_analysed}" is the id of the
    # first Borås Stad → Södra Älvsborgs Sjukhus deviation at status analysed, looked up in the
    # live server's database (tests/browser/demo_ids.py); see resolve_path().
    # Deviations: the inbox with filters, the report form, case pages in every state.
    ("deviations-inbox", "/avvikelser/", "handlaggare.sas"),
    # Issue 19: each type's short form, and the classification's definitions and examples.
    ("deviations-report-near-miss", "/avvikelser/rapportera/?typ=tillbud", "rapportor"),
    (
        "deviations-report-good-cooperation",
        "/avvikelser/rapportera/?typ=god-samverkan",
        "rapportor",
    ),
    ("classification-guidance", "/avvikelser/klassificering/", "lansadmin"),
    ("classification-guidance-edit", "/avvikelser/klassificering/kategori/1/", "lansadmin"),
    ("classification-value-add", "/avvikelser/klassificering/orsak/ny/", "lansadmin"),
    (
        "deviations-list-filtered",
        "/avvikelser/?status=sent&overdue=on&q=utskrivning",
        "handlaggare.sas",
    ),
    (
        "deviations-list-bad-filter",
        "/avvikelser/?date_from=fel&date_to=2027-13-01",
        "handlaggare.sas",
    ),
    ("deviations-report", "/avvikelser/rapportera/", "rapportor"),
    ("deviation-sent-counterpart", "/avvikelser/{deviation_sent}/", "handlaggare.sas"),
    ("deviation-sent-reporter", "/avvikelser/{deviation_sent}/", "rapportor"),
    ("deviation-acknowledged", "/avvikelser/{deviation_acknowledged}/", "handlaggare.sas"),
    # Issue 19 item 3: re-classifying, each value's definition beside its radio button (the
    # form the case page loads when its section is opened, at its own address).
    (
        "deviation-reclassify-form",
        "/avvikelser/{deviation_acknowledged}/klassificera-om/",
        "handlaggare.sas",
    ),
    # The receiving side (issue 17): a case sent back, the nurse's own reports.
    ("deviation-returned", "/avvikelser/{deviation_returned}/", "skoterska.boras"),
    ("deviation-my-reports", "/avvikelser/mina-rapporter/", "skoterska.boras"),
    ("start-ward-handler", "/", "handlaggare.avd12"),
    ("start-coordinator", "/", "samordnare.vgr"),
    ("deviation-analysed", "/avvikelser/{deviation_analysed}/", "handlaggare.sas"),
    ("deviation-measures-decided", "/avvikelser/{deviation_measures_decided}/", "handlaggare.sas"),
    ("deviation-followed-up", "/avvikelser/{deviation_followed_up}/", "handlaggare.sas"),
    ("deviation-closed", "/avvikelser/{deviation_closed}/", "rapportor"),
    ("deviation-manager", "/avvikelser/{deviation_analysed}/", "chef1.boras"),
    ("notifications", "/aviseringar/", "handlaggare.sas"),
    # Disagreements: list, cases at each step, the forms, library, registers, organisation.
    ("disagreements-list", "/oenighet/", "chef1.sas"),
    ("disagreements-list-filtered", "/oenighet/?status=open&step=2&dispute_only=", "chef2.sas"),
    ("disagreements-case-step1", "/oenighet/{disagreement_step1}/", "chef1.boras"),
    ("disagreements-case-step2", "/oenighet/{disagreement_step2}/", "chef2.sas"),
    ("disagreements-dispute", "/oenighet/{disagreement_dispute}/", "chef3.sas"),
    ("disagreements-closed", "/oenighet/{disagreement_closed}/", "chef1.boras"),
    ("disagreements-create", "/oenighet/ny/", "chef1.boras"),
    (
        "disagreements-create-from-deviation",
        "/oenighet/ny/?deviation={deviation_analysed}",
        "chef1.boras",
    ),
    ("disagreements-escalate", "/oenighet/{disagreement_step2}/eskalera/", "chef2.boras"),
    ("disagreements-step", "/oenighet/{disagreement_step1}/steg/", "chef1.sas"),
    (
        "disagreements-temporary-solution",
        "/oenighet/{disagreement_step1}/tillfallig-losning/",
        "chef1.boras",
    ),
    ("disagreements-lessons", "/oenighet/vagledande-losningar/", "rapportor"),
    ("disagreements-lessons-search", "/oenighet/vagledande-losningar/?q=helg", "handlaggare.sas"),
    ("disagreements-lesson", "/oenighet/vagledande-losningar/{lesson}/", "rapportor"),
    ("disagreements-organisation", "/oenighet/organisation/", "admin.boras"),
    ("disagreements-economic-agreements", "/oenighet/ekonomiska-overenskommelser/", "chef2.boras"),
    (
        "disagreements-economic-agreement-create",
        "/oenighet/ekonomiska-overenskommelser/ny/",
        "chef2.boras",
    ),
    # The follow-up of a region–municipality pair and of a cooperation area (issue 19 item 6).
    ("followup-pairs", "/uppfoljning/par/", "analytiker"),
    ("followup-pairs-coordinator", "/uppfoljning/", "samordnare.sodra"),
    # Issue 20 item 4: the county's dashboard (charts beside tables), filtered to an area.
    ("followup-dashboard", "/uppfoljning/", "analytiker"),
    ("followup-dashboard-2025", "/uppfoljning/?year=2025", "analytiker"),
    (
        "followup-dashboard-filtered",
        "/uppfoljning/?year=2025&period=q2&area={area_sodra}",
        "analytiker",
    ),
    ("followup-pair", "/uppfoljning/kommun/1490/", "samordnare.sodra"),
    ("followup-pair-manager", "/uppfoljning/kommun/1490/", "chef1.boras"),
    ("followup-area", "/uppfoljning/omrade/{area_sodra}/", "analytiker"),
    ("followup-sub-region", "/uppfoljning/delregion/{sub_region_boras}/", "analytiker"),
    # Issue 20: the county's annual report (charts beside tables), an area's reflection form.
    ("county-report", "/uppfoljning/arsrapport/2026/", "analytiker"),
    # 2025 has the demo's reflections: areas complete, one late and one missing side by side.
    ("county-report-2025", "/uppfoljning/arsrapport/2025/", "analytiker"),
    # Issue 20 item 5: a care provider's own compilation (chart beside its table).
    ("provider-compilation", "/uppfoljning/vardgivare/{boras_provider}/2025/", "admin.boras"),
    (
        "provider-compilation-mas",
        "/uppfoljning/vardgivare/{boras_provider}/2025/",
        "mas.boras",
    ),
    (
        "area-reflection",
        "/uppfoljning/arsrapport/2025/reflektion/{area_sodra}/",
        "samordnare.sodra",
    ),
    # Issue 23 item 4: what county administrators kept in the Django admin (now superusers
    # only) has pages in the app: indicators and reflection deadlines, the county's forum,
    # governing documents and their sections.
    ("followup-settings", "/uppfoljning/installningar/", "lansadmin"),
    ("followup-indicator-add", "/uppfoljning/installningar/indikator/ny/", "lansadmin"),
    ("followup-deadline-add", "/uppfoljning/installningar/tidsfrist/ny/", "lansadmin"),
    ("county-forum", "/personer/lan/{county}/forum/", "lansadmin"),
    ("agreements-document-add", "/avtal/nytt-dokument/", "lansadmin"),
    ("agreements-document-edit", "/avtal/dokument/HSA-2027/andra/", "lansadmin"),
    ("agreements-section-add", "/avtal/dokument/HSA-2027/ny-paragraf/", "lansadmin"),
    # Each party runs its own people (issue 23).
    ("people", "/personer/", "admin.boras"),
    ("people-county", "/personer/?q=a", "lansadmin"),
    ("people-invite", "/personer/bjud-in/", "admin.boras"),
    ("people-machine-add", "/personer/systemkonto/", "admin.boras"),
    ("identity-mappings", "/rollkopplingar/", "lansadmin"),
    ("units", "/personer/enheter/?vardgivare={boras_provider}", "lansadmin"),
    ("login-lockouts", "/personer/inloggningsparrar/", "lansadmin"),
    ("care-providers", "/personer/vardgivare/", "lansadmin"),
    ("care-provider-edit", "/personer/vardgivare/{boras_provider}/", "lansadmin"),
    ("cooperation-area-add", "/personer/samverkansomraden/ny/", "lansadmin"),
    # The statements the law asks for: anyone, signed in or not; county administrators edit.
    ("statement-accessibility", "/tillganglighet/", None),
    ("statement-privacy", "/personuppgifter/", None),
    ("statement-accessibility-signed-in", "/tillganglighet/", "lansadmin"),
    ("statement-privacy-edit", "/personuppgifter/andra/", "lansadmin"),
    # The page a one-time set-password link opens: a void link, and the page after success.
    ("password-set-void-link", "/losenord/MQ/inte-en-giltig-nyckel/", None),
    ("password-set-done", "/losenord/klart/", None),
]

# Every page of PAGES must also reflow (issue 24, WCAG 1.4.10): no sideways scroll of the page
# at 200 % zoom (1280 px), on a 320 px and on a 390 px phone, where the menu is folded and the
# header compact (tests/browser/test_layout.py). Derived, not listed, so no page is left out.
REFLOW_PAGES = PAGES

# The case pages of PAGES (issue 24): the summary first, then this person's next step as the
# page's one primary button; `primary` says whether the demo case offers them one.
# (name, path, username, primary)
CASE_PAGES = [
    ("deviation-sent-counterpart", "/avvikelser/{deviation_sent}/", "handlaggare.sas", True),
    ("deviation-sent-reporter", "/avvikelser/{deviation_sent}/", "rapportor", False),
    ("deviation-acknowledged", "/avvikelser/{deviation_acknowledged}/", "handlaggare.sas", True),
    ("deviation-returned", "/avvikelser/{deviation_returned}/", "skoterska.boras", True),
    ("deviation-analysed", "/avvikelser/{deviation_analysed}/", "handlaggare.sas", True),
    (
        "deviation-measures-decided",
        "/avvikelser/{deviation_measures_decided}/",
        "handlaggare.sas",
        True,
    ),
    ("deviation-followed-up", "/avvikelser/{deviation_followed_up}/", "handlaggare.sas", True),
    ("deviation-closed", "/avvikelser/{deviation_closed}/", "rapportor", False),
    ("deviation-manager", "/avvikelser/{deviation_analysed}/", "chef1.boras", False),
    ("disagreements-case-step1", "/oenighet/{disagreement_step1}/", "chef1.boras", None),
    ("disagreements-case-step2", "/oenighet/{disagreement_step2}/", "chef2.sas", None),
    ("disagreements-dispute", "/oenighet/{disagreement_dispute}/", "chef3.sas", None),
    ("disagreements-closed", "/oenighet/{disagreement_closed}/", "chef1.boras", None),
]


def resolve_path(path: str, ids: dict[str, int]) -> str:
    """Fill a page's placeholders ("/avvikelser/{deviation_sent}/") from `demo_ids`."""
    return path.format_map(ids) if "{" in path else path


def require_browser() -> bool:
    """CI sets REQUIRE_BROWSER=1: a missing browser then fails the run instead of skipping."""
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false")


_not_run: list[str] = []  # why the browser tests were skipped, for the summary at the end


def _no_browser(reason: str):
    message = f"BROWSER TESTS NOT RUN: {reason} (run scripts/ensure-chromium.sh as root)"
    if require_browser():
        pytest.fail(message + "; REQUIRE_BROWSER is set, so this is a failure", pytrace=False)
    if message not in _not_run:
        _not_run.append(message)
    pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a browser test, even if its module forgets the mark."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    for message in _not_run:
        terminalreporter.write_line("!" * 78, red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)
        terminalreporter.write_line("!" * 78, red=True, bold=True)


KEEP_RUNNING = {"runserver", "deliver_outbox"}
SHELL = {"&", "&&", ";", "|", "||", "\\"}


def setup_commands(makefile: Path = REPO / "Makefile") -> list[list[str]]:
    """The `manage.py` commands of the Makefile's `run` target that set up and end, not those
    that keep running beside it (the server and the outbox's delivery loop)."""
    commands, in_run = [], False
    for line in makefile.read_text(encoding="utf-8").splitlines():
        if re.match(r"^run\s*:", line):
            in_run = True
            continue
        if in_run and line and not line.startswith("\t"):
            break
        match = re.search(r"manage\.py\s+(.+)$", line) if in_run else None
        if match:
            args = match.group(1).split()
            if args[0] in KEEP_RUNNING:
                continue
            if any(token in SHELL for token in args):
                raise RuntimeError(
                    f"A setup command of the run target is more than one command: {line}"
                )
            if args[0] == "load_demo_data":
                args.append("--allow-without-debug")  # the live server runs with DEBUG off
            commands.append(args)
    if not any(args[0] == "migrate" for args in commands):
        raise RuntimeError("Could not read the setup commands from the Makefile's run target")
    return commands


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _E2EDatabase:
    """A live server's own database: a temporary SQLite file or `<db>_<suffix>` on PostgreSQL."""

    def __init__(self, workdir: Path, suffix: str = "e2e", *, name: str | None = None):
        import dj_database_url

        self.suite_url = os.environ.get("DATABASE_URL", "")
        self.postgres = self.suite_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            config = dj_database_url.parse(self.suite_url)
            self.name = name or f"{config['NAME']}_{suffix}"
            self.url = urlsplit(self.suite_url)._replace(path=f"/{self.name}").geturl()
            self.connect = {
                "host": config.get("HOST") or None,
                "port": config.get("PORT") or None,
                "user": config.get("USER") or None,
                "password": config.get("PASSWORD") or None,
                "dbname": "postgres",
                "autocommit": True,
            }
        else:
            self.path = workdir / f"{suffix}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, statement: str, *names: str):
        import psycopg
        from psycopg import sql

        identifiers = [sql.Identifier(name) for name in (self.name, *names)]
        with psycopg.connect(**{k: v for k, v in self.connect.items() if v is not None}) as conn:
            conn.execute(sql.SQL(statement).format(*identifiers))

    def create(self, template: "_E2EDatabase | None" = None):
        """An empty database, or a copy of `template`."""
        if self.postgres:
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            if template is None:
                self._admin("CREATE DATABASE {}")
            else:
                self._admin("CREATE DATABASE {} TEMPLATE {}", template.name)
        elif template is not None:
            import sqlite3

            source = sqlite3.connect(template.path)
            copy = sqlite3.connect(self.path)
            with copy:
                source.backup(copy)
            source.close()
            copy.close()

    def drop(self):
        if self.postgres:
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _no_browser(f"no Chromium at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import Error, sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    except Error as exc:
        playwright.stop()
        _no_browser(f"Chromium at {chromium_path} did not start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


def _run_key() -> int:
    """The test run's process: pytest-xdist's workers are children of the controller, so the
    servers of every worker of one run share what is prepared once (see `prepared_database`)."""
    return os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()


def _prepared_dir(key: int) -> Path:
    return Path(tempfile.gettempdir()) / f"samsyn-prepared-{key}"


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_setup(args: list[str], env: dict, log, timeout: int = 300) -> None:
    log.write(f"$ manage.py {' '.join(args)}\n")
    log.flush()
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed; see {log.name}", False)


# The steps of `make run` that also make the test database (the root conftest.py's
# django_db_setup loads the same reference data and agreement registry after migrating).
BASE_STEPS = ("migrate", "load_reference_data", "load_agreement_registry")


def base_database() -> _E2EDatabase:
    """The database this test run's databases start from: migrated, with the reference data and
    the agreement registry (the steps of BASE_STEPS in the Makefile's `run` target), made once
    per run under the suite's own settings. Each pytest-xdist worker's test database and the live
    servers' prepared database are copies of it (`worker_test_database`, `prepared_database`),
    instead of each running the 100-odd migrations again."""
    key = _run_key()
    folder = _prepared_dir(key)
    folder.mkdir(exist_ok=True)
    base = _E2EDatabase(folder, suffix=f"base_{key}")
    ready = folder / "base-ready"
    with _locked(folder / "base-lock"):
        if not ready.exists():
            _drop_abandoned()
            base.create()
            ARTIFACTS.mkdir(exist_ok=True)
            settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "samsyn.settings")
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
            env["DATABASE_URL"] = base.url
            with (ARTIFACTS / "base-database.log").open("w", encoding="utf-8") as log:
                for args in setup_commands():
                    if args[0] in BASE_STEPS:
                        # Every test of the run waits for this: give a loaded machine time.
                        _run_setup(args, env, log, timeout=1800)
            ready.touch()
    return base


@contextlib.contextmanager
def worker_test_database(connection):
    """This pytest-xdist worker's test database (the name pytest-django gave it) as a copy of
    `base_database()`: CREATE DATABASE … TEMPLATE on PostgreSQL, SQLite's backup into the
    in-memory test database (held open here, so that it lives while the worker runs). Dropped
    when the worker ends."""
    import sqlite3

    base = base_database()
    test_name = connection.creation._get_test_db_name()
    if base.postgres:
        database = _E2EDatabase(Path(tempfile.gettempdir()), name=test_name)
        database.create(template=base)
        try:
            yield
        finally:
            from django.db import connections

            connections.close_all()
            database.drop()
    else:
        holder = sqlite3.connect(test_name, uri=True)
        source = sqlite3.connect(base.path)
        try:
            source.backup(holder)
        finally:
            source.close()
        try:
            yield
        finally:
            holder.close()


def prepared_database(env: dict) -> tuple[_E2EDatabase, Path]:
    """The database and static files every live server of this test run starts from: a copy of
    `base_database()` with the rest of `make run` (demo data, the suggestion model) and
    collectstatic; (its database, the static root). Each server then gets a copy (a SQLite
    backup or PostgreSQL's CREATE DATABASE … TEMPLATE) in a second or two instead of repeating
    the set-up, which took a minute and more per server under the suite's parallel load."""
    base = base_database()
    key = _run_key()
    folder = _prepared_dir(key)
    template = _E2EDatabase(folder, suffix=f"tpl_{key}")
    static = folder / "static"
    ready = folder / "ready"
    with _locked(folder / "lock"):
        if not ready.exists():
            template.create(template=base)
            prepare_env = {
                **env,
                "DATABASE_URL": template.url,
                "SAMSYN_E2E_STATIC_ROOT": str(static),
            }
            rest = [args for args in setup_commands() if args[0] not in BASE_STEPS]
            with (ARTIFACTS / "prepared-server.log").open("w", encoding="utf-8") as log:
                for args in [*rest, ["collectstatic", "--noinput", "-v0"]]:
                    _run_setup(args, prepare_env, log)
            ready.touch()
    return template, static


def _drop_abandoned() -> None:
    """What an interrupted run left behind (its process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob("samsyn-prepared-*"):
        key = int(folder.name.rsplit("-", 1)[1])
        try:
            os.kill(key, 0)
        except ProcessLookupError:
            drop_prepared(key)
        except PermissionError:
            pass


def drop_prepared(key: int | None = None) -> None:
    """Remove what `prepared_database` made for the run `key` (this process's by default)."""
    key = os.getpid() if key is None else key
    folder = _prepared_dir(key)
    if folder.exists():
        _E2EDatabase(folder, suffix=f"tpl_{key}").drop()
        _E2EDatabase(folder, suffix=f"base_{key}").drop()
        shutil.rmtree(folder, ignore_errors=True)


def server_env(database_url: str) -> dict:
    """The environment of a live server (and of preparing its database)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.e2e_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "e2e-only-" + os.urandom(16).hex(),
        "PYTHONPATH": str(REPO),
        # The client secret of the test identity providers (tests/browser/test_oidc_story.py).
        OIDC_SECRET_ENV: CLIENT_SECRET,
    }


def prepare_in_background() -> threading.Thread:
    """Start preparing the live servers' database now, beside the tests, so that no worker
    sits idle waiting for it when its first live-server test comes (the preparing holds the
    lock those workers wait on); the controller of a whole-suite run calls this at its start."""

    def prepare():
        with contextlib.suppress(BaseException):  # a failure shows again where a test needs it
            prepared_database(server_env(""))

    thread = threading.Thread(target=prepare, name="prepare-live-database", daemon=True)
    thread.start()
    return thread


@contextlib.contextmanager
def samsyn_server(*, name: str, workers: int = 2, threads: int = 4):
    """Samsyn under gunicorn (the production configuration, samsyn/gunicorn_config.py) on a free
    port with its own database, prepared like `make run`; yields (base URL, environment).

    `name` keeps apart the databases and logs of servers that run in the same session; under
    pytest-xdist each worker's servers are kept apart by the worker's id as well.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f"{name}_{worker}" if worker else name
    workdir = Path(tempfile.mkdtemp(prefix=f"samsyn-{name}-"))
    database = _E2EDatabase(workdir, suffix=name)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"{name}-server.log"
    env = server_env(database.url)
    python = sys.executable
    server = None
    try:
        template, static = prepared_database(env)
        env["SAMSYN_E2E_STATIC_ROOT"] = str(static)
        database.create(template=template)
        port = _free_port()
        server_log = log_path.open("w", encoding="utf-8")
        server = subprocess.Popen(  # noqa: S603
            [
                python,
                "-m",
                "gunicorn",
                "-c",
                "python:samsyn.gunicorn_config",
                "samsyn.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--access-logfile",
                "-",
            ],
            cwd=REPO,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        _wait_until_answering(url, server, log_path)
        yield url, env
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def app_url(browser):
    """Start Samsyn under gunicorn on a free port with its own database; yield its base URL.

    Depends on `browser` so that no server is started when the browser tests will skip.
    """
    with samsyn_server(name="e2e") as (url, env):
        _E2E_ENV.clear()
        _E2E_ENV.update(env)
        yield url


def live_shell(module: str, marker: str, *, extra_env: dict | None = None):
    """Run `<module>.main()` in `manage.py shell` with the live server's settings and database;
    return the JSON it printed on the line that starts with `marker`."""
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "shell", "-v0", "-c", f"from {module} import main; main()"],
        cwd=REPO,
        env={**_E2E_ENV, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith(f"{marker} ")), None)
    if result.returncode or line is None:
        pytest.fail(f"manage.py shell ({module}) failed: {result.stderr[-2000:]}", False)
    return json.loads(line.removeprefix(f"{marker} "))


@pytest.fixture(scope="session")
def demo_ids(app_url) -> dict[str, int]:
    """Ids of the demo objects PAGES visits, queried in the live server's own database."""
    return live_shell("tests.browser.demo_ids", "DEMO_IDS")


# How long a new server may take to answer its first request. On a machine shared by several
# test runs (load 12-14 on two cores) gunicorn's workers took more than 30 s to import the app,
# and every test of the run failed at set-up; a server that answers is used at once.
SERVER_START_TIMEOUT = 180


def _wait_until_answering(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}; see {log_path}", False)
        try:
            with urllib.request.urlopen(f"{url}/logga-in/", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"Samsyn did not answer on {url} within {SERVER_START_TIMEOUT} s; see {log_path}", False
    )


CONTEXT_OPTIONS = {"viewport": {"width": 1280, "height": 900}, "locale": "sv-SE"}


@pytest.fixture
def new_context(browser, app_url):
    """new_context(**options) -> a fresh browser context (closed after the test).

    Defaults: 1280×900, sv-SE, bypass_csp=True (axe is injected as a script tag, which the
    app's strict CSP would otherwise refuse). Pass bypass_csp=False to test under the real CSP.
    """
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=app_url, **{**CONTEXT_OPTIONS, "bypass_csp": True, **options}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


def _login_by_form(page, username: str, password: str = DEMO_PASSWORD):
    """Sign in through the login form as a user would (labels, not ids), and land on start."""
    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if "/logga-in/" in page.url:
        raise AssertionError(f"{username} could not sign in: still on {page.url}")
    return page


@pytest.fixture(scope="session")
def _signed_in_cookies() -> dict:
    return {}


@pytest.fixture
def login(_signed_in_cookies):
    """login(page, username) signs in a demo user (password samsyn-demo-2027); lands on start.

    The first sign-in of each user in a run goes through the form; later ones reuse that
    session's cookies (much faster), falling back to the form if the session has ended.
    login(page, username, fresh=True) always uses the form.
    """

    def login(page, username: str, *, fresh: bool = False):
        page.context.clear_cookies()  # whoever was signed in in this context is signed out
        cookies = _signed_in_cookies.get(username)
        if cookies and not fresh:
            page.context.add_cookies(cookies)
            page.goto("/")
            if "/logga-in/" not in page.url:
                return page
        _login_by_form(page, username)
        _signed_in_cookies[username] = page.context.cookies()
        return page

    return login
