"""The benchmark cannot rot: scale data at ``tiny``, the harness against a live server, reports.

These check that the harness works and that query counts do not grow with the data — never a
time. ``make bench`` is the real measurement (PostgreSQL, gunicorn, ``small`` and ``large``).
"""

import io
import json
from dataclasses import asdict

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from benchmark.community import PAGE_MIX, WRITE_KINDS, drive_mix
from benchmark.harness import _growth, drive, evaluate, session_cookies, write_reports
from benchmark.measure import community_plan, create_sessions, pages, persona_ids, profile_pages
from guanxi import settings_bench

pytestmark = pytest.mark.django_db(transaction=True)

KEY_PAGES = {
    "company_list",
    "company_page",
    "search_latin",
    "search_chinese",
    "search_simplified",
    "search_typo",
    "my_requests",
    "referral_inbox",
}


def _scale(factor: float = 1.0) -> dict:
    out = io.StringIO()
    call_command("scale_data", size="tiny", factor=factor, json=True, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_scale_data_and_harness(live_server, settings, tmp_path):
    settings.ROOT_URLCONF = "benchmark.urls"  # adds the hello-world reference view
    summary = _scale()
    assert summary["rows"]["accounts.User"] == 200
    assert summary["rows"]["referrals.ReferralRequest"] == 600
    assert summary["rows"]["referrals.RequestEvent"] >= 600

    page_list = pages()
    names = {p.name for p in page_list}
    assert KEY_PAGES | {"hello_world"} <= names
    ids = persona_ids()
    assert len(ids) == 8
    sql = profile_pages(page_list, ids[0], repeat=1)
    cookies = session_cookies(create_sessions(ids))
    results = drive(
        live_server.url,
        [asdict(p) for p in page_list],
        cookies,
        clients=1,
        rounds=1,
        seconds=0.2,
        warmup=0.05,
        max_requests=3,
        say=lambda _message: None,
    )
    for name, result in results.items():
        assert result["errors"] == 0, (name, result["statuses"])
        assert result["requests"] >= 1, name
        assert result["hello_ratio"] is not None
        assert result["p95_vs_hello"] is not None
        assert sql[name]["status"] == 200, name
        assert isinstance(sql[name]["queries"], int | float) and sql[name]["queries"] >= 1, name
        result["queries_in_process"] = sql[name]["queries"]
        result["sql_ms"] = sql[name]["sql_ms"]
        result["in_process_ms"] = sql[name]["in_process_ms"]
        assert sql[name]["in_process_ms"] > 0, name

    size = {
        "size": "tiny",
        "measured_at": "test",
        "database": {"rows": summary["rows"], "load_seconds": summary["seconds"]},
        "pages": results,
        "workers": {"peak_rss_mb": None},
        "jobs": {"expiry": {}, "digest": {"available": False}},
        "config": {"clients": 1, "rounds": 1, "seconds": 0.2, "warmup": 0.05, "server": "live"},
    }
    report = write_reports({"tiny": size}, tmp_path, merge=False)
    saved = json.loads((tmp_path / "latest.json").read_text())
    assert saved["sizes"]["tiny"]["pages"]["company_list"]["queries_in_process"] >= 1
    text = (tmp_path / "latest.md").read_text()
    assert "### Reload: the same members ask for the same pages again and again" in text
    assert "| page | rps | p50 ms | p95 ms | p99 ms | queries/req |" in text
    assert "| full render: queries · SQL ms · ms |\n" in text
    for name in results:
        assert _row(text, name).count(" | ") == 11, (name, _row(text, name))
    _assert_tables_are_whole(text)
    assert report["machine"]["nproc"] >= 1


def _row(text: str, first_cell: str) -> str:
    """The report's table row that starts with ``first_cell`` (fails when there is none)."""
    rows = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    assert rows, f"no row for {first_cell}"
    return rows[0]


def _assert_tables_are_whole(text: str) -> None:
    """Every row of every table in the report has as many cells as its header."""
    table: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            cells = [row.count(" | ") for row in table]
            assert len(table) >= 3 and len(set(cells)) == 1, table
        table = []


@pytest.fixture
def bench_server(settings):
    """A live server instrumented as under ``make bench``: the hello-world URL and the
    query-count header of ``guanxi.settings_bench``."""
    settings.ROOT_URLCONF = settings_bench.ROOT_URLCONF
    settings.MIDDLEWARE = settings_bench.MIDDLEWARE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    server = LiveServer("localhost")  # started now: with the middleware above
    yield server
    server.stop()


def test_first_visit_and_community_mix(bench_server, settings, tmp_path):
    """The two runs of real traffic, with the same drivers as ``make bench``: every key page
    as on a first visit (rendered in full, as every request is), then the community mix with
    its writes."""
    summary = _scale()
    page_list = pages()
    cookies = session_cookies(create_sessions(persona_ids()))
    quiet = {"say": lambda _message: None}

    first = drive(bench_server.url, [asdict(p) for p in page_list], cookies, clients=1,
                  rounds=1, seconds=0.2, warmup=0.05, max_requests=3, **quiet)  # fmt: skip
    for name, result in first.items():
        assert result["errors"] == 0, (name, result["statuses"])
        assert result["hello_ratio"] is not None, name
        assert "cache" not in result, name
        if name in KEY_PAGES:  # the X-Bench-Queries header of every answer, counted
            assert result["queries_per_request"] >= 1, (name, result)

    plan = community_plan(members=40, seed=7)
    assert len(plan["members"]) == 40
    assert len(plan["companies"]) == summary["rows"]["companies.Company"]
    # Open requests to decide may all be taken: the new requests of the run bring more.
    assert plan["writes"]["ask"] and plan["writes"]["interaction"], plan["counts"]
    hello = next(p.url for p in page_list if p.name == "hello_world")
    mix = drive_mix(
        bench_server.url,
        plan,
        session_cookies([m["session"] for m in plan["members"]]),
        hello,
        cookies,
        clients=1,
        rounds=1,
        seconds=60,
        hello_seconds=0.2,
        warmup=0,
        max_steps=60,  # the steps, not the time, end the round
        write_share=0.25,
        seed=7,
        **quiet,
    )
    assert mix["errors_with_warmup"] == 0, mix["kinds"]
    writes = mix["writes"]
    assert writes["failed"] == 0, writes["failures"]
    for kind in WRITE_KINDS:
        assert writes["by_kind"][kind]["done"] >= 1, writes
    assert set(PAGE_MIX) <= set(mix["kinds"]), mix["kinds"].keys()
    assert mix["hello_ratio"] is not None
    assert mix["kinds"]["company_list"]["queries_per_request"] >= 1, mix["kinds"]
    assert mix["queries_per_request"] >= 1
    assert "cache" not in mix and all("cache" not in row for row in mix["kinds"].values())

    size = {
        "size": "tiny",
        "database": {"rows": summary["rows"]},
        "first_visit": {"measured_at": "test", "pages": first, "config": {"clients": 1}},
        "mix": {**mix, "measured_at": "test", "config": {"clients": 1, "write_share": 0.25}},
        "config": {"server": "live"},
    }
    report = write_reports({"tiny": size}, tmp_path, merge=False)
    text = (tmp_path / "latest.md").read_text()
    assert "### First visit: every request renders the page in full" in text
    assert "There is no page cache any more" in text
    assert "| full render in-process: queries · SQL ms · ms |\n" in text
    assert "### Community mix" in text
    first_text, mix_text = text.split("### Community mix", 1)
    for name in first:  # every page of the first-visit run, every column
        assert _row(first_text, name).count(" | ") == 9, (name, _row(first_text, name))
    assert "| ≥ 0.50 × hello | p95 ≤ 25 ms | 0 errors |\n" in text
    assert _row(text, "community mix").count(" | ") == 9
    assert _row(text, "hello-world (paired runs)").count(" | ") == 9
    assert "| errors | queries/req |\n" in text
    for kind in mix["kinds"]:  # every kind of request of the mix, every column
        assert _row(mix_text, kind).count(" | ") == 7, (kind, _row(mix_text, kind))
    assert "| company_page |" in text and "| write_post |" in text
    assert "- Community mix at tiny (target at large): " in text
    _assert_tables_are_whole(text)
    assert report["targets"]["mix"]["tiny"]["errors"] == 0


def _query_counts() -> dict[str, float]:
    page_list = [p for p in pages() if p.key]
    profile = profile_pages(page_list, persona_ids()[0], repeat=1)
    assert all(p["status"] == 200 for p in profile.values()), profile
    # Every request renders its page in full: its queries are a full render's.
    return {name: p["queries"] for name, p in profile.items()}


def test_query_counts_do_not_grow_with_the_data():
    _scale(1)
    tiny = _query_counts()
    call_command("flush", interactive=False, verbosity=0)
    _scale(2)
    double = _query_counts()
    assert KEY_PAGES <= set(tiny)
    assert double == tiny


def _size(label: str, p95: float, p95_vs_hello: float) -> dict:
    page = {"key": True, "p95_ms": p95, "p95_vs_hello": p95_vs_hello, "hello_ratio": 0.5}
    page.update(errors=0, queries_in_process=4)
    return {"size": label, "pages": {"inbox": page}, "jobs": {}, "workers": {}, "database": {}}


def test_growth_takes_the_machines_drift_out():
    """Hello-world's p95 went from 20 to 32 ms between the runs (the machine slowed down): the
    page's p95 grew 1.6× in milliseconds but not against hello-world, so growth is met."""
    slowed = evaluate({"small": _size("small", 50.0, 2.5), "large": _size("large", 80.0, 2.5)})
    row = slowed["pages"]["inbox"]
    assert (row["growth"], row["growth_vs_hello"], row["growth_met"]) == (1.6, 1.0, True)
    assert _growth(row) == "met (1.00; raw 1.60)"

    grew = evaluate({"small": _size("small", 50.0, 2.0), "large": _size("large", 55.0, 3.0)})
    row = grew["pages"]["inbox"]
    assert (row["growth_vs_hello"], row["growth_met"]) == (1.5, False)
    assert _growth(row) == "**not met** (1.50; raw 1.10)"


def test_the_clients_send_a_csrf_cookie_that_django_keeps(client, alice):
    """A returning browser carries its CSRF cookie; the benchmark's clients do too, so a page
    with a form does not make a new secret on every request."""
    cookie = session_cookies(["key"])[0]
    token = dict(part.split("=", 1) for part in cookie.split("; "))["csrftoken"]
    client.force_login(alice)
    client.cookies["csrftoken"] = token
    response = client.get("/companies/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    # Django sends the cookie back to renew its expiry, with the same secret: it was accepted.
    assert response.cookies["csrftoken"].value == token
    del client.cookies["csrftoken"]
    fresh = client.get("/companies/", HTTP_ACCEPT_LANGUAGE="en").cookies["csrftoken"].value
    assert fresh != token
