"""Serve a WSGI application on a real socket for a test, and talk HTTP to it.

`served(app)` runs the standard library's WSGI server (wsgiref) in a thread
on 127.0.0.1 and a free port, so a request goes through a socket, the HTTP
parser and the WSGI application exactly as production's gunicorn hands it
over. The thread's database connections are closed when it stops (a
connection left open would keep PostgreSQL from dropping the test database).
Tests that use it need committed data: `django_db(transaction=True)`.

`gunicorn(app, env)` starts the real gunicorn on an entry point in a
separate process (one sync worker), for what only another process can show:
the settings module an entry point sets, and caches shared between
processes.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


@dataclass(frozen=True)
class Served:
    host: str
    port: int

    def get(self, path: str, headers: dict[str, str] | None = None, *,
            method: str = "GET") -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                         response.read())
        finally:
            conn.close()


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(app: Callable[..., Any]) -> Iterator[Served]:
    from django.db import connections

    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_Quiet)

    def run() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="wsgi-test-server", daemon=True)
    thread.start()
    try:
        yield Served("127.0.0.1", server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], *, probe: str = "/healthz") -> Iterator[Served]:
    port = free_port()
    command = [str(Path(sys.executable).with_name("gunicorn")), app, "--bind",
               f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync",
               "--no-control-socket", "--timeout", "60"]
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update(env)
    # stderr to a file: a pipe nobody reads could fill up with log lines.
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, cwd=ROOT, env=full_env,  # noqa: S603 # nosec B603 # our argv
                            stdout=subprocess.DEVNULL,
                            stderr=errors, start_new_session=True)
    server = Served("127.0.0.1", port)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"gunicorn exited: {errors.read().decode()[-2000:]}")
            with contextlib.suppress(OSError):
                if server.get(probe).status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        errors.close()
