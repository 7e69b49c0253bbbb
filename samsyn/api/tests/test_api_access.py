"""Tokens, idempotency, errors and the open schema and docs; the other endpoint families."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from samsyn.api.models import ApiToken, IdempotencyKey
from samsyn.api.services import api_token_revoke
from samsyn.api.tests.test_deviations_api import _report_body, post_json
from samsyn.core.access import actor_for
from samsyn.deviations.models import Deviation


def test_schema_and_docs_are_open_and_the_rest_needs_a_token(reference_data):
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/deviations/{case_id}/moves/{code}" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # its assets are ours: the strict CSP holds
    refused = client.get("/api/v1/deviations")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"


def test_the_schema_names_the_problems_every_operation_may_answer(reference_data):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    listing = schema["paths"]["/api/v1/deviations"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404", "429", "503"} <= set(listing)
    assert "412" not in listing  # a read has no version to be stale
    move = schema["paths"]["/api/v1/deviations/{case_id}/moves/{code}"]["post"]["responses"]
    assert {"409", "412", "422", "428"} <= set(move)
    assert "application/problem+json" in move["412"]["content"]
    report = schema["paths"]["/api/v1/deviations"]["post"]["responses"]
    assert report["201"]["content"]["application/json"]["schema"]["$ref"].endswith("DeviationOut")


def test_a_revoked_token_is_refused(personas, token_for):
    secret = token_for(personas["reporter"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/deviations").status_code == 200
    api_token_revoke(actor=actor_for(personas["reporter"]), token=ApiToken.objects.get())
    assert client.get("/api/v1/deviations").status_code == 401


def test_an_expired_token_is_refused(personas, token_for):
    secret = token_for(personas["reporter"])
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/deviations").status_code == 401
    )


def test_a_deactivated_persons_token_is_refused(personas, token_for):
    secret = token_for(personas["reporter"])
    personas["reporter"].is_active = False
    personas["reporter"].save()
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/deviations").status_code == 401
    )


def test_only_the_hash_of_a_token_is_stored(personas, token_for):
    secret = token_for(personas["reporter"])
    token = ApiToken.objects.get()
    assert secret not in (token.secret_hash, token.prefix)
    assert secret.startswith(token.prefix)


def test_the_session_works_for_the_browser_with_csrf(personas, sas, document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["reporter"])
    assert client.get("/api/v1/deviations").status_code == 200
    response = post_json(client, "/api/v1/deviations", _report_body(sas, document))
    assert response.status_code == 403  # no CSRF token


def test_a_replay_with_the_same_key_returns_the_first_answer(api_as, personas, sas, document):
    client = api_as(personas["reporter"])
    body = _report_body(sas, document)
    first = post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Deviation.objects.count() == 1


def test_the_same_key_with_another_body_is_422(api_as, personas, sas, document):
    client = api_as(personas["reporter"])
    post_json(client, "/api/v1/deviations", _report_body(sas, document), HTTP_IDEMPOTENCY_KEY="k")
    other = _report_body(sas, document, title="Något annat")
    response = post_json(client, "/api/v1/deviations", other, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 422
    assert Deviation.objects.count() == 1


def test_a_key_whose_request_was_cut_off_is_completed_once_by_the_retry(
    api_as, personas, sas, document
):
    """A worker killed after the claim leaves the key's row without an answer and no work
    (they commit together): the retry with the key does the work, once."""
    client = api_as(personas["reporter"])
    body = _report_body(sas, document)
    post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k")
    IdempotencyKey.objects.update(status=None, response=None)  # the first answer never came
    Deviation.objects.all().delete()  # … because its work was rolled back with it
    response = post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k")
    again = post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Deviation.objects.count() == 1


def test_an_expired_key_may_be_used_again(api_as, personas, sas, document):
    client = api_as(personas["reporter"])
    body = _report_body(sas, document)
    post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k")
    IdempotencyKey.objects.update(expires_at=timezone.now())
    post_json(client, "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="k")
    assert Deviation.objects.count() == 2


def test_unknown_urls_and_methods_under_the_api_are_problems(api_as, personas):
    client = api_as(personas["reporter"])
    for response in (client.get("/api/v1/nothing-here"), client.delete("/api/v1/deviations")):
        assert response.status_code in (404, 405)
        assert response["Content-Type"] == "application/problem+json"
    nul = client.get("/api/v1/governing?party=%00&date=2027-01-01")
    assert nul.status_code == 400


def test_parties_providers_units_and_governing_documents(api_as, personas, boras, document):
    client = api_as(personas["reporter"])
    assert "Borås Stad" in [p["name"] for p in client.get("/api/v1/providers").json()]
    assert client.get("/api/v1/parties").status_code == 200
    assert client.get(f"/api/v1/units?provider={boras.pk}").status_code == 200
    codes = [d["code"] for d in client.get("/api/v1/governing-documents").json()]
    assert document.code in codes


def test_the_regime_lookup_by_party_code_and_the_old_url_redirects(api_as, personas, boras):
    client = api_as(personas["reporter"])
    code = boras.party.code
    response = client.get(f"/api/v1/governing?party={code}&date=2027-03-01")
    assert response.status_code == 200, response.content
    assert response.json()["party"]["code"] == code
    assert client.get("/api/v1/governing?party=0000&date=2027-03-01").status_code == 404
    assert client.get(f"/api/v1/governing?party={code}&date=bad").status_code == 400
    old = Client()
    old.force_login(personas["reporter"])
    moved = old.get(f"/avtal/api/regim/?kod={code}&datum=2027-03-01")
    assert moved.status_code == 301
    assert moved["Location"] == f"/api/v1/governing?party={code}&date=2027-03-01"


def test_lessons_search(api_as, personas):
    response = api_as(personas["reporter"]).get("/api/v1/lessons?q=läkemedel")
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_the_token_page_shows_a_new_token_once_and_revokes_it(personas):
    client = Client()
    client.force_login(personas["reporter"])
    expires = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page = client.post("/api-nycklar/", {"name": "Journalsystem", "expires_on": expires})
    assert page.status_code == 200
    token = ApiToken.objects.get()
    assert token.prefix.encode() in page.content
    assert b"samsyn_" in page.content
    assert token.prefix.encode() + b"\xe2\x80\xa6" in client.get("/api-nycklar/").content
    client.post(f"/api-nycklar/{token.pk}/aterkalla/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_page_refuses_a_past_expiry_with_a_form_error(personas):
    client = Client()
    client.force_login(personas["reporter"])
    page = client.post("/api-nycklar/", {"name": "X", "expires_on": "2000-01-01"})
    assert page.status_code == 400
    assert not ApiToken.objects.exists()


def test_one_cannot_revoke_another_persons_token(personas, token_for):
    token_for(personas["handler"])
    client = Client()
    client.force_login(personas["reporter"])
    token = ApiToken.objects.get()
    assert client.post(f"/api-nycklar/{token.pk}/aterkalla/").status_code == 404


def test_json_dumps_is_stable_for_the_fingerprint():
    from samsyn.api.services import request_fingerprint

    a = request_fingerprint(method="POST", path="/x", body=json.dumps({"a": 1, "b": 2}).encode())
    b = request_fingerprint(method="POST", path="/x", body=b'{"b":2,  "a":1}')
    assert a == b


def test_too_many_requests_per_token_get_429_with_retry_after(api_as, personas, monkeypatch):
    from samsyn.api.auth import API_THROTTLE

    monkeypatch.setattr(API_THROTTLE, "num_requests", 2)
    client = api_as(personas["reporter"])
    statuses = [client.get("/api/v1/parties").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/api/v1/parties")
    assert int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "application/problem+json"
    other = api_as(personas["handler"])  # another token has its own count
    assert other.get("/api/v1/parties").status_code == 200


def test_the_rate_limit_is_one_counted_row_per_token_that_every_worker_reads(
    api_as, personas, monkeypatch
):
    """The count lives in the database (one row per token, one statement per request), so a
    second worker or server sees the same count; no list of request times, no cache cull."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samsyn.api.auth import API_THROTTLE
    from samsyn.api.models import RateWindow

    monkeypatch.setattr(API_THROTTLE, "num_requests", 2)
    client = api_as(personas["reporter"])
    with CaptureQueriesContext(connection) as queries:
        assert [client.get("/api/v1/parties").status_code for _ in range(3)] == [200, 200, 429]
    [row] = RateWindow.objects.all()
    assert row.count == 3  # noqa: PLR2004
    counting = [q for q in queries.captured_queries if "api_ratewindow" in q["sql"]]
    assert len(counting) == 3  # noqa: PLR2004 - one statement a request
    assert not [q for q in queries.captured_queries if "samsyn_cache" in q["sql"]]


