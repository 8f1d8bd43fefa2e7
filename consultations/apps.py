from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "相談窓口"

    def ready(self):
        from . import signals  # noqa: F401
