import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationWindow
from municipalities.models import Municipality
from tests.consultations.admin_helpers import change_data, municipality_url, window_url
from tests.factories import StaffFactory, WindowFactory


@pytest.fixture
def windows(adachi, toshima):
    return (
        WindowFactory(municipality=adachi, name="あだち ひきこもり相談", method_phone=True),
        WindowFactory(municipality=toshima, name="としま ひきこもり相談", method_phone=True),
    )


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_changelist_loads_for_a_superuser(client, admin_user, windows, model):
    client.force_login(admin_user)
    assert client.get(changelist_url(model)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label",
    ["consultations.ConsultationWindow", "municipalities.Municipality", "auth.User"]
    + ["axes.AccessAttempt", "axes.AccessLog", "consultations.WindowRevision"],
)
def test_the_changelists_load_for_metropolitan_staff(client, metro_staff, windows, label):
    client.force_login(metro_staff)
    model = next(m for m in admin.site._registry if m._meta.label == label)
    assert client.get(changelist_url(model)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["consultations_consultationwindow", "municipalities_municipality"]
)
def test_the_changelists_load_for_municipal_staff(client, adachi_staff, windows, name):
    client.force_login(adachi_staff)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.django_db
def test_municipal_staff_see_only_their_municipalitys_windows(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    response = client.get(window_url("changelist"))
    assert list(response.context["cl"].result_list) == [windows[0]]
    assert "としま" not in response.content.decode()


@pytest.mark.django_db
def test_municipal_staff_following_another_municipalitys_filter_see_no_window(
    client, adachi_staff, windows
):
    # Django drops a one-choice filter's parameter: the ward's own windows showed as 豊島区's.
    client.force_login(adachi_staff)
    response = client.get(window_url("changelist"), {"municipality__code__exact": "131164"})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.django_db
def test_metropolitan_staff_see_every_window(client, metro_staff, windows):
    client.force_login(metro_staff)
    response = client.get(window_url("changelist"))
    assert set(response.context["cl"].result_list) == set(windows)


@pytest.mark.django_db
def test_a_user_with_permissions_but_no_role_sees_no_window(client, windows):
    user = StaffFactory()
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_consultationwindow"))
    client.force_login(user)
    assert list(client.get(window_url("changelist")).context["cl"].result_list) == []


@pytest.mark.django_db
def test_municipal_staff_save_their_own_draft_window_at_once(client, adachi_staff, windows):
    # Changes to published windows wait for approval instead (test_review_admin.py).
    client.force_login(adachi_staff)
    own = windows[0]
    ConsultationWindow.objects.filter(pk=own.pk).update(published=False)
    own.refresh_from_db()
    response = client.post(window_url("change", own.pk), change_data(own, phone="03-3880-5111"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.phone == "03-3880-5111"


@pytest.mark.django_db
def test_another_municipalitys_change_url_is_as_if_the_window_did_not_exist(
    client, adachi_staff, windows
):
    client.force_login(adachi_staff)
    other = windows[1]
    response = client.get(window_url("change", other.pk))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert response.url == client.get(window_url("change", 999999)).url


@pytest.mark.django_db
def test_posting_to_another_municipalitys_change_url_changes_nothing(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    other = windows[1]
    client.post(window_url("change", other.pk), change_data(other, phone="03-0000-0000"))
    other.refresh_from_db()
    assert other.phone == "03-1234-5678"


@pytest.mark.django_db
def test_another_municipalitys_window_cannot_be_deleted(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    other = windows[1]
    assert client.get(window_url("delete", other.pk)).status_code == 302
    client.post(window_url("delete", other.pk), {"post": "yes"})
    assert ConsultationWindow.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_the_add_form_refuses_another_municipality(client, adachi_staff, windows, toshima):
    client.force_login(adachi_staff)
    data = change_data(ConsultationWindow(municipality=toshima, name="新しい窓口", display_order=5))
    response = client.post(window_url("add"), data)
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not ConsultationWindow.objects.filter(name="新しい窓口").exists()


@pytest.mark.django_db
def test_the_add_form_starts_with_the_staff_members_municipality(client, adachi_staff):
    client.force_login(adachi_staff)
    form = client.get(window_url("add")).context["adminform"].form
    assert form.initial["municipality"] == "131211"
    assert list(form.fields["municipality"].queryset.values_list("code", flat=True)) == ["131211"]


@pytest.mark.django_db
def test_a_window_cannot_be_moved_to_another_municipality(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    own = windows[0]
    response = client.post(window_url("change", own.pk), change_data(own, municipality="131164"))
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.municipality_id == "131211"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["delete_selected", "mark_verified"])
def test_bulk_actions_skip_another_municipalitys_windows(client, adachi_staff, windows, action):
    client.force_login(adachi_staff)
    other = windows[1]
    client.post(
        window_url("changelist"),
        {"action": action, "_selected_action": [w.pk for w in windows], "post": "yes"},
    )
    other.refresh_from_db()
    assert other.last_verified is None and other.version == 1


@pytest.mark.django_db
def test_the_municipality_autocomplete_offers_only_the_staff_members_municipality(
    client, adachi_staff, toshima
):
    client.force_login(adachi_staff)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "consultations",
            "model_name": "consultationwindow",
            "field_name": "municipality",
            "term": "く",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == ["131211"]


@pytest.mark.django_db
def test_the_municipality_autocomplete_is_kana_insensitive(client, metro_staff, adachi, toshima):
    client.force_login(metro_staff)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "consultations",
            "model_name": "consultationwindow",
            "field_name": "municipality",
            "term": "ｱﾀﾞﾁ",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == ["131211"]


@pytest.mark.django_db
def test_municipal_staff_reach_only_their_own_municipality_page(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    assert [
        m.code for m in client.get(municipality_url("changelist")).context["cl"].result_list
    ] == ["131211"]
    assert client.get(municipality_url("change", "131164")).status_code == 302
    own = client.get(municipality_url("change", "131211"))
    assert own.status_code == 200
    assert [f.instance for f in own.context["inline_admin_formsets"][0].formset.forms] == [
        windows[0]
    ]


@pytest.mark.django_db
def test_municipal_staff_cannot_change_another_municipalitys_contact_details(
    client, adachi_staff, toshima
):
    client.force_login(adachi_staff)
    client.post(municipality_url("change", "131164"), {"main_phone": "03-0000-0000"})
    toshima.refresh_from_db()
    assert toshima.main_phone == ""


@pytest.mark.django_db
def test_municipal_staff_keep_reference_fields_read_only(client, adachi_staff, adachi):
    client.force_login(adachi_staff)
    form = client.get(municipality_url("change", "131211")).context["adminform"].form
    assert "name" not in form.fields and "main_phone" in form.fields


@pytest.mark.django_db
def test_the_inline_saves_a_window_of_the_municipality(client, metro_staff, windows, adachi):
    client.force_login(metro_staff)
    own = windows[0]
    form = client.get(municipality_url("change", "131211")).context["adminform"].form
    data = {
        **{name: "" if form[name].value() is None else form[name].value() for name in form.fields},
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "1",
        "windows-0-id": own.pk,
        "windows-0-municipality": "131211",
        "windows-0-name": own.name,
        "windows-0-display_order": own.display_order,
        "windows-0-published": "on",
        "windows-0-phone": "03-3880-5111",
        "windows-0-email": "",
        "windows-0-url": "",
        "windows-0-last_verified": "",
        "windows-0-version": own.version,
    }
    response = client.post(municipality_url("change", "131211"), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    own.refresh_from_db()
    assert own.phone == "03-3880-5111"


@pytest.mark.django_db
def test_search_is_kana_insensitive(client, metro_staff, windows):
    client.force_login(metro_staff)
    response = client.get(window_url("changelist"), {"q": "アダチ"})
    assert list(response.context["cl"].result_list) == [windows[0]]


@pytest.mark.django_db
def test_the_filter_for_windows_not_verified_for_twelve_months_includes_never(
    client, metro_staff, adachi
):
    today = timezone.localdate()
    stale = WindowFactory(municipality=adachi, last_verified=today - datetime.timedelta(days=400))
    never = WindowFactory(municipality=adachi, last_verified=None)
    WindowFactory(municipality=adachi, last_verified=today - datetime.timedelta(days=30))
    client.force_login(metro_staff)
    response = client.get(window_url("changelist"), {"verified": "stale"})
    assert set(response.context["cl"].result_list) == {stale, never}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"method": "home_visit"}, {"visits"}),
        ({"method": "unknown"}, {"unknown"}),
        ({"support_net_visit": "yes"}, {"visits"}),
        ({"support_net_visit": "unknown"}, {"unknown"}),
        ({"published__exact": "0"}, {"unknown"}),
        ({"municipality__region": "多摩"}, set()),
        ({"municipality__code__exact": "131211"}, {"visits", "unknown"}),
    ],
)
def test_the_list_filters(client, metro_staff, adachi, params, expected):
    WindowFactory(
        municipality=adachi, name="visits", method_home_visit=True, support_net_visit=True
    )
    WindowFactory(municipality=adachi, name="unknown", published=False)
    client.force_login(metro_staff)
    response = client.get(window_url("changelist"), params)
    assert {w.name for w in response.context["cl"].result_list} == expected


@pytest.mark.django_db
def test_mark_verified_records_today_and_the_user(client, adachi_staff, windows):
    client.force_login(adachi_staff)
    client.post(
        window_url("changelist"),
        {"action": "mark_verified", "_selected_action": [windows[0].pk]},
    )
    windows[0].refresh_from_db()
    assert windows[0].last_verified == timezone.localdate()
    assert windows[0].verified_by == adachi_staff


@pytest.mark.django_db
def test_saving_an_unchanged_form_moves_nothing(client, adachi_staff, windows):
    own = windows[0]
    ConsultationWindow.objects.filter(pk=own.pk).update(last_verified=datetime.date(2024, 4, 1))
    own.refresh_from_db()
    records = own.history.count()
    client.force_login(adachi_staff)
    client.post(window_url("change", own.pk), change_data(own))
    own.refresh_from_db()
    assert own.last_verified == datetime.date(2024, 4, 1)
    assert own.version == 1 and own.history.count() == records


@pytest.mark.django_db
def test_changing_the_verified_date_by_hand_records_who(client, adachi_staff, windows):
    own = windows[0]
    client.force_login(adachi_staff)
    client.post(window_url("change", own.pk), change_data(own, last_verified="2025-04-01"))
    own.refresh_from_db()
    assert own.verified_by == adachi_staff


@pytest.mark.django_db
def test_an_http_url_is_accepted_with_a_warning(client, metro_staff, windows):
    own = windows[0]
    client.force_login(metro_staff)
    response = client.post(
        window_url("change", own.pk),
        change_data(own, url="http://www.city.adachi.tokyo.jp/"),
        follow=True,
    )
    own.refresh_from_db()
    assert own.url == "http://www.city.adachi.tokyo.jp/"
    assert "https:// に直して" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(window_url("changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_staff_scope_is_nothing_for_anonymous_users():
    from municipalities.roles import staff_municipality

    assert staff_municipality(AnonymousUser()) is None


@pytest.mark.django_db
def test_reference_municipalities_cannot_be_deleted_even_by_metropolitan_staff(
    client, metro_staff, adachi
):
    client.force_login(metro_staff)
    client.post(municipality_url("delete", "131211"), {"post": "yes"})
    assert Municipality.objects.filter(code="131211").exists()


@pytest.mark.django_db
def test_a_municipality_code_cannot_be_changed_in_the_form(client, metro_staff, adachi):
    client.force_login(metro_staff)
    form = client.get(municipality_url("change", "131211")).context["adminform"].form
    assert "code" not in form.fields and "name" in form.fields


@pytest.mark.django_db
def test_a_date_in_japanese_is_saved_and_a_us_date_is_refused_with_an_example(
    client, metro_staff, windows
):
    own = windows[0]
    client.force_login(metro_staff)
    refused = client.post(
        window_url("change", own.pk), change_data(own, last_verified="03/31/2027")
    )
    assert (
        "年・月・日の順で入れてください（「03/31/2027」は読めません）" in refused.content.decode()
    )
    client.post(window_url("change", own.pk), change_data(own, last_verified="2027年3月31日"))
    own.refresh_from_db()
    assert own.last_verified == datetime.date(2027, 3, 31)
