"""The project's own 400, 403, 404 and 500 pages: plain words and a way home, never internals."""

from __future__ import annotations

import io
import logging

import pytest
from django.template import loader
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db

HOME = '<a href="/">Go to your start page</a>'


def explode(request):
    raise RuntimeError("secret internals")


# The site's URLs and one that fails, for the 500 page (pytest.mark.urls below).
urlpatterns = [path("explode/", explode)]


def text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_shows_the_projects_404_page(client):
    response = client.get("/no/such/page/")

    body = text(response)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body
    assert "<p>There is nothing at this address.</p>" in body
    assert HOME in body
    assert ("Resolver404" in body, "URLconf" in body, "api/" in body) == (False, False, False)


def test_the_403_page_says_in_plain_words_what_is_refused(account):
    client = Client()
    client.force_login(account("amara", "student"))

    response = client.get("/students/")

    body = text(response)
    assert response.status_code == 403
    assert "<h1>You may not see this page</h1>" in body
    assert "<p>Your role in Registrar does not allow this.</p>" in body
    assert HOME in body
    assert "view_student" not in body


def test_an_account_without_a_role_is_told_whom_to_ask(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("norole", password="x" * 12))

    response = client.get("/students/")

    assert response.status_code == 403
    assert (
        "<p>This account has no role in Registrar yet; ask the registry to give it one.</p>"
        in text(response)
    )


@pytest.mark.urls("tests.web.test_error_pages")
def test_a_failure_shows_the_500_page_without_a_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/explode/")

    body = text(response)
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in body
    assert HOME in body
    assert ("secret internals" in body, "Traceback" in body) == (False, False)


def test_the_500_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        body = loader.get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in body
    assert "Sign out" not in body


def test_a_request_for_another_host_gets_the_400_page_and_one_log_line():
    handler = logging.getLogger("django.security").handlers[0]
    log = io.StringIO()
    previous, handler.stream = handler.stream, log  # setStream flushes a closed one
    try:
        response = Client(HTTP_HOST="evil.example").get("/login/")
    finally:
        handler.stream = previous

    body = text(response)
    assert response.status_code == 400
    assert "<h1>This request could not be understood</h1>" in body
    assert HOME in body
    assert [line.split(" ", 2)[2] for line in log.getvalue().splitlines()] == [
        "ERROR django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    ]
