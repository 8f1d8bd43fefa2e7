import pytest
from django.test import RequestFactory

from pagecache.memo import per_version
from pagecache.versions import bump, current
from tests.factories import WindowFactory


@pytest.fixture
def request_at():
    def make(version):
        request = RequestFactory().get("/")
        request.data_version = version
        return request

    return make


def counting_builder():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return build, calls


def test_a_value_is_built_once_per_data_version(request_at):
    build, calls = counting_builder()
    assert per_version(request_at((1, 10)), "thing", build) == 1
    assert per_version(request_at((1, 10)), "thing", build) == 1
    assert per_version(request_at((2, 20)), "thing", build) == 2
    assert len(calls) == 2


def test_names_are_kept_apart(request_at):
    assert per_version(request_at((1, 10)), "a", lambda: "A") == "A"
    assert per_version(request_at((1, 10)), "b", lambda: "B") == "B"


def test_outside_a_public_page_the_value_is_built_every_time():
    build, calls = counting_builder()
    request = RequestFactory().get("/")
    per_version(request, "thing", build)
    per_version(request, "thing", build)
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_renamed_municipality_shows_at_once_in_the_search_select(client, support_net):
    window = WindowFactory()
    select = client.get("/windows/?n=1").content.decode().split('name="municipality"')[1]
    assert "改名市" not in select.split("</select>")[0]
    window.municipality.name = "改名市"
    window.municipality.save()
    select = client.get("/windows/?n=2").content.decode().split('name="municipality"')[1]
    assert "改名市" in select.split("</select>")[0]


@pytest.mark.django_db
def test_a_version_bump_alone_makes_the_next_page_reload_the_shared_values(
    client, support_net, django_assert_num_queries
):
    client.get("/windows/?n=1")
    with django_assert_num_queries(2):  # the version and the search's ids
        client.get("/windows/?n=2")
    bump()
    assert current()[0] > 0
    # + municipalities, Support-Net (row, hours), cards (rows, hours)
    with django_assert_num_queries(7):
        client.get("/windows/?n=3")
