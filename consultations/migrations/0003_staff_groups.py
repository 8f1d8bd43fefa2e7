"""The two staff roles. Row-level limits (a municipal user's one municipality) are
enforced in admin by municipalities.admin.MunicipalityScopedAdmin; these groups only
grant the model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

METRO_GROUP = "都職員"
MUNICIPAL_GROUP = "区市町村職員"

PERMISSIONS = {
    METRO_GROUP: [
        "consultations.add_consultationwindow",
        "consultations.change_consultationwindow",
        "consultations.delete_consultationwindow",
        "consultations.view_consultationwindow",
        "municipalities.add_municipality",
        "municipalities.change_municipality",
        "municipalities.view_municipality",
        "municipalities.add_staffassignment",
        "municipalities.change_staffassignment",
        "municipalities.delete_staffassignment",
        "municipalities.view_staffassignment",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        # Unlocking a colleague locked out by django-axes deletes their access attempts.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    ],
    MUNICIPAL_GROUP: [
        "consultations.add_consultationwindow",
        "consultations.change_consultationwindow",
        "consultations.delete_consultationwindow",
        "consultations.view_consultationwindow",
        # Their own municipality only, and only its contact details (see MunicipalityAdmin).
        "municipalities.change_municipality",
        "municipalities.view_municipality",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "__latest__"),
        ("consultations", "0002_staff_backoffice"),
        ("municipalities", "0002_staff_assignment_and_history"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
