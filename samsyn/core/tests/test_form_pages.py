"""One convention for a form sent with errors: the page shows the form again
with an error summary and answers 400, in every app; a filter sent with errors does the same.

Every named URL of the project is either a form page here or listed in NOT_FORM_PAGES with a
reason, so a new page has to take a side.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samsyn.core.forms import FORM_ERRORS_STATUS
from samsyn.core.tests.conftest import DEVIATION_ACTION_STATUS, DEVIATION_ACTION_WHO
from samsyn.deviations import views as deviation_views
from samsyn.deviations.models import Category
from samsyn.deviations.workflow import DEVIATION_WORKFLOW
from samsyn.disagreements.views import cases as disagreement_views
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW
from samsyn.followup.models import Indicator, ReflectionDeadline
from samsyn.history.models import ImportProfile
from samsyn.parties.models import CareProvider, CooperationArea

# (url name, how to build the url from the world, who posts). Posted empty.
POST_PAGES = [
    ("login", lambda w: reverse("login"), None),
    ("api_tokens", lambda w: reverse("api_tokens"), "reporter"),
    ("deviations:report", lambda w: reverse("deviations:report"), "reporter"),
    *[
        (
            f"deviations:action:{action}",
            lambda w, action=action, status=status: reverse(
                "deviations:action", args=[w["deviations"][status].pk, action]
            ),
            DEVIATION_ACTION_WHO.get(action, "counterpart_handler"),
        )
        for action, status in DEVIATION_ACTION_STATUS.items()
    ],
    (
        "disagreements:from_deviation",
        lambda w: reverse("disagreements:from_deviation", args=[w["deviations"]["sent"].pk]),
        "manager1",
    ),
    (
        "deviations:measure_done",
        lambda w: reverse("deviations:measure_done", args=[w["measure"].pk]),
        "counterpart_handler",
    ),
    ("disagreements:create", lambda w: reverse("disagreements:create"), "manager1"),
    # Issue 20 item 3: a cooperation area's yearly reflection.
    (
        "followup:reflection",
        lambda w: reverse("followup:reflection", args=[2025, w["area"].pk]),
        "subregional_coordinator",
    ),
    # Issue 19 items 4 and 5: the re-coding queue, systemic issues and lifting one to the ladder.
    ("deviations:recoding", lambda w: reverse("deviations:recoding"), "analyst"),
    # Issue 21 item 7: a webhook subscription (its buttons have no fields: see below).
    ("outbox:webhooks", lambda w: reverse("outbox:webhooks"), "administrator"),
    # Issue 21 item 5: checking a history file (the import button has no fields: see below).
    ("history:import", lambda w: reverse("history:import"), "county_admin"),
    ("systemic:create", lambda w: reverse("systemic:create"), "county_coordinator"),
    (
        "systemic:edit",
        lambda w: reverse("systemic:edit", args=[w["systemic_issue"].pk]),
        "county_coordinator",
    ),
    (
        "systemic:lift",
        lambda w: reverse("systemic:lift", args=[w["systemic_issue"].pk]),
        "manager1",
    ),
    *[
        (
            f"disagreements:action:{action}",
            lambda w, action=action: reverse(
                "disagreements:action",
                args=[w["disagreement"].pk, DISAGREEMENT_WORKFLOW.slug(action)],
            ),
            # Step 3 outcomes are a step 3 manager's to record (a step 1 manager gets 403).
            "manager3"
            if action in ("settlement", "settlement_confirm", "court", "judgment")
            else "manager1",
        )
        for action in disagreement_views.ACTIONS.forms
        if action != "comment"  # posted on the case page: "disagreements:comment" below
    ],
    (
        "disagreements:comment",
        lambda w: reverse("disagreements:comment", args=[w["disagreement"].pk]),
        "manager1",
    ),
    (
        "disagreements:economic_agreement_create",
        lambda w: reverse("disagreements:economic_agreement_create"),
        "manager2",
    ),
    (
        "disagreements:organisation",
        lambda w: reverse("disagreements:organisation"),
        "administrator",
    ),
    ("agreements:decision_record", lambda w: reverse("agreements:decision_record"), "county_admin"),
    ("parties:invite", lambda w: reverse("parties:invite"), "administrator"),
    ("parties:machine_add", lambda w: reverse("parties:machine_add"), "administrator"),
    ("parties:units", lambda w: reverse("parties:units"), "county_admin"),
    # Issue 23 item 4: the county's care providers and the classification's values.
    ("parties:provider_create", lambda w: reverse("parties:provider_create"), "county_admin"),
    ("parties:area_create", lambda w: reverse("parties:area_create"), "county_admin"),
    (
        "parties:area_edit",
        lambda w: reverse("parties:area_edit", args=[CooperationArea.objects.first().pk]),
        "county_admin",
    ),
    (
        "parties:provider_edit",
        lambda w: reverse("parties:provider_edit", args=[CareProvider.objects.first().pk]),
        "county_admin",
    ),
    (
        "deviations:guidance_create",
        lambda w: reverse("deviations:guidance_create", args=["orsak"]),
        "county_admin",
    ),
    (
        "deviations:guidance_edit",
        lambda w: reverse(
            "deviations:guidance_edit", args=["kategori", Category.objects.first().pk]
        ),
        "county_admin",
    ),
    ("identity_mappings", lambda w: reverse("identity_mappings"), "administrator"),
    ("core:accessibility_edit", lambda w: reverse("core:accessibility_edit"), "county_admin"),
    ("core:privacy_edit", lambda w: reverse("core:privacy_edit"), "county_admin"),
    (
        "parties:person",
        lambda w: reverse("parties:person", args=[w["people"]["reporter"].pk]),
        "administrator",
    ),
    (
        "agreements:termination_create",
        lambda w: reverse("agreements:termination_create"),
        "county_admin",
    ),
    (
        "agreements:version_create",
        lambda w: reverse("agreements:version_create", args=[w["document"].code]),
        "county_admin",
    ),
    # Issue 23 item 4: what the county administrator no longer does in the Django admin.
    ("followup:indicator_create", lambda w: reverse("followup:indicator_create"), "county_admin"),
    (
        "followup:indicator_edit",
        lambda w: reverse("followup:indicator_edit", args=[_indicator(w).pk]),
        "county_admin",
    ),
    ("followup:deadline_create", lambda w: reverse("followup:deadline_create"), "county_admin"),
    (
        "followup:deadline_edit",
        lambda w: reverse("followup:deadline_edit", args=[_deadline(w).pk]),
        "county_admin",
    ),
    (
        "parties:forum_edit",
        lambda w: reverse("parties:forum_edit", args=[w["document"].county_id]),
        "county_admin",
    ),
    ("agreements:document_create", lambda w: reverse("agreements:document_create"), "county_admin"),
    (
        "agreements:document_edit",
        lambda w: reverse("agreements:document_edit", args=[w["document"].code]),
        "county_admin",
    ),
    (
        "agreements:section_create",
        lambda w: reverse("agreements:section_create", args=[w["document"].code]),
        "county_admin",
    ),
    (
        "agreements:section_edit",
        lambda w: reverse(
            "agreements:section_edit", args=[w["document"].code, w["document"].sections.first().pk]
        ),
        "county_admin",
    ),
    ("history:profile_create", lambda w: reverse("history:profile_create"), "county_admin"),
    (
        "history:profile",
        lambda w: reverse("history:profile", args=[_profile(w).pk]),
        "county_admin",
    ),
    (
        "agreements:version_edit",
        lambda w: reverse(
            "agreements:version_edit", args=[w["document"].code, w["document"].versions.first().pk]
        ),
        "county_admin",
    ),
]


def _indicator(w):
    return Indicator.objects.create(
        county_id=w["document"].county_id, name="Rapporter", measure="reports", target=10
    )


def _deadline(w):
    return ReflectionDeadline.objects.create(
        county_id=w["document"].county_id, year=2025, due_on="2026-03-31"
    )


def _profile(w):
    return ImportProfile.objects.create(county_id=w["document"].county_id, name="MedControl PRO")


# Filters and searches (GET forms): (url name, url with a value that cannot be used, who).
GET_PAGES = [
    ("deviations:list", lambda w: reverse("deviations:list") + "?date_from=fel", "reporter"),
    ("disagreements:list", lambda w: reverse("disagreements:list") + "?step=9", "manager1"),
    (
        "disagreements:lessons",
        lambda w: reverse("disagreements:lessons") + "?document=x",
        "reporter",
    ),
    (
        "agreements:regime",
        lambda w: reverse("agreements:regime") + "?party=1490&on_date=31-02-2027",
        "reporter",
    ),
    ("audit:read_log", lambda w: reverse("audit:read_log") + "?date_from=fel", "county_admin"),
    ("audit:trail", lambda w: reverse("audit:trail") + "?date_from=fel", "county_admin"),
    # Issue 21 item 6: the export in the history layout.
    ("history:export", lambda w: reverse("history:export") + "?year=fel", "county_admin"),
    # Issue 20 item 4: the county's follow-up dashboard, filtered by the query string.
    ("followup:index", lambda w: reverse("followup:index") + "?year=fel", "analyst"),
    # Issue 20 item 5: a care provider's own compilation, a quarter chosen in the query string.
    (
        "followup:compilation",
        lambda w: (
            reverse(
                "followup:compilation",
                args=[CareProvider.objects.get(name="Borås Stad").pk, 2025],
            )
            + "?period=q9"
        ),
        "administrator",
    ),
]

NOT_FORM_PAGES = {
    # JSON for load balancers and monitors, no page (issue 22).
    "healthz",
    # Pages that only show things (their forms post to the pages above).
    "core:start",
    "core:about",
    "core:accessibility",
    "core:privacy",
    "deviations:detail",
    "disagreements:detail",
    "disagreements:lesson",
    "disagreements:economic_agreements",
    # The follow-up of a pair, an area or a sub-region (figures only; the choice is links).
    "followup:pairs",
    "followup:pair",
    "followup:area",
    "followup:sub_region",
    # The county's annual report (issue 20): a page of figures, its PDF and workbook, and the
    # redirect to the last full year's.
    "followup:report",
    "followup:report_pdf",
    "followup:report_xlsx",
    "followup:report_latest",
    # A care provider's compilation as PDF and workbook, and the redirect to the last year's.
    "followup:compilation_pdf",
    "followup:compilation_xlsx",
    "followup:compilation_latest",
    # Systemic issues (issue 19 item 5): the list and the page only show; their forms are above.
    "systemic:list",
    "systemic:detail",
    # A step's protocol: its forms post to the move pages above; its PDF is a file.
    "disagreements:protocol",
    "disagreements:protocol_pdf",
    "agreements:documents",
    "agreements:document",
    "agreements:overview",
    # Files and fragments: exports, htmx option lists, JSON (400 in JSON), a CSV of a filter
    # that is checked on its page first.
    "deviations:export_csv",
    "deviations:export_xlsx",
    "deviations:sections",
    "deviations:receivers",
    # The report form's document list for the chosen counterpart and date (issue 24 item 6).
    "deviations:report_documents",
    # The report form's category suggestions (issue 19 item 4): an htmx fragment of buttons.
    "deviations:suggestions",
    # The person's own reports: a list without filters.
    "deviations:my_reports",
    "disagreements:similar",
    "agreements:regime_json",
    "audit:read_log_csv",
    # Buttons without fields: mark notifications read, sign out, remove a role.
    "core:notifications",
    "logout",
    "disagreements:organisation_remove",
    "parties:role_remove",
    "parties:unit_delete",
    # A unit's kind and whether it is active: shown and refused on the units page
    # (parties/tests/test_units_page.py, an unknown kind is a message on the field).
    "parties:unit_edit",
    "identity_mapping_remove",
    "parties:deactivate",
    "parties:reactivate",
    "parties:link_send",
    # Login lockouts (issue 23): a list, and an unlock button without fields
    # (parties/tests/test_lockouts_page.py); the care providers' list only shows.
    "parties:lockouts",
    "parties:providers",
    "parties:unlock",
    "api_token_revoke",
    # A system account's token form posts from its person page (issue 21): refused input,
    # wrong people and double posts in api/tests/test_machine_accounts.py.
    "parties:machine_token",
    "parties:machine_token_revoke",
    # The people list's search takes any text (no value can be refused).
    "parties:people",
    # The one-time link's form needs a real token: tested in parties/tests/test_password_link.py;
    # its done page only shows text.
    "password_set",
    "password_set_done",
    # Classification values (issues 19 and 23): the list only shows; its forms are above.
    "deviations:guidance",
    # The county's indicators and reflection deadlines (issue 23 item 4): a list; forms above.
    "followup:settings",
    # An import profile's value mapping removed: a button without fields
    # (history/tests/test_profile_pages.py).
    "history:value_remove",
    # The patient reference asks a reason before it shows the number (refused without one:
    # deviations/tests/test_patient.py); an attachment is a file download, access-checked there.
    "deviations:patient_reference",
    "attachments:download",
    # History import (issue 21): a dry run's report, the import button without fields and
    # its progress as JSON (samsyn/history/tests).
    "history:run",
    "history:run_import",
    "history:run_progress",
    # Outgoing messages: a list, and a button without fields (samsyn/outbox/tests).
    "outbox:messages",
    "outbox:retry",
    "outbox:webhook_deactivate",
    "outbox:webhook_resend",
    # Sign-in through an identity provider: a redirect to the provider and its answer
    # (identity/tests/test_oidc_sign_in.py, against a real provider).
    "identity:start",
    "identity:callback",
}


def _url_names(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            # Django's admin keeps its own conventions; the API answers problem+json, never a
            # form (samsyn/api/tests).
            if entry.namespace in ("admin", "api-v1"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_page_is_a_form_page_here_or_says_why_not():
    swept = {
        name.rsplit(":", 1)[0] if name.count(":") == 2 else name
        for name, _url, _who in POST_PAGES + GET_PAGES
    }
    assert set(_url_names()) - NOT_FORM_PAGES == swept
    assert {n.split(":")[2] for n, *_ in POST_PAGES if n.startswith("deviations:action:")} == {
        DEVIATION_WORKFLOW.slug(code) for code in deviation_views.ACTIONS.forms
    }


def _assert_form_shown_again_with_errors(response, name):
    assert response.status_code == FORM_ERRORS_STATUS, (name, response.status_code)
    assert 'id="error-summary"' in response.content.decode(), name


@pytest.mark.parametrize(("name", "url", "who"), POST_PAGES, ids=[p[0] for p in POST_PAGES])
def test_every_form_posted_empty_comes_back_with_400_and_an_error_summary(
    client, world, name, url, who
):
    if who:
        client.force_login(world["people"][who])
    _assert_form_shown_again_with_errors(client.post(url(world), {}), name)


@pytest.mark.parametrize(("name", "url", "who"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_every_filter_that_cannot_be_used_comes_back_with_400_and_an_error_summary(
    client, world, name, url, who
):
    client.force_login(world["people"][who])
    _assert_form_shown_again_with_errors(client.get(url(world)), name)
