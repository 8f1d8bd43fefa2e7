"""The two staff roles and the model permissions each holds.

Row-level limits (a municipal user's one municipality) are enforced in admin by
municipalities.admin.MunicipalityScopedAdmin; the groups only grant model permissions.
The migrations create the groups once; `ensure_staff_groups` runs after every migrate
and flush too, so a database emptied by `flush` (or a transactional test) gets them back.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from municipalities.models import METRO_GROUP, MUNICIPAL_GROUP

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

GROUP_PERMISSIONS = {
    METRO_GROUP: [
        *WINDOW_KEEPING,
        # Reviewing municipal proposals; municipal staff get none (see WindowRevisionAdmin).
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
        # Unlocking a colleague locked out by django-axes deletes their access attempts.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    ],
    MUNICIPAL_GROUP: [
        *WINDOW_KEEPING,
        # Their own municipality only, and only its contact details (see MunicipalityAdmin).
        "municipalities.change_municipality",
        "municipalities.view_municipality",
    ],
}


def ensure_staff_groups(using="default"):
    """Create both groups with their permissions; adds what is missing, removes nothing."""
    # Every app's permissions first: post_migrate reaches the apps one by one.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = [
            Permission.objects.using(using).get(
                content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
            )
            for code in codes
        ]
        group.permissions.add(*wanted)


def ensure_staff_groups_after_migrate(sender, using, **kwargs):
    ensure_staff_groups(using=using)
