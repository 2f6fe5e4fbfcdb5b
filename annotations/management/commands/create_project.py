from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import projects


class Command(BaseCommand):
    help = (
        "Create a project whose manager is --manager (a user with the annotations.add_project "
        "permission, or --grant to give it to them first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--manager", required=True, help="Username of the project's manager.")
        parser.add_argument("--slug", default="", help="Made from the name when not given.")
        parser.add_argument("--description", default="")
        parser.add_argument("--guidelines-file", help="A Markdown file of guidelines.")
        parser.add_argument(
            "--overlap", type=int, default=1, help="Annotators per article, 1 to 5."
        )
        parser.add_argument("--show-annotator-names", action="store_true")
        parser.add_argument(
            "--grant",
            action="store_true",
            help="Grant the manager the permission to create projects.",
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["manager"]).first()
        if user is None:
            raise CommandError(f"--manager: there is no user {options['manager']!r}")
        if options["grant"]:
            projects.grant_create_permission(user)
            user = get_user_model().objects.get(pk=user.pk)  # a fresh permission cache
        guidelines = ""
        if options["guidelines_file"]:
            with open(options["guidelines_file"], encoding="utf-8") as file:
                guidelines = file.read()
        settings = projects.ProjectSettings(
            name=options["name"],
            slug=options["slug"],
            description=options["description"],
            guidelines=guidelines,
            overlap=options["overlap"],
            show_annotator_names=options["show_annotator_names"],
        )
        try:
            project = projects.create_project(settings, user)
        except projects.ProjectError as error:
            raise CommandError(f"{error.field}: {error}") from error
        self.stdout.write(f"Created project {project.slug} ({project.name}); {user} manages it.")
