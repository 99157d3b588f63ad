"""The weblog server over real loopback sockets: pages served with their types, nothing outside the weblog
readable through it (``..``, encoded and double-encoded traversal, backslashes, NUL, absolute paths, links out),
listening on 127.0.0.1 only, GET and HEAD only, and stopped on request."""

import http.client
import os
import socket
import urllib.request
from pathlib import Path

import pytest

from qa2explorer.jobs import JobError
from qa2explorer.qa.server_pool import ServerPool
from qa2explorer.qa.weblog_server import WeblogServer

SECRET = b"the secret beside the weblog"
HTML = "pipeline-20240110T091200/html"


@pytest.fixture
def served(tmp_path):
    """A weblog folder (with a secret file beside it and a link to that secret inside it), served."""
    root = tmp_path / "weblog"
    html = root / HTML
    (html / "stage1").mkdir(parents=True)
    (html / "index.html").write_text("<html><body>weblog home</body></html>")
    (html / "t1-4.html").write_text("<html>by task</html>")
    (html / "stage1" / "casapy.log").write_text("2018-03-09 23:05:46\tINFO\thifa_importdata::::\tstart\n")
    (html / "stage12").mkdir()
    (html / "stage12" / "bpcal.bpcal-Sun-Mar-11-01:17:47-2018.log").write_text("colons in the name")
    for name, data in [("style.css", b"body{}"), ("app.js", b"var a;"), ("plot.png", b"\x89PNG\r\n\x1a\n"),
                       ("icon.svg", b"<svg/>"), ("stats.json", b"{}"), ("notes.txt", b"t"),
                       ("pipeline_aquareport.xml", b"<PipelineAquaReport/>")]:  # fmt: skip
        (html / name).write_bytes(data)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    os.symlink(tmp_path / "secret.txt", html / "link-out.txt")
    os.symlink(tmp_path, html / "dir-out")
    os.symlink("index.html", html / "home.html")  # a link inside the weblog is fine
    server = WeblogServer(str(root), home=f"{HTML}/index.html").start()
    yield server
    server.stop()


def fetch(server, path, method="GET", host=None):
    """(status, headers, body) of a raw request: the path goes out exactly as written."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def test_the_index_and_other_files_are_served_with_their_types(served):
    with urllib.request.urlopen(served.url(f"{HTML}/index.html"), timeout=10) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert b"weblog home" in r.read()
    types = {"style.css": "text/css", "app.js": "text/javascript", "plot.png": "image/png",
             "icon.svg": "image/svg+xml", "stats.json": "application/json", "stage1/casapy.log": "text/plain",
             "notes.txt": "text/plain", "pipeline_aquareport.xml": "application/xml"}  # fmt: skip
    for name, kind in types.items():
        status, headers, _ = fetch(served, f"/{HTML}/{name}")
        assert status == 200 and headers["Content-Type"].split(";")[0] == kind, name
    status, _, body = fetch(served, f"/{HTML}/t2-4m.html?sidebar=sidebar_stage1".replace("t2-4m", "t1-4"))
    assert (status, body) == (200, b"<html>by task</html>")  # the query string the weblog's links carry
    assert fetch(served, f"/{HTML}/stage12/bpcal.bpcal-Sun-Mar-11-01%3A17%3A47-2018.log")[2] == b"colons in the name"
    assert fetch(served, f"/{HTML}/home.html")[2] == fetch(served, f"/{HTML}/index.html")[2]
    assert fetch(served, f"/{HTML}/")[2] == fetch(served, f"/{HTML}/index.html")[2]
    status, headers, _ = fetch(served, "/")
    assert status == 302 and headers["Location"] == f"/{HTML}/index.html"
    status, headers, body = fetch(served, f"/{HTML}/index.html", "HEAD")
    assert status == 200 and int(headers["Content-Length"]) > 0 and body == b""


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        f"/{HTML}/../../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        f"/{HTML}/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%00/../secret.txt",
        "/index.html%00.txt",
        "//etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../secret.txt",
        f"/{HTML}/link-out.txt",
        f"/{HTML}/dir-out/secret.txt",
        "/C:/secret.txt",
        "/%ff%fe",
    ],
)
def test_nothing_outside_the_weblog_can_be_read(served, tmp_path, path):
    status, _, body = fetch(served, path)
    assert status in (400, 403, 404), (path, status)
    assert SECRET not in body and b"root:" not in body
    assert str(tmp_path).encode() not in body  # refusals say nothing about where things are


def test_directories_are_not_listed(served):
    status, _, body = fetch(served, f"/{HTML}/stage1/")
    assert status == 404 and b"casapy.log" not in body


def test_only_get_and_head(served):
    for method in ("POST", "PUT", "DELETE"):
        status, headers, _ = fetch(served, f"/{HTML}/index.html", method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    request = urllib.request.Request(served.url(f"{HTML}/index.html"), data=b"x=1", method="POST")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=10)
    assert exc.value.code == 405


def test_another_host_name_is_refused(served):
    """A web page that rebinds its own domain to 127.0.0.1 cannot read the weblog through the user's browser."""
    assert fetch(served, f"/{HTML}/index.html", host=f"evil.example:{served.port}")[0] == 403
    assert fetch(served, f"/{HTML}/index.html", host=f"localhost:{served.port}")[0] == 200


def test_it_listens_on_loopback_only(served):
    assert served.address[0] == "127.0.0.1"
    assert served._server.socket.getsockname()[0] == "127.0.0.1"
    other = _non_loopback_address()
    if other is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with pytest.raises(OSError), socket.create_connection((other, served.port), timeout=3):
        pass


def _non_loopback_address() -> str | None:
    """This machine's address on its default route (no packet is sent: a UDP socket only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_it_stops_and_frees_its_port(served):
    port = served.port
    served.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
    assert not served.running


def test_a_port_in_use_is_said_in_one_line(served, tmp_path):
    with pytest.raises(JobError, match=rf"^cannot listen on 127.0.0.1:{served.port}: "):
        WeblogServer(str(tmp_path), served.port)


def test_the_pool_reuses_a_weblogs_server_and_stops_them_all(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "index.html").write_text(f"<html>{folder.name}</html>")
    pool = ServerPool()
    first = pool.serve(str(a), "index.html")
    assert pool.serve(str(a)) is first
    second = pool.serve(str(b), "index.html")
    assert second.port != first.port
    assert fetch(second, "/index.html")[2] == b"<html>b</html>"
    pool.stop_all()
    assert not first.running and not second.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", first.port), timeout=3).close()
    assert Path(a, "index.html").exists()  # serving never writes
