"""Playwright in Debian's chromium, against pytest-django's live server.

Playwright's own browser download cannot work offline, so the journeys launch the system
chromium. Where it is absent every test in this folder is skipped with a message that says how
to get it. The live server runs in a thread of the test process, so the database and
``django.core.mail.outbox`` are shared with the test.

Every page a test opens with ``new_page`` is checked for accessibility: after each navigation
(``page.goto``, ``page.reload``, ``with page.expect_navigation(): ...``) axe-core runs on it at a
desktop and a phone width, and any serious or critical violation fails the test on the spot with
the rule, its impact and the elements. A page loaded any other way fails the test at its end, so
none goes unchecked. axe-core comes from the npm registry (package.json, `make install` runs
`npm ci`); without it these tests are skipped with a message that says how to get it.
"""

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urldefrag

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

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_SKIP_REASON = (
    "The accessibility checks need axe-core from the npm registry in node_modules/: run "
    "`make install` (it runs `npm ci`, so it needs Node.js and npm, e.g. `apt-get install -y npm`)."
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# What axe reports as serious or critical, with where: the rule, its impact, the elements.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}"""
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


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


class Axe:
    """axe-core in a page.

    Our Content-Security-Policy (``script-src 'self'``) refuses the inline script that
    ``page.add_script_tag`` would add, so axe's source is evaluated through the DevTools
    protocol instead, which the policy does not govern; the page itself keeps its policy.
    """

    def __init__(self, source: str):
        self.source = source

    def violations(self, page, *, widths=WIDTHS) -> list[str]:
        """Serious and critical violations on the page as it is, at each width, one line each."""
        if page.evaluate("document.contentType") != "text/html":
            return []
        url = page.url
        size = page.viewport_size
        found = []
        try:
            for name, viewport in widths.items():
                page.set_viewport_size(viewport)
                page.evaluate(NEXT_FRAME)
                if page.evaluate("typeof window.axe") == "undefined":
                    page.evaluate(self.source)
                for v in page.evaluate(RUN_AXE):
                    where = f"{url} ({name}, {viewport['width']}×{viewport['height']})"
                    targets = ", ".join(v["targets"][:8])
                    more = f" and {len(v['targets']) - 8} more" if len(v["targets"]) > 8 else ""
                    found.append(f"{where}: {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
        finally:
            if size:
                page.set_viewport_size(size)
        return found


@pytest.fixture(scope="session")
def axe():
    """axe-core from node_modules/, or a skip that says how to install it."""
    if not AXE_JS.is_file():
        pytest.skip(AXE_SKIP_REASON)
    return Axe(AXE_JS.read_text(encoding="utf-8"))


class CheckedNavigation:
    """Runs axe on ``page`` after each of its navigations, and notes every document it loads."""

    def __init__(self, page, axe: Axe):
        self.page, self.axe = page, axe
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("framenavigated", self._loaded)
        for name in ("goto", "reload", "go_back", "go_forward"):
            setattr(page, name, self._then_check(getattr(page, name)))
        page.expect_navigation = self._expect_navigation(page.expect_navigation)

    def _loaded(self, frame):
        if frame == self.page.main_frame and frame.url.startswith("http"):
            self.loaded.append(urldefrag(frame.url).url)

    def check(self):
        self.checked.add(urldefrag(self.page.url).url)
        found = self.axe.violations(self.page)
        assert not found, "axe-core finds serious or critical violations:\n" + "\n".join(found)

    def _then_check(self, navigate):
        def navigate_and_check(*args, **kwargs):
            response = navigate(*args, **kwargs)
            self.check()
            return response

        return navigate_and_check

    def _expect_navigation(self, expect_navigation):
        @contextlib.contextmanager
        def expect_navigation_and_check(*args, **kwargs):
            with expect_navigation(*args, **kwargs) as navigation:
                yield navigation
            self.check()

        return expect_navigation_and_check

    def unchecked(self) -> list[str]:
        return [url for url in dict.fromkeys(self.loaded) if url not in self.checked]


@pytest.fixture
def new_page(request, chromium, live_server, artifacts):
    """Open a page in a fresh browser context (its own cookies) with the given locale.

    Every page it then navigates to is checked with axe-core at a desktop and a phone width
    (see the top of this file); ``check_accessibility=False`` leaves that out.
    When the test fails, every page it opened is saved to test-artifacts/ for a look.
    """
    contexts = []
    watchers = []

    def open_page(locale: str, *, label: str, check_accessibility: bool = True):
        axe = request.getfixturevalue("axe") if check_accessibility else None
        context = chromium.new_context(
            base_url=live_server.url,
            locale=locale,
            timezone_id="Asia/Taipei",
            viewport=DESKTOP,
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        page = context.new_page()
        if axe is not None:
            watchers.append((label, CheckedNavigation(page, axe)))
        contexts.append((label, context, page))
        return page

    yield open_page

    failed = getattr(request.node, "report_call", None)
    unchecked = {label: w.unchecked() for label, w in watchers if w.unchecked()}
    for label, context, page in contexts:
        if failed is not None and failed.failed and not page.is_closed():
            name = f"FAILED-{request.node.name}-{label}.png".replace("/", "_")
            try:
                page.screenshot(path=str(artifacts / name), full_page=True)
            except Exception:  # a screenshot must never hide the real failure
                pass
        context.close()
    if failed is not None and failed.passed:
        assert not unchecked, (
            "Pages loaded without an accessibility check (navigate with page.goto or inside "
            f"`with page.expect_navigation():`): {unchecked}"
        )
