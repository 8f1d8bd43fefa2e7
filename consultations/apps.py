from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "相談窓口"

    def ready(self):
        from municipalities.roles import ensure_staff_groups_after_migrate

        from . import checks, signals  # noqa: F401

        # After migrate and after flush alike (flush empties the groups the migrations made).
        post_migrate.connect(ensure_staff_groups_after_migrate, sender=self)
