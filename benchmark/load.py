"""A small, bounded HTTP load generator: N clients driven by one asyncio loop.

Each client keeps its connection while the server keeps it open and reconnects when the server
closes it (gunicorn's sync workers close after every answer); the connection's set-up then
counts in that request's latency.

Only 127.0.0.1 (or localhost) is accepted. Each round runs every client until a time limit or a
request limit, whichever comes first; the caller repeats rounds and takes medians.
"""

from __future__ import annotations

import asyncio
import statistics
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


class ProtocolError(Exception):
    pass


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP/1.1 response (Content-Length or chunked body): status, headers, body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as error:
        raise ProtocolError(lines[0]) from error
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            name = name.strip().lower()
            if name == "set-cookie" and name in headers:  # one per line, apart
                headers[name] += "\n" + value.strip()
            else:
                headers[name] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunks.append((await reader.readexactly(size + 2))[:size])
            if size == 0:
                break
        body = b"".join(chunks)
    return status, headers, body


async def _client(host, port, path, cookie, connection, deadline, max_requests, out):
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
        "Accept-Language: zh-Hant,en;q=0.5\r\nConnection: keep-alive\r\n\r\n"
    ).encode("latin-1")
    latencies, statuses, queries, errors = [], {}, [], 0
    reader, writer = connection
    sent = 0
    clock = time.perf_counter
    while sent < max_requests and clock() < deadline:
        sent += 1
        began = clock()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status, headers, _body = await read_response(reader)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ProtocolError):
            errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        latencies.append((clock() - began) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            errors += 1
        count = headers.get("x-bench-queries")
        if count is not None:
            queries.append(int(count))
        if headers.get("connection", "").lower() == "close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()
    out.append((latencies, statuses, queries, errors))


async def _round(base, path, cookies, clients, seconds, per_client):
    results: list = []
    # Connect every client first, so the clock measures requests and not connection set-up.
    connections = [await asyncio.open_connection(*base) for _ in range(clients)]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _client(base[0], base[1], path, cookies[i % len(cookies)] if cookies else "",
                    connections[i], deadline, per_client, results)
            for i in range(clients)
        )
    )  # fmt: skip
    return results, time.perf_counter() - started


def run_round(
    base_url: str,
    path: str,
    cookies: list[str],
    *,
    clients: int = 8,
    seconds: float = 3.0,
    max_requests: int = 100_000,
) -> RoundResult:
    """``clients`` connections, each sending its next request as soon as the last
    answer is read (a closed loop), for ``seconds``. One asyncio loop with raw HTTP/1.1 keeps
    the load generator's own CPU small: it shares the machine with the server."""
    parts = urlsplit(base_url)
    if parts.hostname not in ALLOWED_HOSTS:
        raise ValueError("The load generator only talks to 127.0.0.1.")
    base = (parts.hostname, parts.port or 80)
    per_client = max(1, max_requests // clients)
    results, elapsed = asyncio.run(_round(base, path, cookies, clients, seconds, per_client))
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
