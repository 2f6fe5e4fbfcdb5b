"""The production path: settings checks, the compose file, and gunicorn serving for real."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "NEWSQUOTES_ENV": "production",
    "SECRET_KEY": "a-long-random-test-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
}


def production_env(**extra) -> dict:
    # The browser tests' async-unsafe switch must not leak into a production check.
    ignored = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(PRODUCTION_ENV, **extra)
    return env


def readme_production_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Production", 1)[1].split("\n## ", 1)[0]


def test_check_deploy_reports_nothing_with_the_documented_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_a_database_other_than_postgresql_is_refused():
    env = production_env(DATABASE_URL="sqlite:///db.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "PostgreSQL only" in result.stderr


def test_compose_file_runs_postgres_18_web_and_worker():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"] == "postgres:18"
    assert {"web", "worker"} <= set(services)
    assert services["web"]["environment"]["NEWSQUOTES_ENV"] == "production"


def test_compose_commands_are_the_readme_production_steps():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    section = readme_production_section()
    web = compose["services"]["web"]["command"].removeprefix("sh -c ").strip('"')
    for step in web.split(" && "):
        assert step in section, step
    assert "python manage.py run_worker" in compose["services"]["worker"]["command"]
    assert "python manage.py run_worker" in section


def test_compose_restarts_web_and_worker_unless_stopped():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["web"]["restart"] == services["worker"]["restart"] == "unless-stopped"


def test_dockerfile_runs_the_same_web_command_as_compose():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]["command"].removeprefix("sh -c ").strip('"')
    assert web in (ROOT / "Dockerfile").read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_login_page_with_static_files_and_csp(tmp_path):
    from django.db import connection

    db = connection.settings_dict
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    credentials = f"{db['USER']}:{db['PASSWORD'] or ''}"
    database_url = (
        f"postgresql://{credentials}@/{db['NAME']}?host={host}"
        if host.startswith("/")
        else f"postgresql://{credentials}@{host}:{port}/{db['NAME']}"
    )
    env = production_env(
        DATABASE_URL=database_url, STATIC_ROOT=str(tmp_path / "static"), SECURE_SSL_REDIRECT="0"
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsquotes.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        response = None
        for _ in range(100):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None and response.status == 200
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        page = response.read().decode()
        css = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert (
            ".css" in css and urllib.request.urlopen(f"http://127.0.0.1:{port}{css}").status == 200
        )
    finally:
        server.terminate()
        server.wait(10)
