"""Random input to every public URL: a clear 4xx at worst, never a 500."""

from itertools import chain
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.opendata.hsds_views import PARAMETERS as HSDS_PARAMETERS
from consultations.shortlist import PARAMETER as SHORTLIST_PARAMETER
from tests.factories import WindowFactory

# Every parameter a public page reads (the search's filters among the HSDS API's), taken from
# the code that reads them so that a new one is fuzzed too.
SEARCH_PARAMS = sorted({*chain(*HSDS_PARAMETERS.values()), SHORTLIST_PARAMETER, "page"})
TRICKY = ["", "0", "-1", "1e9", "NaN", "131016", "２３", "\x00", "%", "'", "99999999999999999999"]
TRICKY += ["true", "unknown", "anonymous_ok", "2027-02-30", "1,2,x"]

values = st.sampled_from(TRICKY) | st.text(max_size=120) | st.integers().map(str)
pairs = st.lists(
    st.tuples(st.sampled_from(SEARCH_PARAMS) | st.text(max_size=12), values), max_size=8
)
raw_query = st.binary(max_size=200).map(lambda b: quote_from_bytes(b, safe="=&"))
segment = st.sampled_from(
    ["0", "-1", "1", "131016", "99999999999999999999999", "%00", ".."]
) | st.text(min_size=1, max_size=40).map(lambda s: quote(s, safe=""))
fuzz = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PUBLIC_PATHS = [
    "/",
    "/windows/",
    "/municipalities/{code}/",
    "/windows/{pk}/",
    "/en/windows/",
    "/guide/",
    "/list/",
    "/leaflets/",
    "/leaflets/{code}/",
    "/windows/print/",
    "/data/windows.csv",
    "/data/windows.json",
    "/data/datapackage.json",
    "/data/hsds/",
    "/data/hsds/services",
    "/data/hsds/organizations",
    "/data/hsds/service_at_locations",
]
OK = {200, 400, 404}


@pytest.fixture
def window(support_net):
    return WindowFactory(method_email=True)


def expand(path, window):
    return path.format(code=window.municipality.code, pk=window.pk)


@pytest.mark.django_db
@fuzz
@given(path=st.sampled_from(PUBLIC_PATHS), query=pairs)
def test_random_query_parameters_never_cause_a_500(client, window, path, query):
    response = client.get(expand(path, window) + "?" + urlencode(query))
    assert response.status_code in OK


# The pages that read parameters; each is given every parameter alone, so none is left to chance.
READERS = [
    "/windows/",
    "/list/",
    "/data/hsds/services",
    "/data/hsds/organizations",
    "/data/hsds/service_at_locations",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_PARAMS)
def test_each_parameter_alone_with_an_odd_value_never_causes_a_500(client, window, name):
    for path in READERS:
        for value in ["\x00", "99999999999999999999", "２３"]:
            response = client.get(f"{path}?{urlencode({name: value})}")
            assert response.status_code in OK, (path, value)


@pytest.mark.django_db
@fuzz
@given(path=st.sampled_from(PUBLIC_PATHS), query=raw_query)
def test_random_raw_query_strings_never_cause_a_500(client, window, path, query):
    response = client.get(expand(path, window) + "?" + query)
    assert response.status_code in OK


@pytest.mark.django_db
@fuzz
@given(prefix=st.sampled_from(["/municipalities/", "/windows/", "/leaflets/"]), value=segment)
def test_random_path_parameters_never_cause_a_500(client, window, prefix, value):
    response = client.get(f"{prefix}{value}/")
    assert response.status_code in OK


@pytest.mark.django_db
@fuzz
@given(
    prefix=st.sampled_from(
        ["/data/hsds/services/", "/data/hsds/organizations/", "/data/hsds/service_at_locations/"]
    ),
    value=segment,
)
def test_random_hsds_ids_never_cause_a_500(client, window, prefix, value):
    assert client.get(f"{prefix}{value}").status_code in OK


@pytest.mark.django_db
def test_too_many_query_parameters_get_a_400_with_a_message(client, window):
    response = client.get("/windows/?" + "&".join(f"x{i}=1" for i in range(1500)))
    assert response.status_code == 400
    assert "リクエストを処理できません" in response.content.decode()
