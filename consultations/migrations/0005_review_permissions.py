"""Who may review proposed window changes.

都職員 view and decide (approve or reject, a change of the proposal) every proposal.
区市町村職員 get no permission on proposals at all: they see their own on the window's
page, and the review queue must stay closed to them even if their group is changed by
mistake (WindowRevisionAdmin also requires the metropolitan scope). Nobody adds or
deletes proposals in admin: the window form makes them, and they are the record.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

METRO_GROUP = "都職員"
METRO_PERMISSIONS = ["view_windowrevision", "change_windowrevision"]


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; the group needs them now.
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=METRO_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="consultations", codename__in=METRO_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=METRO_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultations", codename__in=METRO_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("consultations", "0004_window_revisions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
