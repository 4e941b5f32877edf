"""The community mix: many signed-in members, each a short session of pages, with writes.

Where the per-page runs (``drive``) send the same few members to the same page again and again
(reloads), this is traffic as a community makes it:

- every client plays a session: a member drawn from the ``plan``'s members (hundreds, signed in
  up front by ``benchmark.measure.community_plan``) visits 3–8 pages, then another member;
- pages are drawn with the weights of ``PAGE_MIX`` (the company list and search ~30 %, a
  company's page ~25 %, My requests ~15 %, the inbox, the directory and contacts ~10 % each),
  companies with a Zipf law over every company (rank 1 = the most referrers), search terms from
  those companies' names (English, Chinese, an alias, a prefix, a typo), the member's own
  requests, received requests and contacts for the detail pages;
- ``write_share`` (~5 %) of the steps are writes through the forms, as a browser sends them:
  the form's page is read, its CSRF token taken from the HTML and posted back with the cookies;
  the redirect is followed and must show what was written. In turn: a referrer opens a request
  in the inbox and decides it (refers, declines or asks for more information); a seeker logs an
  interaction on a contact; a seeker sends a new request to a referrer (who may decide it later
  in the same run). Versions move as they do in use.

A write that does not answer with a redirect, or whose page afterwards does not show it, is a
failed write (``writes``); any answer of 400 or more, a read that is not 200 and a broken
connection are errors. The ``X-Bench-Queries`` headers give each kind of page's queries per
request.

The same code drives the smoke test (``benchmark/tests/test_smoke.py``, SQLite, one client) and
``make bench`` (PostgreSQL, gunicorn, 8 clients); it needs no Django, only the plan and the
server's address.
"""

from __future__ import annotations

import asyncio
import bisect
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from benchmark.load import (
    ALLOWED_HOSTS,
    ProtocolError,
    RoundResult,
    percentile,
    read_response,
    run_round,
    summarise,
)

PAGE_MIX = {
    "company_list": 15,
    "search": 15,
    "company_page": 25,
    "my_requests": 15,
    "inbox": 10,
    "directory": 10,
    "contacts": 10,
}
WRITE_SHARE = 0.05
WRITE_KINDS = ("decide", "interaction", "ask")
SESSION_STEPS = (3, 8)
ZIPF_EXPONENT = 1.0
DECISIONS = ("refer", "refer", "decline", "decline", "need-info")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT_RE = re.compile(r'href="\?after=(\d+)"')
INPUT_RE = re.compile(r"<input[^>]*>")


def form_value(html: str, name: str) -> str | None:
    """The ``value`` of the ``<input name=...>`` in ``html``, or None."""
    for tag in INPUT_RE.findall(html):
        if f'name="{name}"' in tag:
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else ""
    return None


def messages_cookie(answer: Answer) -> str:
    """``messages=…`` when the answer set Django's messages cookie (to send back), else ""."""
    for line in answer.headers.get("set-cookie", "").split("\n"):
        pair = line.split(";", 1)[0].strip()
        if pair.startswith("messages=") and pair != "messages=" and "Max-Age=0" not in line:
            return pair
    return ""


def zipf_cum_weights(n: int, s: float = ZIPF_EXPONENT) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        out.append(total)
    return out


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    ms: float


class Connection:
    """One client's connection to the server: reconnects when the server closes it (gunicorn's
    sync workers close after every answer); the set-up counts in that request's latency."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def send(self, method: str, path: str, cookie: str, form: dict | None = None):
        """The answer, or None when the connection broke."""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Cookie: {cookie}",
            "Accept-Language: zh-Hant,en;q=0.5",
            "Connection: keep-alive",
        ]
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            origin = f"http://{self.host}:{self.port}"
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {origin}",
                f"Referer: {origin}{path}",
            ]
        request = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        began = time.perf_counter()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.writer.write(request)
            status, headers, raw = await read_response(self.reader)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ProtocolError):
            self.close()
            return None
        ms = (time.perf_counter() - began) * 1000
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Answer(status, headers, raw.decode("utf-8", "replace"), ms)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Tally:
    """One kind of request in one round: latencies, statuses, errors, queries."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    queries: list[int] = field(default_factory=list)

    def result(self, seconds: float) -> RoundResult:
        return RoundResult(len(self.latencies_ms), seconds, self.latencies_ms, self.errors,
                           self.statuses, self.queries)  # fmt: skip


