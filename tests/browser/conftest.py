"""Real headless Chromium (Debian's) against the live test server.

Playwright's sync API runs an event loop in this thread, which Django would
otherwise take for async code and refuse database access from.
"""

from __future__ import annotations

import pytest

from tests.conftest import CHROMIUM  # noqa: F401  (the browser fixture lives there)


@pytest.fixture
def new_page(browser, live_server):
    """new_page(width=1280) → a page in a fresh context (its own cookies)."""
    contexts = []

    def make(width: int = 1280):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, base_url=live_server.url
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
