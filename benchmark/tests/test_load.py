"""The load generator against a tiny local server: keep-alive and closed connections alike."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmark.load import run_round


def _server(*, close: bool):
    connections = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            connections.append(self.client_address)

        def do_GET(self):  # noqa: N802 - the http.server API
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Bench-Queries", "3")
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, connections


@pytest.mark.parametrize("close", [False, True])
def test_clients_reuse_or_reopen_their_connections(close):
    server, connections = _server(close=close)
    try:
        result = run_round(
            f"http://127.0.0.1:{server.server_port}", "/", ["c=1"], clients=2, seconds=5,
            max_requests=40,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert (result.requests, result.errors) == (40, 0)
    assert result.statuses == {200: 40}
    assert set(result.queries) == {3}
    # Kept alive: the two connections opened before the round. Closed by the server: a new
    # connection for every request after each client's first.
    assert len(connections) == (40 if close else 2)


def test_only_the_local_machine_is_driven():
    with pytest.raises(ValueError):
        run_round("http://example.com/", "/", [], clients=1, seconds=0.1)
