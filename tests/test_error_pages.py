"""The error pages render in Swedish inside the site frame, even without a request."""

from django.template.loader import render_to_string


def test_server_error_page_renders_without_a_request_context():
    # Django renders 500.html with an empty context: no request, user or context processors.
    html = render_to_string("500.html")
    assert '<html lang="sv">' in html
    assert "Något gick fel" in html
    assert "Hoppa till huvudinnehållet" in html


def test_not_found_page_is_swedish_and_framed(client, django_user_model):
    user = django_user_model.objects.create_user("sidlos", password="x-long-enough-123")
    client.force_login(user)
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()
