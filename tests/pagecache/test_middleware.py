import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from consultations.models import ConsultationWindow
from pagecache.versions import bump, current
from tests.consultations.views.test_views import public_urls
from tests.factories import WindowFactory
from tests.pagecache import urls as slotted_urls


@pytest.fixture(autouse=True)
def empty_page_cache():
    # Tests that change no data share a data version: start each from an empty cache.
    caches["pages"].clear()


@pytest.fixture
def window(support_net):
    return WindowFactory(name="旧い名前の窓口")


@pytest.mark.django_db
@pytest.mark.parametrize("url", public_urls())
def test_public_pages_are_cacheable_and_set_no_cookies(client, real_data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["ETag"].startswith('W/"')
    assert "Last-Modified" in response.headers
    assert not response.cookies


@pytest.mark.django_db
def test_it_answers_304_while_nothing_changes(client, window):
    etag = client.get("/").headers["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.django_db
def test_it_answers_304_to_a_client_with_the_current_page_even_when_not_cached_here(client, window):
    etag = client.get("/").headers["ETag"]
    caches["pages"].clear()  # e.g. another worker rendered it
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.django_db
def test_it_answers_304_to_if_modified_since(client, window):
    last_modified = client.get("/").headers["Last-Modified"]
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


@pytest.mark.django_db
def test_a_saved_window_shows_at_once_with_a_new_etag(client, window):
    url = window.get_absolute_url()
    etag = client.get(url).headers["ETag"]
    window.name = "新しい名前の窓口"
    window.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "新しい名前の窓口" in response.content.decode()
    assert response.headers["ETag"] != etag


@pytest.mark.django_db
def test_a_deleted_window_leaves_its_municipality_page_at_once(client, window):
    url = window.municipality.get_absolute_url()
    assert "旧い名前の窓口" in client.get(url).content.decode()
    window.delete()
    assert "旧い名前の窓口" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_renamed_municipality_shows_at_once_on_the_home_page(client, window):
    assert "改名市" not in client.get("/").content.decode()
    window.municipality.name = "改名市"
    window.municipality.save()
    assert "改名市" in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_import_with_loaddata_moves_the_version(window):
    before = current()[0]
    call_command("loaddata", "fixtures/municipalities.json", verbosity=0)
    assert current()[0] > before


@pytest.mark.django_db
def test_a_bulk_update_shows_after_an_explicit_bump(client, window):
    client.get(window.get_absolute_url())
    ConsultationWindow.objects.filter(pk=window.pk).update(name="一括で変えた名前")
    bump()
    assert "一括で変えた名前" in client.get(window.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_save_does_not_move_the_version(window):
    before = current()
    with pytest.raises(RuntimeError), transaction.atomic():
        window.name = "保存されない名前"
        window.save()
        raise RuntimeError
    assert current() == before


@pytest.mark.django_db
def test_a_cached_page_costs_one_query(client, window, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(1):
        response = client.get("/")
    assert "旧い名前の窓口" not in response.content.decode()
    assert response.status_code == 200


@pytest.mark.django_db
def test_head_gets_the_same_headers(client, window):
    get = client.get("/")
    head = client.head("/")
    assert head.status_code == 200
    assert head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.django_db
def test_post_to_a_public_page_is_refused_with_405(client, window):
    response = client.post("/", {"q": "x"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert "GET" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_search_is_not_cached_as_public(client, window):
    response = client.get("/windows/?age=abc")
    assert response.status_code == 400
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_a_view_opts_in_with_one_decorator_and_a_key_splits_its_cache(client):
    slotted_urls.calls.clear()
    slotted_urls.slot[0] = "0900"
    first = client.get("/slotted/")
    again = client.get("/slotted/")
    slotted_urls.slot[0] = "0915"
    other = client.get("/slotted/")
    assert [first.content, again.content] == [b"rendered 1", b"rendered 1"]
    assert other.content == b"rendered 2"
    assert first.headers["ETag"] == again.headers["ETag"] != other.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=5"


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.i18n_urls")
def test_pages_under_a_language_prefix_are_cached_per_language(client, settings):
    settings.LANGUAGES = [("ja", "日本語"), ("en", "English")]
    slotted_urls.calls.clear()
    slotted_urls.slot[0] = "0900"
    with translation.override("en"):  # whatever a previous request left active
        ja = [client.get("/slotted/") for _ in range(2)]
    en = [client.get("/en/slotted/") for _ in range(2)]
    assert [r.status_code for r in ja + en] == [200] * 4
    assert len(slotted_urls.calls) == 2  # one render per language, then the cache
    assert ja[0].headers["ETag"] != en[0].headers["ETag"]


CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Last-Modified",
}


def cors_headers(response):
    return {name: response.headers.get(name) for name in CORS}


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_a_cors_page_lets_any_site_read_its_answers_304s_and_errors_included(client):
    ok = client.get("/open/")
    not_modified = client.get("/open/", HTTP_IF_NONE_MATCH=ok.headers["ETag"])
    bad = client.get("/open/?bad=1")
    assert (ok.status_code, not_modified.status_code, bad.status_code) == (200, 304, 400)
    assert cors_headers(ok) == cors_headers(not_modified) == cors_headers(bad) == CORS


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_a_cors_page_answers_the_preflight_of_a_script_that_sends_if_none_match(client):
    response = client.options(
        "/open/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_other_public_pages_send_no_cors_headers(client):
    assert "Access-Control-Allow-Origin" not in client.get("/slotted/").headers


@pytest.mark.django_db
def test_an_unprefixed_page_is_one_entry_whatever_the_browser_language(client, window):
    japanese = client.get("/")
    english_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english_browser.headers["ETag"] == japanese.headers["ETag"]
    assert english_browser.content == japanese.content
    assert (
        client.get(
            "/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=japanese.headers["ETag"]
        ).status_code
        == 304
    )


@pytest.mark.django_db
def test_a_cached_page_is_served_unchanged_while_the_database_cannot_be_reached(
    client, window, request
):
    before = client.get(window.municipality.get_absolute_url())
    request.getfixturevalue("database_down")
    during = client.get(window.municipality.get_absolute_url())
    assert during.status_code == 200
    assert during.content == before.content


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
@pytest.mark.parametrize(
    "query",
    [
        "method=phone&initial=a&method=email&region=tama",
        "region=tama&initial=a&method=email&method=phone&z=1&utm_source=line",
        "region=tama&method=email&method=phone&initial=abc&initial=a",
    ],
)
def test_the_same_query_in_another_order_or_with_junk_is_served_from_the_cache(client, query):
    slotted_urls.calls.clear()
    first = client.get("/search/?initial=a&method=email&method=phone&region=tama")
    again = client.get(f"/search/?{query}")
    assert slotted_urls.calls == ["/search/?initial=a&method=email&method=phone&region=tama"]
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_the_view_sees_only_the_canonical_query(client):
    slotted_urls.calls.clear()
    response = client.get("/search/?z=%3Cb%3E&region=tama&method=phone&method=email")
    assert response.content == b"rendered 1: method=email&method=phone&region=tama"


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_a_page_with_other_values_is_rendered_anew(client):
    slotted_urls.calls.clear()
    client.get("/search/?region=tama")
    client.get("/search/?region=islands")
    assert len(slotted_urls.calls) == 2


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.i18n_urls")
def test_pages_under_a_language_prefix_are_keyed_by_the_canonical_query_too(client, settings):
    settings.LANGUAGES = [("ja", "日本語"), ("en", "English")]
    slotted_urls.calls.clear()
    client.get("/en/search/?region=tama&method=phone")
    client.get("/en/search/?method=phone&region=tama&fbclid=x")
    assert slotted_urls.calls == ["/en/search/?method=phone&region=tama"]


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache.urls")
def test_a_page_that_checks_its_own_parameters_still_sees_unknown_ones(client):
    assert client.get("/open/?bad=1&a=2").status_code == 400
