import json

import pytest
from django.contrib import admin
from django.test import RequestFactory

from consultations.management.commands.build_fixtures import SHARED_DATA
from consultations.models import ConsultationWindow, Method, Who, method_field, target_field
from municipalities.models import Municipality
from tests.consultations.admin_helpers import change_data, window_url
from tests.factories import WindowFactory

ALL_METHODS_UNKNOWN = {method_field(m): None for m in Method.values}
ALL_TARGETS_UNKNOWN = {target_field(w): None for w in Who.values}


def admin_form(model, user, obj):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_form(request, obj, change=obj is not None)


@pytest.mark.django_db
def test_every_real_window_passes_the_admin_form_as_it_is(real_data, admin_user):
    windows = list(ConsultationWindow.objects.all())
    invalid = {}
    for window in windows:
        form = admin_form(ConsultationWindow, admin_user, window)(
            data=change_data(window), instance=window
        )
        if not form.is_valid():
            invalid[window.pk] = form.errors
    assert len(windows) == len(json.load(open(SHARED_DATA / "windows.json")))
    assert invalid == {}


@pytest.mark.django_db
def test_every_real_municipality_passes_the_admin_form_as_it_is(real_data, admin_user):
    invalid = {}
    for municipality in Municipality.objects.all():
        form_class = admin_form(Municipality, admin_user, municipality)
        initial = form_class(instance=municipality)
        data = {name: initial[name].value() or "" for name in initial.fields}
        form = form_class(data=data, instance=municipality)
        if not form.is_valid():
            invalid[municipality.code] = form.errors
    assert invalid == {}


def post_change(client, window, **changes):
    return client.post(window_url("change", window.pk), change_data(window, **changes))


def form_errors(response):
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone",
    ["03-1234-5678", "0120-529-528", "042-123-4567", "04992-2-1482", "042-378-2111(内線209)"],
)
def test_the_form_accepts_japanese_phone_formats(client, metro_staff, phone):
    window = WindowFactory()
    client.force_login(metro_staff)
    assert post_change(client, window, phone=phone).status_code == 302
    window.refresh_from_db()
    assert window.phone == phone


@pytest.mark.django_db
def test_the_form_stores_a_full_width_number_in_half_width(client, metro_staff):
    window = WindowFactory()
    client.force_login(metro_staff)
    post_change(client, window, phone="０３－１２３４－９９９９")
    window.refresh_from_db()
    assert window.phone == "03-1234-9999"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"phone": "1234-5678"}, "ハイフンで区切って"),
        ({"fax": "03-1234"}, "ハイフンで区切って"),
        ({"email": "soudan@"}, "メールアドレス"),
        ({"url": "javascript:alert(1)"}, "URL"),
        ({"url": "ftp://example.jp/"}, "URL"),
        ({"age_min": "40", "age_max": "39"}, "下限（40歳）が上限（39歳）を超えています"),
        ({"age_max": "121"}, "120"),
        ({**{method_field(m): False for m in Method.values}}, "相談方法がすべて「いいえ」"),
        ({**{target_field(w): False for w in Who.values}}, "相談できる人がすべて「いいえ」"),
    ],
)
def test_the_form_refuses_bad_input_with_a_clear_message(client, metro_staff, changes, message):
    window = WindowFactory(method_phone=True)
    client.force_login(metro_staff)
    response = post_change(client, window, **changes)
    assert response.status_code == 200
    assert message in form_errors(response)


@pytest.mark.django_db
def test_a_published_window_with_unknown_methods_can_still_be_saved(client, metro_staff):
    window = WindowFactory(published=True, **ALL_METHODS_UNKNOWN)
    client.force_login(metro_staff)
    assert post_change(client, window, hours="月〜金 9:00〜17:00").status_code == 302


@pytest.mark.django_db
def test_publishing_needs_a_known_method(client, metro_staff):
    window = WindowFactory(published=False, **ALL_METHODS_UNKNOWN)
    client.force_login(metro_staff)
    response = post_change(client, window, published=True)
    assert "公開するには、相談方法を1つ以上「はい」に" in form_errors(response)


NO_METHOD = "相談方法が1つも「はい」になっていません"


def said(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_an_unrelated_save_of_a_published_window_without_methods_does_not_warn(client, metro_staff):
    window = WindowFactory(published=True, **ALL_METHODS_UNKNOWN)
    client.force_login(metro_staff)
    response = client.post(
        window_url("change", window.pk),
        change_data(window, hours="月〜金 9:00〜17:00"),
        follow=True,
    )
    assert "変更しました" in said(response)
    assert NO_METHOD not in said(response)


@pytest.mark.django_db
def test_a_save_that_leaves_a_published_window_without_methods_warns(client, metro_staff):
    window = WindowFactory(published=True, **{**ALL_METHODS_UNKNOWN, "method_phone": True})
    client.force_login(metro_staff)
    response = client.post(
        window_url("change", window.pk), change_data(window, method_phone=None), follow=True
    )
    assert NO_METHOD in said(response)


@pytest.mark.django_db
def test_the_publish_section_of_a_published_window_without_methods_says_so(client, metro_staff):
    window = WindowFactory(published=True, **ALL_METHODS_UNKNOWN)
    client.force_login(metro_staff)
    assert NO_METHOD in client.get(window_url("change", window.pk)).content.decode()


@pytest.mark.django_db
def test_a_draft_without_methods_gets_no_warning(client, metro_staff):
    window = WindowFactory(published=False, **{**ALL_METHODS_UNKNOWN, "method_phone": True})
    client.force_login(metro_staff)
    response = client.post(
        window_url("change", window.pk), change_data(window, method_phone=None), follow=True
    )
    assert NO_METHOD not in response.content.decode()


@pytest.mark.django_db
def test_publishing_needs_a_known_target(client, metro_staff):
    window = WindowFactory(published=False, method_phone=True, **ALL_TARGETS_UNKNOWN)
    client.force_login(metro_staff)
    response = post_change(client, window, published=True)
    assert "公開するには、相談できる人を1つ以上「はい」に" in form_errors(response)


@pytest.mark.django_db
def test_publishing_with_a_known_method_and_target_works(client, metro_staff):
    window = WindowFactory(published=False, method_phone=True)
    client.force_login(metro_staff)
    post_change(client, window, published=True)
    window.refresh_from_db()
    assert window.published


@pytest.mark.django_db
def test_a_url_without_a_scheme_gets_https(client, metro_staff):
    window = WindowFactory()
    client.force_login(metro_staff)
    post_change(client, window, url="www.city.adachi.tokyo.jp/")
    window.refresh_from_db()
    assert window.url == "https://www.city.adachi.tokyo.jp/"
