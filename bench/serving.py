"""The servers the bench scripts measure, started one way: gunicorn with production settings
(as the README's production section runs it) or the development server, on 127.0.0.1."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    """gunicorn with production settings, answering on 127.0.0.1:`port`."""
    env = {
        **os.environ,
        "NEWSQUOTES_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "newsquotes.wsgi", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    return wait_until_listening(subprocess.Popen(command, cwd=ROOT, env=env), port, "gunicorn")


def wait_until_listening(server: subprocess.Popen, port: int, what: str) -> subprocess.Popen:
    """The server once its port accepts connections (30 s at most)."""
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"{what} did not start")
