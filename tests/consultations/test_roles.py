import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from municipalities.roles import GROUP_PERMISSIONS


@pytest.mark.django_db(transaction=True)
def test_the_staff_groups_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    for name, codes in GROUP_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held >= set(codes)


@pytest.mark.django_db
def test_municipal_staff_may_keep_opening_hours_and_read_reports():
    group = Group.objects.get(name="区市町村職員")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_openinghours", "view_errorreport"} <= codenames
    assert "delete_municipality" not in codenames
