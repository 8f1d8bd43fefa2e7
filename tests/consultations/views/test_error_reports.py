import pytest
from django.core.cache import cache

from consultations.models import ErrorReport, ReportStatus
from tests.factories import WindowFactory
from tests.shared_cache import shared_cache_keys


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def window(support_net):
    return WindowFactory(name="ひきこもり相談窓口")


def report_url(window):
    return f"/windows/{window.pk}/report/"


@pytest.mark.django_db
def test_the_window_page_offers_the_form_and_asks_for_no_personal_data(client, window):
    html = client.get(window.get_absolute_url()).content.decode()
    assert "この情報の誤りを報告" in html
    assert f'<form method="post" action="{report_url(window)}#report-heading"' in html
    assert "個人のことは書かないでください" in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_a_report_lands_in_the_inbox_and_redirects_to_a_thank_you_page(client, window):
    response = client.post(report_url(window), {"what": "電話番号が変わっています", "contact": ""})
    assert response.status_code == 303
    assert response.url == f"/windows/{window.pk}/report/thanks/"
    report = ErrorReport.objects.get()
    assert (report.window, report.municipality, report.status) == (
        window,
        window.municipality,
        ReportStatus.NEW,
    )
    assert "ご報告ありがとうございました" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_an_empty_report_gets_400_and_a_message(client, window):
    response = client.post(report_url(window), {"what": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not ErrorReport.objects.exists()


@pytest.mark.django_db
def test_a_filled_honeypot_is_thanked_and_dropped(client, window):
    response = client.post(report_url(window), {"what": "spam", "website": "http://spam"})
    assert response.status_code == 303
    assert not ErrorReport.objects.exists()


@pytest.mark.django_db
def test_the_sixth_report_in_an_hour_from_one_address_gets_429_and_keeps_the_text(client, window):
    for n in range(5):
        assert client.post(report_url(window), {"what": f"誤り{n}"}).status_code == 303
    response = client.post(report_url(window), {"what": "六つ目の報告"})
    assert response.status_code == 429
    assert "六つ目の報告</textarea>" in response.content.decode()
    assert ErrorReport.objects.count() == 5


@pytest.mark.django_db
def test_the_rate_limit_counts_each_address_separately(client, window):
    for _ in range(5):
        client.post(report_url(window), {"what": "誤り"}, REMOTE_ADDR="192.0.2.1")
    response = client.post(report_url(window), {"what": "誤り"}, REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 303


@pytest.mark.django_db
def test_behind_the_proxy_the_limit_follows_the_real_client(client, window, settings):
    settings.PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            report_url(window),
            {"what": "誤り"},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
        )
    response = client.post(
        report_url(window),
        {"what": "誤り"},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7",
    )
    assert response.status_code == 303


@pytest.mark.django_db
def test_the_cache_never_holds_the_address(client, window):
    client.post(report_url(window), {"what": "誤り"}, REMOTE_ADDR="192.0.2.77")
    keys = shared_cache_keys()
    assert keys and not any("192.0.2.77" in key for key in keys)


@pytest.mark.django_db
def test_a_report_for_an_unpublished_window_404s(client):
    window = WindowFactory(published=False)
    assert client.post(report_url(window), {"what": "誤り"}).status_code == 404


@pytest.mark.django_db
def test_opening_the_report_address_leads_back_to_the_form(client, window):
    response = client.get(report_url(window))
    assert response.status_code == 302
    assert response.url == f"{window.get_absolute_url()}#report-heading"


@pytest.mark.django_db
def test_posting_a_report_sets_no_cookie(client, window):
    response = client.post(report_url(window), {"what": "誤り"})
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.django_db
def test_the_inbox_loads_for_staff_with_status_and_municipality_filters(
    admin_client, window, toshima
):
    # Two municipalities in the inbox: a filter with one choice is not shown.
    for report_window in (window, WindowFactory(municipality=toshima)):
        ErrorReport.objects.create(
            window=report_window,
            municipality=report_window.municipality,
            window_name=report_window.name,
            what="誤り",
        )
    response = admin_client.get("/admin/consultations/errorreport/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "?status__exact=new" in html
    assert "municipality__code__exact" in html or "municipality__exact" in html


@pytest.mark.django_db
def test_staff_mark_reports_fixed_in_bulk(admin_client, window):
    report = ErrorReport.objects.create(
        window=window, municipality=window.municipality, window_name=window.name, what="誤り"
    )
    admin_client.post(
        "/admin/consultations/errorreport/",
        {"action": "mark_fixed", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED


@pytest.mark.django_db
def test_a_report_outlives_its_window(window):
    report = ErrorReport.objects.create(
        window=window, municipality=window.municipality, window_name=window.name, what="誤り"
    )
    window.delete()
    report.refresh_from_db()
    assert report.window is None
    assert report.window_name == "ひきこもり相談窓口"
