import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def set_municipality(apps, schema_editor):
    """Every existing proposal is about a window: its municipality is the window's."""
    Revision = apps.get_model("consultations", "WindowRevision")
    Window = apps.get_model("consultations", "ConsultationWindow")
    Revision.objects.update(
        municipality_id=Subquery(
            Window.objects.filter(pk=OuterRef("window_id")).values("municipality_id")[:1]
        )
    )


class Migration(migrations.Migration):
    # Filled here, made NOT NULL in 0009: PostgreSQL cannot alter a table in the transaction
    # that updated its foreign keys (pending deferred trigger events).

    dependencies = [
        ("consultations", "0007_weekly_hours_in_history"),
        ("municipalities", "0004_history_of_requirements"),
    ]

    operations = [
        migrations.AddField(
            model_name="windowrevision",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="municipalities.municipality",
                verbose_name="区市町村",
            ),
        ),
        migrations.RunPython(set_municipality, migrations.RunPython.noop),
    ]
