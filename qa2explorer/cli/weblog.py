"""``weblog``: unpack a weblog archive safely into the user cache (once) and serve it on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from .. import jobs
from .output import fail, out, say


def cmd_weblog(args: argparse.Namespace) -> int:
    from ..delivery.locate import member_containing
    from ..qa import documents, weblog
    from ..qa.weblog_server import WeblogServer

    path = os.path.abspath(args.path)
    if os.path.isfile(path) and (documents.is_weblog_archive(path) or member_containing(os.path.dirname(path)) is None):
        archive = path  # a weblog archive (or any archive given outside a delivery)
    elif os.path.exists(path):  # a member, or a folder or another file inside one: the member's weblog
        member = member_containing(path if os.path.isdir(path) else os.path.dirname(path))
        if member is None:
            return fail(f"{args.path} is not in a member folder (none at or above it); give a weblog archive")
        found = documents.find_weblogs(member)
        if not found:
            return fail(f"no weblog archive in the member {os.path.basename(member)}")
        archive = found[0]
        if len(found) > 1:
            others = ", ".join(os.path.basename(p) for p in found[1:])
            print(f"qa2explorer: {os.path.basename(archive)} ({documents.label(archive)}); also: {others}",
                  file=sys.stderr)  # fmt: skip
    else:
        return fail(f"{args.path} does not exist")

    terminal = jobs.TerminalProgress(sys.stderr)
    final = jobs.run(lambda token, report: weblog.unpack(archive, token, report), terminal)
    if final.kind == jobs.CANCELLED:
        return fail("stopped; nothing was left in the cache")
    if final.kind == jobs.ERROR:
        return fail(final.message)
    folder = final.data
    if args.extract_only:
        out(folder)
        return 0
    try:
        page = weblog.entry_page(folder, os.path.basename(archive))
        server = WeblogServer(folder, args.port, home=page).start()
    except jobs.JobError as exc:
        return fail(str(exc))
    say(server.url(page))
    sys.stdout.flush()
    print(f"Serving {folder} on 127.0.0.1 only. Ctrl+C stops it.", file=sys.stderr, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    server.stop()
    print("Stopped.", file=sys.stderr)
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: a port number, 1 to 65535") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port}: a port number is 1 to 65535")
    return port


def add(sub) -> None:
    p = sub.add_parser(
        "weblog",
        help="open a pipeline weblog: unpack it safely (once, into the user cache) and serve it on 127.0.0.1",
        description="Unpacks a weblog archive (*weblog.tgz, *imaging_weblog.tgz, *manual*weblog.tgz) into the "
        "user cache after checking every entry (paths leaving the folder, links out, devices and expanded size "
        "are refused), reusing an earlier unpacking of the same archive, then serves it on a local web server "
        "bound to 127.0.0.1 and prints the URL of its first page (open it in a browser; the weblog's pages need "
        "http://, not file://). Ctrl+C stops the server. Exit 2 with one line for a refused or damaged archive.",
    )
    p.add_argument("path", metavar="FILE_OR_MEMBER",
                   help="a weblog archive, or a member folder or a path in one (its pipeline weblog)")  # fmt: skip
    p.add_argument("--extract-only", action="store_true", help="unpack (or find unpacked) and print the folder")
    p.add_argument("--port", type=_port, default=0, metavar="N", help="serve on this port (default: a free one)")
    p.set_defaults(func=cmd_weblog)
