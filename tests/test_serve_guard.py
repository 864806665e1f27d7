"""The preview answers only this machine's browser, and answers HEAD.

A real `scholarsite serve` process, spoken to with raw HTTP (http.client) and
raw WebSocket handshakes whose Host and Origin headers are forged, as a
DNS-rebinding page or a foreign site would send them.
"""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_site, sample_profile_text
from tests.test_serve import REPO, _free_port

WEBSOCKET = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}
FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil:{port}",
    "attacker.localhost.example",
    "10.0.0.1:{port}",
]
LOCAL_HOSTS = ["127.0.0.1:{port}", "localhost:{port}", "localhost", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1"]
PATHS = ["/", "/papers/", "/static/style.css", "/missing/", "/livereload.js", "/forcereload"]


class Server:
    def __init__(self, site: Path, *extra: str, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "--site", str(site), "--port", str(self.port), *extra],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((host, self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(f"serve exited early: {self.process.communicate()}") from None
                time.sleep(0.02)
        raise AssertionError("serve did not start listening")

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("guard"), {"seeds/profile.txt": sample_profile_text()})


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    running = Server(site)
    yield running
    assert "Traceback" not in running.stop()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_foreign_host_is_refused(server: Server, host: str, path: str) -> None:
    status, _, body = server.request("GET", path, {"Host": host.format(port=server.port)})
    assert status == 403
    assert b"<html" not in body.lower()  # nothing of the site, no draft, no error overlay


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_foreign_host_cannot_open_the_live_reload_socket(server: Server, host: str) -> None:
    status, _, _ = server.request("GET", "/livereload", {**WEBSOCKET, "Host": host.format(port=server.port)})
    assert status == 403


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_this_machine_is_answered(server: Server, host: str) -> None:
    status, headers, body = server.request("GET", "/", {"Host": host.format(port=server.port)})
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"livereload.js" in body


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "http://localhost.evil.example:{port}", "null", "http://127.0.0.1:1"]
)
def test_live_reload_socket_refuses_foreign_origins(server: Server, origin: str) -> None:
    headers = {**WEBSOCKET, "Host": f"127.0.0.1:{server.port}", "Origin": origin.format(port=server.port)}
    status, _, _ = server.request("GET", "/livereload", headers)
    assert status == 403


@pytest.mark.parametrize("origin", [None, "http://127.0.0.1:{port}", "http://localhost:{port}"])
def test_live_reload_socket_accepts_its_own_pages(server: Server, origin: str | None) -> None:
    host = "localhost" if origin and "localhost" in origin else "127.0.0.1"
    headers = {**WEBSOCKET, "Host": f"{host}:{server.port}"}
    if origin:
        headers["Origin"] = origin.format(port=server.port)
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:  # read only the handshake answer: the socket stays open afterwards
        lines = ["GET /livereload HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
        connection.sendall("\r\n".join(lines).encode())
        answer = connection.recv(4096).decode("latin-1")
    finally:
        connection.close()
    assert answer.startswith("HTTP/1.1 101 "), answer


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_forcereload_refuses_other_sites(server: Server, headers: dict[str, str]) -> None:
    status, _, body = server.request("GET", "/forcereload", headers)
    assert status == 403
    assert body != b"ok"


def test_forcereload_from_the_preview_or_a_terminal_works(server: Server) -> None:
    own = {"Origin": f"http://127.0.0.1:{server.port}", "Sec-Fetch-Site": "same-origin"}
    assert server.request("GET", "/forcereload", own)[::2] == (200, b"ok")
    assert server.request("GET", "/forcereload")[::2] == (200, b"ok")  # curl: no Origin at all


@pytest.mark.parametrize("path", ["/", "/papers/", "/static/style.css", "/missing/", "/papers", "/livereload.js"])
def test_head_gives_the_headers_of_get_without_a_body(server: Server, path: str) -> None:
    get_status, get_headers, get_body = server.request("GET", path)
    head_status, head_headers, head_body = server.request("HEAD", path)
    assert head_status == get_status
    assert head_body == b""
    get_headers.pop("date", None)
    head_headers.pop("date", None)
    assert head_headers == get_headers
    if "content-length" in get_headers:
        assert int(get_headers["content-length"]) == len(get_body)


def test_host_given_with_option_is_answered(site: Path) -> None:
    running = Server(site, "--host", "127.0.0.2", host="127.0.0.2")
    try:
        assert running.request("GET", "/", {"Host": f"127.0.0.2:{running.port}"})[0] == 200
        assert running.request("GET", "/", {"Host": f"localhost:{running.port}"})[0] == 200
        assert running.request("GET", "/", {"Host": "evil.example"})[0] == 403
    finally:
        assert "Traceback" not in running.stop()
