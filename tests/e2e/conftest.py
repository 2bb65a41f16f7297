"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Tests here use `live_server`, which makes their database access transactional: the server thread
must see the rows the test writes. Transactional tests end by emptying every table, including the
NACE and NUTS rows that tests/conftest.py loads once per session, so `reference_data` puts them
back when an earlier browser test has removed them.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets a fresh context (cookies, storage)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API keeps an asyncio loop in this thread, and Django refuses ORM calls
    # from a thread with a running loop unless told that this is safe, as it is in tests.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def reference_data(transactional_db):
    from clusterhub.registry.models import NaceCode
    from clusterhub.registry.reference import load_reference_data

    if not NaceCode.objects.exists():
        load_reference_data()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot_path():
    """Where a test saves its screenshot: test-results/ at the repository root (gitignored)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    return lambda name: RESULTS_DIR / f"{name}.png"


@pytest.fixture
def sign_in(page):
    """Sign in through the login form, as a person would."""

    def submit(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return submit
