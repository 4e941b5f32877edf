"""Playwright in Debian's chromium, against pytest-django's live server.

Playwright's own browser download cannot work offline, so the journeys launch the system
chromium. Where it is absent every test in this folder is skipped with a message that says how
to get it. The live server runs in a thread of the test process, so the database and
``django.core.mail.outbox`` are shared with the test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

HERE = Path(__file__).resolve().parent


def _find_chromium() -> str | None:
    """GUANXI_CHROMIUM if set (an empty value means: no browser), else Debian's chromium."""
    if "GUANXI_CHROMIUM" in os.environ:
        candidates = [os.environ["GUANXI_CHROMIUM"]]
    else:
        candidates = [
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        ]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


CHROMIUM = _find_chromium()
SKIP_REASON = (
    "Browser journeys need Debian's chromium at /usr/bin/chromium (or `chromium` on PATH, or "
    "GUANXI_CHROMIUM=/path/to/chromium); install it with `apt-get install -y chromium "
    "fonts-noto-cjk`."
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def _in_this_folder(item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _in_this_folder(item):
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _in_this_folder(item):
        setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, driven by Playwright's sync API, for the tests of one module."""
    if CHROMIUM is None:
        pytest.skip(SKIP_REASON)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API keeps an event loop in this thread; Django would otherwise refuse the
    # ORM calls a test makes between two clicks. Only while the browser is up, so the rest of the
    # suite keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_page(request, chromium, live_server, artifacts):
    """Open a page in a fresh browser context (its own cookies) with the given locale.

    When the test fails, every page it opened is saved to test-artifacts/ for a look.
    """
    contexts = []

    def open_page(locale: str, *, label: str):
        context = chromium.new_context(
            base_url=live_server.url,
            locale=locale,
            timezone_id="Asia/Taipei",
            viewport={"width": 1100, "height": 900},
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        page = context.new_page()
        contexts.append((label, context, page))
        return page

    yield open_page

    failed = getattr(request.node, "report_call", None)
    for label, context, page in contexts:
        if failed is not None and failed.failed and not page.is_closed():
            name = f"FAILED-{request.node.name}-{label}.png".replace("/", "_")
            try:
                page.screenshot(path=str(artifacts / name), full_page=True)
            except Exception:  # a screenshot must never hide the real failure
                pass
        context.close()
