from django.conf import settings
from django.core.management.base import BaseCommand

from annotations.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo project, its users and the example article (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-file",
            default=str(settings.BASE_DIR / ".data" / "demo_logins.txt"),
            help="Where new demo passwords are written (mode 600), for `make run` to show.",
        )

    def handle(self, *args, logins_file, **options):
        result = load_demo()
        if result.created_users:
            lines = [f"{name:<11} {password}" for name, password in result.created_users.items()]
            self.stdout.write(f"Demo logins (shown once; also in {logins_file}):")
            for line in lines:
                self.stdout.write("  " + line)
            from pathlib import Path

            path = Path(logins_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as file:
                file.write("".join(line + "\n" for line in lines))
            path.chmod(0o600)
        else:
            self.stdout.write(f"Demo project '{result.project.name}' is already loaded.")
