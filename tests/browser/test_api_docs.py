"""The API's browsable docs (/api/v1/docs) work under the real strict CSP: Swagger UI is
served from our own static files, and nothing is refused."""

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_render_under_the_real_csp(new_context):
    page = new_context(bypass_csp=False).new_page()
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Samsyn API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.get_by_text("Lista avvikelser").first.is_visible()
    assert problems == []
