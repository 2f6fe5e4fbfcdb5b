"""`manage.py run_worker`: django-tasks-db's `db_worker` that survives a database restart.

db_worker exits on the first database error. This one closes its connections, waits (1 s,
doubling up to 30 s) and goes on; a task that was running when the database went away has
failed with it. Whenever it (re)connects, it marks failed the imports whose process is
gone (`importing.abandoned`), so none stays "running" for good. It takes db_worker's options.
"""

import logging
import time

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

from annotations.importing import abandoned

logger = logging.getLogger("django_tasks_db")
MAX_WAIT = 30.0


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        wait = 1.0
        while self.running:
            started = time.monotonic()
            try:
                for job_id in abandoned.fail_abandoned_jobs():
                    logger.warning("import job %s had lost its process: marked failed", job_id)
                super().run()
                return  # --batch or --max-tasks: done
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > 2 * MAX_WAIT:
                    wait = 1.0  # it ran well for a while: start waiting short again
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
                logger.warning("database unavailable (%s): retrying in %.0f s", first_line, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)


class Command(db_worker.Command):
    help = "Run background tasks, reconnecting after database restarts (db_worker's options)."

    def handle(self, *args, **options) -> None:
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
