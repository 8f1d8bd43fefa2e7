"""Staff roles, in one place: the two groups, the permissions each holds, and what a user may keep.

都職員 (metropolitan staff) keep every municipality; 区市町村職員 (municipal staff) keep the one they
are assigned to (StaffAssignment). The groups grant model permissions only; the row-level limit
is scope_filter, which every staff screen applies (municipalities.admin.MunicipalityScopedAdmin).
The migrations create the groups once; ensure_staff_groups runs after every migrate and flush too,
so a database emptied by `flush` (or a transactional test) gets them back.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

METRO_GROUP = "都職員"
MUNICIPAL_GROUP = "区市町村職員"
ALL_MUNICIPALITIES = "*"

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
        # Opening and closing the annual confirmation round (確認依頼).
        "consultations.add_confirmationround",
        "consultations.change_confirmationround",
        "consultations.view_confirmationround",
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
        # What they proposed and what became of it (自分の申請).
        "consultations.view_ownrevision",
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


def staff_municipality(user):
    """What `user` may keep: ALL_MUNICIPALITIES, one municipality code, or None (nothing).

    An assignment wins over the metropolitan group, so a wrongly grouped municipal
    user still sees only their own municipality (fail closed).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if "_staff_municipality" not in user.__dict__:
        if user.is_superuser:
            code = ALL_MUNICIPALITIES
        else:
            # Through the reverse relation, not the model: models.py imports this module.
            assignment = getattr(user, "staff_assignment", None)
            code = assignment.municipality_id if assignment else None
            if code is None and user.groups.filter(name=METRO_GROUP).exists():
                code = ALL_MUNICIPALITIES
        user.__dict__["_staff_municipality"] = code
    return user.__dict__["_staff_municipality"]


def is_metro(user):
    """Whether `user` keeps every municipality: a 都職員 (or a superuser)."""
    return staff_municipality(user) == ALL_MUNICIPALITIES


def is_municipal(user):
    """Whether `user` keeps one municipality: a 区市町村職員, whose public changes wait for review."""
    return staff_municipality(user) not in (None, ALL_MUNICIPALITIES)


def scope_filter(user, lookup):
    """A Q keeping only rows whose municipality (reached through `lookup`) `user` may keep."""
    code = staff_municipality(user)
    if code == ALL_MUNICIPALITIES:
        return Q()
    if code is None:
        return Q(pk__in=[])
    return Q(**{lookup: code})


def may_keep(user, code):
    return staff_municipality(user) in (ALL_MUNICIPALITIES, code)


# The users staff_municipality counts as keeping every municipality (is_metro), as a query.
METRO = Q(is_superuser=True) | Q(groups__name=METRO_GROUP, staff_assignment__isnull=True)


def keepers_of(code):
    """The active staff users who may keep municipality `code`: its own staff and 都職員."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(METRO | Q(staff_assignment__municipality_id=code))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def municipal_staff_of(code):
    """The active staff users assigned to municipality `code` (not 都職員)."""
    return keepers_of(code).filter(staff_assignment__municipality_id=code).exclude(METRO)


def municipal_staff_addresses(codes):
    """{code: sorted e-mail addresses of its municipal_staff_of} for `codes`, in one query."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, staff_assignment__municipality_id__in=codes)
        .exclude(METRO)
        .exclude(email="")
        .values_list("staff_assignment__municipality_id", "email")
    )
    addresses = {}
    for code, email in rows:
        addresses.setdefault(code, set()).add(email)
    return {code: sorted(emails) for code, emails in addresses.items()}
