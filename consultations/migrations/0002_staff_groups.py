"""The two staff roles and their model permissions, as of the squashed initial migration.

A frozen copy (migrations must not import live code); municipalities.roles.ensure_staff_groups
keeps them up to date after every migrate and flush. Row-level limits (a municipal user's one
municipality) are enforced in admin, not here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

METRO_GROUP = "都職員"
MUNICIPAL_GROUP = "区市町村職員"

WINDOW_KEEPING = [
    "consultations.add_consultationwindow",
    "consultations.change_consultationwindow",
    "consultations.delete_consultationwindow",
    "consultations.view_consultationwindow",
    "consultations.add_openinghours",
    "consultations.change_openinghours",
    "consultations.delete_openinghours",
    "consultations.view_openinghours",
    "consultations.change_errorreport",
    "consultations.view_errorreport",
]

PERMISSIONS = {
    METRO_GROUP: [
        *WINDOW_KEEPING,
        "consultations.view_windowrevision",
        "consultations.change_windowrevision",
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
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    ],
    MUNICIPAL_GROUP: [
        *WINDOW_KEEPING,
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
        ("consultations", "0001_initial"),
        ("municipalities", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
