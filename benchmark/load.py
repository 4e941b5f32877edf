"""A small, bounded HTTP load generator: N client threads with keep-alive connections.

Only 127.0.0.1 (or localhost) is accepted. Each round runs every client until a time limit or a
request limit, whichever comes first; the caller repeats rounds and takes medians.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class RoundResult:
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    statuses: dict[int, int] = field(default_factory=dict)
    queries: list[int] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _client(
    base: tuple[str, int],
    path: str,
    cookie: str,
    deadline: list[float],
    max_requests: int,
    out: list,
    start: threading.Barrier,
):
    host, port = base
    conn = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Cookie": cookie, "Accept-Language": "zh-Hant,en;q=0.5", "Host": f"{host}:{port}"}
    latencies, statuses, queries, errors = [], {}, [], 0
    start.wait()
    end = deadline[0]
    sent = 0
    while sent < max_requests and time.perf_counter() < end:
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            count = response.getheader("X-Bench-Queries")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            errors += 1
            sent += 1
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            errors += 1
        if count is not None:
            queries.append(int(count))
        sent += 1
    conn.close()
    out.append((latencies, statuses, queries, errors))


def run_round(
    base_url: str,
    path: str,
    cookies: list[str],
    *,
    clients: int = 8,
    seconds: float = 3.0,
    max_requests: int = 100_000,
) -> RoundResult:
    parts = urlsplit(base_url)
    if parts.hostname not in ALLOWED_HOSTS:
        raise ValueError("The load generator only talks to 127.0.0.1.")
    base = (parts.hostname, parts.port or 80)
    per_client = max(1, max_requests // clients)
    results: list = []
    barrier = threading.Barrier(clients + 1)
    deadline_box = [0.0]

    threads = []
    for i in range(clients):
        cookie = cookies[i % len(cookies)] if cookies else ""
        t = threading.Thread(
            target=_client,
            args=(base, path, cookie, deadline_box, per_client, results, barrier),
            daemon=True,
        )
        threads.append(t)
        t.start()
    # Every client waits at the barrier; the clock starts when they are all released.
    deadline_box[0] = time.perf_counter() + seconds
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join(timeout=seconds + 60)
    elapsed = time.perf_counter() - started
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queries: list[int] = []
    errors = 0
    for lat, st, q, err in results:
        latencies.extend(lat)
        queries.extend(q)
        errors += err
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    return RoundResult(len(latencies), elapsed, latencies, errors, statuses, queries)


def summarise(rounds: list[RoundResult]) -> dict:
    """Medians over rounds of each round's rps and latency percentiles."""

    def med(values):
        return round(statistics.median(values), 2) if values else 0.0

    queries = [q for r in rounds for q in r.queries]
    statuses: dict[str, int] = {}
    for r in rounds:
        for k, v in r.statuses.items():
            statuses[str(k)] = statuses.get(str(k), 0) + v
    return {
        "rps": med([r.rps for r in rounds]),
        "p50_ms": med([percentile(r.latencies_ms, 0.50) for r in rounds]),
        "p95_ms": med([percentile(r.latencies_ms, 0.95) for r in rounds]),
        "p99_ms": med([percentile(r.latencies_ms, 0.99) for r in rounds]),
        "requests": sum(r.requests for r in rounds),
        "errors": sum(r.errors for r in rounds),
        "statuses": statuses,
        "queries_per_request": statistics.median(queries) if queries else None,
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "rounds": len(rounds),
    }
