"""What a newcomer waits for: `make run` in a fresh clone, to the first page, then a second start.

    python3 bench/first_run.py [--ref HEAD] [--keep]

Clones `--ref` of this repository into a temporary folder (no .venv, no .data), runs
`make run` there with a random PORT and no DATABASE_URL (so the embedded PostgreSQL under the
clone's .data), and prints the seconds from typing `make run` to the first answer of
`/login/`. Then it stops that run (Ctrl+C to make's process group, as a person would), starts
`make run` again and prints the time of that second start. It also counts how often the demo
logins were printed. Everything it started is stopped before it exits: the two runs by their
process group, the clone's embedded PostgreSQL with `newsquotes.embedded_db stop`.
Goal: at most 90 s the first time and 5 s later. Needs the package registry the first time.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start(clone: Path, port: int, log: Path) -> tuple[float, subprocess.Popen]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NEWSQUOTES_DATA_DIR")}
    env["PORT"] = str(port)
    began = time.monotonic()
    process = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    while not answers(port):
        if process.poll() is not None:
            sys.exit(f"make run exited with {process.returncode}; see {log}")
        if time.monotonic() - began > TIMEOUT:
            stop(process, clone)
            sys.exit(f"no page after {TIMEOUT} s; see {log}")
        time.sleep(0.2)
    return time.monotonic() - began, process


def stop(process: subprocess.Popen, clone: Path) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    python = clone / ".venv/bin/python"
    if python.exists():
        env = {**os.environ, "NEWSQUOTES_DATA_DIR": str(clone / ".data")}
        subprocess.run(
            [str(python), "-m", "newsquotes.embedded_db", "stop"],
            cwd=clone,
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", default="HEAD")
    parser.add_argument("--keep", action="store_true", help="keep the clone for a look")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsquotes-first-run-"))
    clone = folder / "newsquotes"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", args.ref], cwd=clone, check=True)
    print(f"fresh clone of {args.ref} in {clone}; load average before {load()}")
    try:
        for name in ("first", "second"):
            port = random.randint(20000, 29999)
            log = folder / f"{name}.log"
            seconds, process = start(clone, port, log)
            stop(process, clone)
            output = log.read_text(errors="replace")
            logins = output.count("Demo logins")
            served = "serves on" in output or "answers on" in output
            print(
                f"{name} make run: first page after {seconds:.1f} s (load {load()}); "
                f"demo logins printed {logins}×; URL printed: {served}"
            )
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
