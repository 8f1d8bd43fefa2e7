import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0008_revision_municipality"),
    ]

    operations = [
        migrations.AlterField(
            model_name="windowrevision",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="municipalities.municipality",
                verbose_name="区市町村",
            ),
        ),
        migrations.AlterField(
            model_name="windowrevision",
            name="window",
            field=models.ForeignKey(
                blank=True,
                help_text="空欄なら区市町村の代表の連絡先の申請です。",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="revisions",
                to="consultations.consultationwindow",
                verbose_name="窓口",
            ),
        ),
        migrations.AlterField(
            model_name="windowrevision",
            name="base_version",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="申請時の版"),
        ),
        migrations.AddConstraint(
            model_name="windowrevision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending"), ("window__isnull", True)),
                fields=("municipality",),
                name="revision_one_pending_contact",
            ),
        ),
    ]
