from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Quote annotation"

    def ready(self):
        from . import accounts  # noqa: F401  (connects the login signal)
