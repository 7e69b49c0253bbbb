"""Samsyn as it is served, with many people at the same moment.

A real server (gunicorn with the production configuration, several processes and threads,
its own database prepared like `make run`: a SQLite file, or PostgreSQL when DATABASE_URL
names it) and real HTTP clients, each with its own session. Concurrency on SQLite only shows
between connections to a file, which is what this gives; no test database is shared.
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest

from samsyn.demo.people import DEMO_PASSWORD
from tests.browser.conftest import samsyn_server

PEOPLE = 8
ROUNDS = 5


@pytest.fixture(scope="module")
def live():
    with samsyn_server(name="live", workers=2, threads=8) as (url, _env):
        yield url


class Browser:
    """One person's session: cookies, the CSRF token of the last page, plain form posts."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            response = self.opener.open(self.base + path, body, timeout=120)  # noqa: S310
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx are answers to look at
            response = error
        response.text = response.read().decode("utf-8", "replace")
        return response

    def form_token(self, path: str) -> str:
        html = self.request(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path: str, data: dict, *, token_from: str | None = None):
        token = self.form_token(token_from or path)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})

    def sign_in(self, username: str) -> "Browser":
        response = self.post("/logga-in/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status == 302, f"{username} could not sign in: {response.status}"
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _at_once(tasks) -> list:
    """Run each task in its own thread, all released at the same moment; results or errors."""
    barrier = threading.Barrier(len(tasks))
    results: list = [None] * len(tasks)

    def run(i, task):
        try:
            barrier.wait(timeout=60)
            results[i] = task()
        except Exception as exc:  # noqa: BLE001 - a failed request is a result to assert on
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _status(result) -> int | str:
    return getattr(result, "status", None) or repr(result)


def _report_fields(browser: Browser) -> dict:
    """The report form filled in as a person would, choices found by their labels."""
    html = browser.request("/avvikelser/rapportera/").text

    def option(label):
        return re.search(rf'<option value="(\d+)"[^>]*>{label}', html).group(1)

    def radio(name, label):
        return re.search(rf'name="{name}" value="(\d+)"[^>]*>\s*<label[^>]*>{label}', html).group(1)

    document = html[html.index('name="document"') :]
    return {
        "counterpart_provider": option("Södra Älvsborgs Sjukhus"),
        "document": re.search(r'<option value="(\d+)"', document).group(1),
        "event_date": (date.today() - timedelta(days=1)).isoformat(),
        "description": "Läkemedelslistan saknades när patienten kom hem.",
        "category": radio("category", "Läkemedel i vårdens övergångar"),
        "patient_consequence": radio("patient_consequence", "Ingen"),
        "psychological_consequence": radio("psychological_consequence", "Ingen"),
        "potential_consequence": radio("potential_consequence", "Ingen"),
        "organisation_consequence": radio("organisation_consequence", "Ingen"),
    }


def test_the_server_does_not_name_itself(live):
    for path in ("/logga-in/", "/finns-inte/", "/static/finns-inte.css"):
        response = Browser(live).request(path)
        assert response.headers.get("Server") is None, (path, response.headers.get("Server"))


def test_eight_people_reporting_at_the_same_moment_all_get_their_report_saved(live):
    reporters = [Browser(live).sign_in("rapportor") for _ in range(PEOPLE)]
    readers = [Browser(live).sign_in("handlaggare.sas") for _ in range(PEOPLE // 2)]
    fields = _report_fields(reporters[0])

    def report(browser, title):
        token = browser.form_token("/avvikelser/rapportera/")
        fresh = re.search(
            r'name="submission_token" value="([^"]+)"',
            browser.request("/avvikelser/rapportera/").text,
        ).group(1)
        return lambda: browser.request(
            "/avvikelser/rapportera/",
            {**fields, "title": title, "submission_token": fresh, "csrfmiddlewaretoken": token},
        )

    titles = []
    for round_ in range(ROUNDS):
        round_titles = [f"Samtidig rapport {round_}-{i}" for i in range(PEOPLE)]
        titles += round_titles
        results = _at_once(
            [report(b, t) for b, t in zip(reporters, round_titles, strict=True)]
            + [lambda b=b: b.request("/avvikelser/") for b in readers]
        )
        statuses = [_status(r) for r in results]
        assert statuses == [302] * PEOPLE + [200] * len(readers), f"round {round_}: {statuses}"
    exported = readers[0].request("/avvikelser/export.csv?q=Samtidig+rapport").text
    assert sorted(re.findall(r"Samtidig rapport \d+-\d+", exported)) == sorted(titles)


def test_a_measure_marked_done_four_times_at_once_is_done_once(live):
    handlers = [Browser(live).sign_in("handlaggare.sas") for _ in range(4)]
    inbox = handlers[0].request("/avvikelser/?status=measures_decided").text
    due = (date.today() + timedelta(days=30)).isoformat()
    # The first listed case whose page offers SÄS's handler a measure (on a case SÄS reported
    # the measure is the receiver's to add; a case decided with "no measure" takes none). The
    # measure form is on the move's own page (the case page fetches it when opened).
    for case in re.findall(r'href="(/avvikelser/\d+/)"', inbox):
        if f'"{case}atgard/"' not in handlers[0].request(case).text:
            continue
        page = handlers[0].request(case + "atgard/").text
        owner = re.search(r'name="atgard-owner_provider" value="(\d+)"[^>]*checked', page)
        if owner:
            owner = owner.group(1)
            break
    else:
        pytest.fail("no case with decided measures offers handlaggare.sas the measure form")
    added = handlers[0].post(
        case + "atgard/",
        {
            "atgard-owner_provider": owner,
            "atgard-description": "Parallell markering.",
            "atgard-due_date": due,
        },
        token_from=case,
    )
    assert added.status == 302
    page = handlers[0].request(case).text
    done_before = _timeline(page).count("Åtgärd genomförd")
    done_urls = re.findall(r'action="(/avvikelser/atgard/(\d+)/klar/)"', page)
    url, measure = max(done_urls, key=lambda found: int(found[1]))
    today = date.today().isoformat()
    posts = []
    for browser in handlers:
        token = browser.form_token(case)
        posts.append(
            lambda b=browser, t=token: b.request(
                url, {f"m{measure}-done_date": today, "csrfmiddlewaretoken": t}
            )
        )

    results = _at_once(posts)

    assert [_status(r) for r in results] == [302] * 4
    page = handlers[0].request(case).text
    assert f'action="{url}"' not in page  # done: no longer offered
    assert _timeline(page).count("Åtgärd genomförd") == done_before + 1, _timeline(page)


def _timeline(page: str) -> str:
    """The case page's "Händelser i ärendet": one line per recorded event."""
    start = page.index('id="timeline-title"')
    return page[start : page.index("</ol>", start)]
