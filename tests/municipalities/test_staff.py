import pytest
from django.contrib.auth.models import Group

from consultations.models import ConsultationWindow
from municipalities.models import Municipality, StaffAssignment
from municipalities.normalize import search_terms
from municipalities.roles import (
    ALL_MUNICIPALITIES,
    METRO_GROUP,
    MUNICIPAL_GROUP,
    is_metro,
    is_municipal,
    keepers_of,
    municipal_staff_of,
    staff_municipality,
)
from tests.consultations.admin_helpers import municipality_url
from tests.factories import StaffFactory, WindowFactory


@pytest.mark.django_db
def test_the_migration_creates_both_staff_groups():
    municipal = Group.objects.get(name=MUNICIPAL_GROUP)
    codenames = set(municipal.permissions.values_list("codename", flat=True))
    assert "change_consultationwindow" in codenames and "change_user" not in codenames
    assert Group.objects.get(name=METRO_GROUP).permissions.filter(codename="change_user").exists()


@pytest.mark.django_db
def test_an_assignment_wins_over_the_metropolitan_group(adachi):
    user = StaffFactory(municipality=adachi)
    user.groups.add(Group.objects.get(name=METRO_GROUP))
    assert staff_municipality(user) == "131211"


@pytest.mark.django_db
def test_a_superuser_acts_as_metropolitan_staff_and_is_counted_among_the_keepers(
    adachi, admin_user
):
    assert (is_metro(admin_user), is_municipal(admin_user)) == (True, False)
    assert admin_user in keepers_of(adachi.code)


@pytest.mark.django_db
def test_an_assigned_superuser_is_not_among_the_municipal_staff(adachi, adachi_staff, admin_user):
    StaffAssignment.objects.create(user=admin_user, municipality=adachi)
    assert list(municipal_staff_of(adachi.code)) == [adachi_staff]


@pytest.mark.django_db
def test_editable_by_limits_windows_and_municipalities(adachi, toshima, adachi_staff, metro_staff):
    own = WindowFactory(municipality=adachi)
    WindowFactory(municipality=toshima)
    assert list(ConsultationWindow.objects.editable_by(adachi_staff)) == [own]
    assert ConsultationWindow.objects.editable_by(metro_staff).count() == 2
    assert list(Municipality.objects.editable_by(adachi_staff)) == [adachi]
    assert staff_municipality(metro_staff) == ALL_MUNICIPALITIES


@pytest.mark.django_db
def test_municipality_matching_ignores_kana_type_and_width(adachi, toshima):
    for query in ("あだち", "アダチ", "ｱﾀﾞﾁ", "adachi", "131211"):
        assert list(Municipality.objects.matching(search_terms(query))) == [adachi], query


@pytest.mark.django_db
def test_metropolitan_staff_assign_a_municipality_in_the_user_admin(client, metro_staff, adachi):
    user = StaffFactory(username="newcomer")
    user.groups.clear()
    client.force_login(metro_staff)
    response = client.get(f"/admin/auth/user/{user.pk}/change/")
    assert response.status_code == 200
    assert "担当区市町村" in response.content.decode()
    assert not StaffAssignment.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_metropolitan_staff_cannot_make_anyone_a_superuser(client, metro_staff):
    client.force_login(metro_staff)
    form = client.get(f"/admin/auth/user/{metro_staff.pk}/change/").context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        METRO_GROUP,
        MUNICIPAL_GROUP,
    }


@pytest.mark.django_db
def test_metropolitan_staff_cannot_reach_superusers(client, metro_staff, admin_user):
    client.force_login(metro_staff)
    assert client.get(f"/admin/auth/user/{admin_user.pk}/change/").status_code == 302
    assert admin_user not in client.get("/admin/auth/user/").context["cl"].result_list


@pytest.mark.django_db
def test_municipal_staff_cannot_manage_users(client, adachi_staff):
    client.force_login(adachi_staff)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get(municipality_url("add")).status_code == 403