def test_a_refused_request_is_told_to_retry_when_the_next_window_begins(
    api_as, personas, monkeypatch
):
    """The limit counts per clock minute (600/m): refused 45 s into a minute, Retry-After says
    15, and the next minute starts a fresh count."""
    from samsyn.api.auth import API_THROTTLE

    monkeypatch.setattr(API_THROTTLE, "num_requests", 2)
    now = [1_800_000_000 + 45.2]  # 45 s into a minute
    monkeypatch.setattr(API_THROTTLE, "timer", lambda: now[0])
    client = api_as(personas["reporter"])
    assert [client.get("/api/v1/parties").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/parties")
    assert refused.status_code == 429  # noqa: PLR2004
    assert refused["Retry-After"] == "15"
    now[0] += 14
    assert client.get("/api/v1/parties")["Retry-After"] == "1"
    now[0] += 1
    assert [client.get("/api/v1/parties").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_a_request_stamped_with_a_past_window_counts_in_the_newer_one():
    """A slower worker or a server whose clock is behind stamps an older window: the row's
    window never moves back, so the count of the current minute is not reset by it."""
    from samsyn.api.models import RateWindow
    from samsyn.api.services import api_rate_count

    assert [api_rate_count("token:1", 100) for _ in range(2)] == [1, 2]
    assert api_rate_count("token:1", 101) == 1
    assert api_rate_count("token:1", 100) == 2  # late, counted in window 101
    assert api_rate_count("token:1", 101) == 3  # noqa: PLR2004
    row = RateWindow.objects.get(key="token:1")
    assert (row.window, row.count) == (101, 3)


def test_the_token_page_is_reached_from_the_persons_own_corner_not_the_main_menu(personas):
    client = Client()
    client.force_login(personas["reporter"])
    html = client.get("/").content.decode()
    menu = html[html.index('class="site-nav"') :]
    menu = menu[: menu.index("</nav>")]
    corner = html[html.index('class="site-header__user"') :]
    corner = corner[: corner.index("</div>")]
    # On a wide screen it is in the corner only; on a phone, where the corner is short, the
    # folded menu holds it as its one personal item (issue 24's compact header).
    shared_items = re.sub(r'<li class="site-nav__personal">.*?</li>', "", menu, flags=re.S)
    assert 'href="/api-nycklar/"' not in shared_items
    assert 'href="/api-nycklar/"' in corner
    assert "Mina API-nycklar" in corner


def test_me_answers_who_the_token_acts_for_and_nothing_without_one(api_as, personas):
    reporter = personas["reporter"]
    response = api_as(reporter).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": reporter.username,
        "name": reporter.get_full_name(),
    }
    assert Client().get("/api/v1/me").status_code == 401


HUGE = "9791573653531092181218647605248"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/units?provider=-{HUGE}",
        f"/api/v1/units?provider={HUGE}",
        f"/api/v1/deviations/{HUGE}",
        f"/api/v1/deviations/{HUGE}/moves",
        f"/api/v1/deviations/{HUGE}/attachments",
        f"/api/v1/disagreements/{HUGE}",
        f"/api/v1/followup/areas/{HUGE}",
        f"/api/v1/followup/sub-regions/{HUGE}",
        f"/api/v1/reports/annual/{HUGE}",
        "/api/v1/reports/annual/0",
        f"/api/v1/deviations?provider={HUGE}",
    ],
)
def test_an_id_or_year_beyond_what_the_database_holds_is_refused_not_a_500(api_as, personas, url):
    response = api_as(personas["analyst"]).get(url)
    assert response.status_code in (400, 404), (response.status_code, response.content)
    assert response["Content-Type"] == "application/problem+json"


def test_a_page_size_beyond_any_bound_is_held_to_the_largest_page(api_as, personas):
    client = api_as(personas["analyst"])
    for url in (f"/api/v1/deviations?limit={HUGE}", f"/api/v1/lessons?limit=-{HUGE}"):
        assert client.get(url).status_code == 200


def test_a_parameter_of_the_wrong_kind_is_named_in_swedish(api_as, personas):
    client = api_as(personas["analyst"])
    negative = client.get("/api/v1/units?provider=-5").json()
    assert negative["errors"] == {"provider": ["Ange ett tal som är minst 1."]}
    word = client.get("/api/v1/units?provider=x").json()
    assert word["errors"] == {"provider": ["Ange ett heltal."]}