@dataclass
class Writes:
    attempted: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)  # "<kind>: <what went wrong>" -> n
    skipped: int = 0  # no target left for any kind of write: a read was made instead

    def as_dict(self) -> dict:
        return {
            "attempted": sum(self.attempted.values()),
            "done": sum(self.done.values()),
            "failed": sum(self.failed.values()),
            "skipped": self.skipped,
            "by_kind": {
                kind: {"attempted": self.attempted.get(kind, 0), "done": self.done.get(kind, 0)}
                for kind in WRITE_KINDS
            },
            "failures": dict(sorted(self.failed.items())),
        }


class Mix:
    """The state of a community-mix run, shared by its clients and carried across its rounds."""

    def __init__(self, plan: dict, cookies: list[str], *, seed: int = 42,
                 write_share: float = WRITE_SHARE):  # fmt: skip
        self.plan = plan
        self.members = plan["members"]
        self.cookies = cookies
        self.seed = seed
        self.write_share = write_share
        self.companies = plan["companies"]
        self.company_weights = zipf_cum_weights(len(self.companies))
        kinds = list(PAGE_MIX)
        self.kinds = kinds
        self.kind_weights = [sum(PAGE_MIX[k] for k in kinds[: i + 1]) for i in range(len(kinds))]
        pools = plan["writes"]
        self.decide = [tuple(x) for x in pools["decide"]]
        self.interaction = [tuple(x) for x in pools["interaction"]]
        self.ask = [tuple(x) for x in pools["ask"]]
        self.marker = plan.get("marker", "bench")
        self.serial = 0
        self.next_write = 0
        self.writes = Writes()
        self.errors_all = 0
        self.next_after: dict[int, str] = {}
        self.tallies: dict[str, Tally] = {}

    # --- What to ask for ------------------------------------------------------------------

    def company(self, rng: random.Random) -> list[str]:
        x = rng.random() * self.company_weights[-1]
        return self.companies[bisect.bisect_left(self.company_weights, x)]

    def search_term(self, rng: random.Random) -> str:
        slug, name_en, name_zh, alias = self.company(rng)
        roll = rng.random()
        if roll < 0.25 and name_zh:
            return name_zh
        if roll < 0.35 and alias:
            return alias
        word = name_en.split()[0].lower()
        if roll < 0.45:
            return word[:4]
        if roll < 0.6 and len(word) >= 4:
            return word[: len(word) // 2] + word[len(word) // 2 + 1 :]  # a letter left out
        return name_en

    def read(self, client: int, member: int, rng: random.Random) -> tuple[str, str]:
        """A page to read: (kind, path)."""
        kind = self.kinds[bisect.bisect_left(self.kind_weights, rng.random() * 100)]
        m = self.members[member]
        roll = rng.random()
        if kind == "company_list":
            after = self.next_after.get(client)
            return kind, f"/companies/?after={after}" if after and roll < 0.3 else "/companies/"
        if kind == "search":
            return kind, "/companies/?q=" + quote(self.search_term(rng))
        if kind == "company_page":
            slug = self.company(rng)[0]
            sort = "?sort=recent" if roll < 0.1 else "?sort=fast" if roll < 0.15 else ""
            return kind, f"/companies/{slug}/{sort}"
        if kind == "my_requests":
            if roll < 0.25 and m["requests"]:
                return kind, f"/my-requests/{rng.choice(m['requests'])}/"
            return kind, "/my-requests/"
        if kind == "inbox":
            if roll < 0.25 and m["received"]:
                return kind, f"/inbox/{rng.choice(m['received'])}/"
            return kind, "/inbox/"
        if kind == "directory":
            filters = self.plan["directory_filters"]
            return kind, "/network/?" + rng.choice(filters) if roll < 0.3 else "/network/"
        if roll < 0.2 and m["contacts"]:
            return kind, f"/contacts/{rng.choice(m['contacts'])}/"
        return kind, "/contacts/keep-in-touch/" if roll < 0.4 else "/contacts/"

    # --- Asking ---------------------------------------------------------------------------

    async def get(self, conn: Connection, kind: str, path: str, member: int) -> Answer | None:
        return await self.send(conn, kind, "GET", path, member)

    async def send(self, conn, kind, method, path, member, form=None, extra="") -> Answer | None:
        cookie = self.cookies[member] + (f"; {extra}" if extra else "")
        answer = await conn.send(method, path, cookie, form)
        tally = self.tallies.setdefault(kind, Tally())
        if answer is None:
            tally.errors += 1
            self.errors_all += 1
            return None
        tally.latencies_ms.append(answer.ms)
        tally.statuses[answer.status] = tally.statuses.get(answer.status, 0) + 1
        bad = answer.status >= 400 or (method == "GET" and answer.status != 200)
        if bad:
            tally.errors += 1
            self.errors_all += 1
        count = answer.headers.get("x-bench-queries")
        if count is not None:
            tally.queries.append(int(count))
        return answer

    # --- Writing --------------------------------------------------------------------------

    def mark(self) -> str:
        self.serial += 1
        return f"bench-{self.marker}-{self.serial}"

    def failed(self, kind: str, what: str) -> bool:
        key = f"{kind}: {what}"
        self.writes.failed[key] = self.writes.failed.get(key, 0) + 1
        return False

    async def write(self, conn: Connection, rng: random.Random) -> bool:
        """One write of the next kind that has a target left; False when none has."""
        for _ in range(len(WRITE_KINDS)):
            kind = WRITE_KINDS[self.next_write % len(WRITE_KINDS)]
            self.next_write += 1
            pool = getattr(self, kind)
            if pool:
                self.writes.attempted[kind] = self.writes.attempted.get(kind, 0) + 1
                if await getattr(self, f"write_{kind}")(conn, rng):
                    self.writes.done[kind] = self.writes.done.get(kind, 0) + 1
                return True
        self.writes.skipped += 1
        return False

    async def _form(self, conn, kind, path, member) -> Answer | None:
        answer = await self.send(conn, "write_form", "GET", path, member)
        if answer is None or answer.status != 200 or not CSRF_RE.search(answer.body):
            self.failed(kind, "form page")
            return None
        return answer

    async def _post(self, conn, kind, path, member, form, marker) -> str | None:
        """POST the form; follow the redirect; the page must show ``marker``. The redirect's
        address, or None."""
        answer = await self.send(conn, "write_post", "POST", path, member, form)
        if answer is None or answer.status != 302 or "location" not in answer.headers:
            self.failed(kind, f"POST answered {answer.status if answer else 'nothing'}")
            return None
        location = urlsplit(answer.headers["location"])
        target = location.path + (f"?{location.query}" if location.query else "")
        # The browser follows the redirect with the message the write left in a cookie.
        result = await self.send(conn, "write_result", "GET", target, member,
                                 extra=messages_cookie(answer))  # fmt: skip
        if result is None or result.status != 200:
            self.failed(kind, "page after the write")
            return None
        if marker not in result.body:
            self.failed(kind, "not shown after the write")
            return None
        return target

    async def write_decide(self, conn: Connection, rng: random.Random) -> bool:
        member, pk, asked = self.decide.pop(rng.randrange(len(self.decide)))
        page = await self._form(conn, "decide", f"/inbox/{pk}/", member)  # opens it
        if page is None:
            return False
        marker = self.mark()
        # More information is asked for once: then the referrer refers or declines.
        decision = rng.choice(DECISIONS[:-1] if asked else DECISIONS)
        token = CSRF_RE.search(page.body).group(1)
        form = {"csrfmiddlewaretoken": token}
        if decision == "refer":
            form.update(note=f"Referred you today. {marker}", contact="")
        elif decision == "decline":
            form.update(reason="no_opening", note=f"No opening right now, sorry. {marker}")
        else:
            form.update(question=f"Which team are you most interested in? {marker}", contact="")
        done = await self._post(conn, "decide", f"/inbox/{pk}/{decision}/", member, form, marker)
        if done and decision == "need-info":
            self.decide.append((member, pk, True))  # still open: it can be decided later
        return done is not None

    async def write_interaction(self, conn: Connection, rng: random.Random) -> bool:
        member, pk = self.interaction[rng.randrange(len(self.interaction))]
        page = await self._form(conn, "interaction", f"/contacts/{pk}/log/", member)
        if page is None:
            return False
        marker = self.mark()
        form = {
            "csrfmiddlewaretoken": CSRF_RE.search(page.body).group(1),
            "kind": rng.choice(("coffee", "call", "message")),
            "occurred_at": form_value(page.body, "occurred_at") or "",
            "topics": f"Hiring plans for next year {marker}",
            "notes": "",
        }
        done = await self._post(conn, "interaction", f"/contacts/{pk}/log/", member, form, marker)
        return done is not None

    async def write_ask(self, conn: Connection, rng: random.Random) -> bool:
        member, channel, referrer = self.ask.pop(0)
        page = await self._form(conn, "ask", f"/ask/{channel}/", member)
        if page is None:
            return False
        marker = self.mark()
        form = {
            "csrfmiddlewaretoken": CSRF_RE.search(page.body).group(1),
            "kind": "advice",
            "position_title": f"Backend engineer {marker}",
            "job_url": "",
            "job_id": "",
            "location": "Taipei",
            "note": "I would love twenty minutes of advice on moving to your team. 謝謝！",
            "confirm_instructions": "on",
            "confirm_accurate": "on",
        }
        target = await self._post(conn, "ask", f"/ask/{channel}/", member, form, marker)
        if target is None:
            return False
        # Back to the list, as a member does: it must show the new request at once.
        listed = await self.send(conn, "write_result", "GET", "/my-requests/", member)
        if listed is None or marker not in listed.body:
            return self.failed("ask", "not in My requests after the write")
        found = re.search(r"/my-requests/(\d+)/", target)
        if found:
            self.decide.append((referrer, int(found.group(1)), False))  # to be answered
        return True

    # --- Running --------------------------------------------------------------------------

    async def _client(self, base, client: int, deadline: float, budget: list[int], rng):
        conn = Connection(*base)
        clock = time.perf_counter
        try:
            while clock() < deadline and budget[0] > 0:
                member = rng.randrange(len(self.members))
                for _ in range(rng.randint(*SESSION_STEPS)):
                    if clock() >= deadline or budget[0] <= 0:
                        break
                    budget[0] -= 1
                    if rng.random() < self.write_share and await self.write(conn, rng):
                        continue
                    kind, path = self.read(client, member, rng)
                    answer = await self.get(conn, kind, path, member)
                    if kind == "company_list" and answer is not None:
                        found = NEXT_RE.search(answer.body)
                        if found:
                            self.next_after[client] = found.group(1)
                        else:
                            self.next_after.pop(client, None)
        finally:
            conn.close()

    def run(self, base_url: str, *, clients: int, seconds: float, max_steps: int = 10**9,
            label: str = "") -> dict[str, RoundResult]:  # fmt: skip
        """One round: ``clients`` sessions at a time for ``seconds`` (or ``max_steps`` steps, a
        write counting one). Per kind of request and ``"all"``: the round's results."""
        parts = urlsplit(base_url)
        if parts.hostname not in ALLOWED_HOSTS:
            raise ValueError("The load generator only talks to 127.0.0.1.")
        base = (parts.hostname, parts.port or 80)
        self.tallies = {}
        budget = [max_steps]

        async def go():
            deadline = time.perf_counter() + seconds
            rngs = [random.Random(f"{self.seed}:{label}:{c}") for c in range(clients)]
            await asyncio.gather(
                *(self._client(base, c, deadline, budget, rngs[c]) for c in range(clients))
            )

        started = time.perf_counter()
        asyncio.run(go())
        elapsed = time.perf_counter() - started
        out = {kind: tally.result(elapsed) for kind, tally in self.tallies.items()}
        every = Tally()
        for tally in self.tallies.values():
            every.latencies_ms.extend(tally.latencies_ms)
            every.errors += tally.errors
            every.queries.extend(tally.queries)
            for status, n in tally.statuses.items():
                every.statuses[status] = every.statuses.get(status, 0) + n
        out["all"] = every.result(elapsed)
        return out


def pooled(rounds: list[RoundResult]) -> dict:
    """One kind of request over every round: percentiles of all its latencies together (a kind
    can have few requests in one round)."""
    latencies = [ms for r in rounds for ms in r.latencies_ms]
    statuses: dict[str, int] = {}
    for r in rounds:
        for k, v in r.statuses.items():
            statuses[str(k)] = statuses.get(str(k), 0) + v
    queries = [q for r in rounds for q in r.queries]
    return {
        "requests": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "errors": sum(r.errors for r in rounds),
        "statuses": statuses,
        "queries_per_request": statistics.median(queries) if queries else None,
    }


def drive_mix(
    base_url: str,
    plan: dict,
    cookies: list[str],
    hello_url: str,
    hello_cookies: list[str],
    *,
    clients: int = 8,
    rounds: int = 5,
    seconds: float = 10.0,
    hello_seconds: float = 3.0,
    warmup: float = 60.0,
    seed: int = 42,
    write_share: float = WRITE_SHARE,
    max_steps: int = 10**9,
    sample=None,
    say=print,
) -> dict:
    """Warm up (the workers load their code and templates, the connections open), then
    ``rounds`` rounds of the mix, each followed by a hello-world run: × hello is the median of
    the paired throughput ratios, as in ``drive``.
    The rate (rps, p50/p95/p99) is the median over rounds; each kind's percentiles are over all
    its requests; writes and errors count the whole run, warm-up included."""
    mix = Mix(plan, cookies, seed=seed, write_share=write_share)
    if warmup > 0:
        mix.run(base_url, clients=clients, seconds=warmup, max_steps=max_steps, label="warmup")
    overall: list[RoundResult] = []
    kinds: dict[str, list[RoundResult]] = {}
    hellos: list[RoundResult] = []
    ratios: list[float] = []
    for r in range(rounds):
        result = mix.run(base_url, clients=clients, seconds=seconds, max_steps=max_steps,
                         label=f"round{r}")  # fmt: skip
        overall.append(result.pop("all"))
        for kind, one in result.items():
            kinds.setdefault(kind, []).append(one)
        hello = run_round(base_url, hello_url, hello_cookies, clients=clients,
                          seconds=hello_seconds, max_requests=max_steps)  # fmt: skip
        hellos.append(hello)
        if hello.rps:
            ratios.append(overall[-1].rps / hello.rps)
        if sample:
            sample()
        say(f"  mix round {r + 1}/{rounds} done")
    summary = summarise(overall)
    summary["hello_ratio"] = round(statistics.median(ratios), 3) if ratios else None
    summary["hello"] = summarise(hellos)
    summary["errors_with_warmup"] = mix.errors_all
    order = [*PAGE_MIX, "write_form", "write_post", "write_result"]
    total = sum(len(r.latencies_ms) for rs in kinds.values() for r in rs) or 1
    summary["kinds"] = {}
    for kind in sorted(kinds, key=lambda k: order.index(k) if k in order else len(order)):
        row = pooled(kinds[kind])
        row["share"] = round(row["requests"] / total, 4)
        summary["kinds"][kind] = row
    summary["writes"] = mix.writes.as_dict()
    summary["members"] = len(plan["members"])
    summary["companies"] = len(plan["companies"])
    summary["write_targets"] = plan.get("counts", {})
    return summary
