"""The HSDS 3.0 API, checked as a client would: every endpoint walked page by page and every
object validated, with format checking, against the specification's compiled schemas."""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator

from consultations.models import ConsultationWindow
from consultations.opendata import hsds_views
from consultations.opendata.hsds import MINIMAL, organization_id
from tests.factories import WindowFactory

HSDS = settings.BASE_DIR.parent / "shared" / "data" / "hsds-3.0"
FORMATS = Draft202012Validator.FORMAT_CHECKER
LISTS = {
    # endpoint and query → the compiled schema each item of `contents` must satisfy
    ("services", ""): "service_list",
    ("services", "minimal=true"): "service_list",
    ("services", "full=true"): "service",
    ("organizations", ""): "organization_list",
    ("organizations", "full=true"): "organization",
    ("organizations", "full=true&full_service=true"): "organization",
    ("service_at_locations", ""): "service_at_location_list",
    ("service_at_locations", "full=true"): "service_at_location",
}
DETAILS = {
    "services": "service",
    "organizations": "organization",
    "service_at_locations": "service_at_location",
}


@pytest.fixture(scope="module")
def validators():
    def load(name):
        schema = json.loads((HSDS / "compiled" / f"{name}.json").read_text())
        return Draft202012Validator(schema, format_checker=FORMATS)

    spec = json.loads((HSDS / "openapi.json").read_text())
    return {name: load(name) for name in {*LISTS.values(), *DETAILS.values()}} | {
        "Page": Draft202012Validator(spec["components"]["schemas"]["Page"])
    }


def problems(validator, obj):
    return [f"{error.json_path} {error.message}" for error in validator.iter_errors(obj)]


def next_link(response):
    match = re.search(r'<([^>]*)>; rel="next"', response["Link"])
    return match and match.group(1)


def walk(client, endpoint, query, per_page=7):
    """Every page of a list, following the Link header's rel="next" as a client would."""
    url = f"/data/hsds/{endpoint}?{query}&per_page={per_page}".replace("?&", "?")
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        link = next_link(response)
        url = f"/data/hsds/{endpoint}{link}" if link else None
    return pages


def test_the_format_checker_really_checks_uris_and_date_times():
    # Without jsonschema's format extras these pass silently, and so would our mistakes.
    assert not FORMATS.conforms("https://mykoho.jp/article/東京都荒川区/", "uri")
    assert not FORMATS.conforms("2026-11-29 10:00", "date-time")


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint, query", list(LISTS), ids=[f"{e}?{q}" for e, q in LISTS])
def test_every_page_of_every_list_validates_against_the_hsds_schemas(
    client, real_data, validators, endpoint, query
):
    pages = walk(client, endpoint, query)
    contents = [item for page in pages for item in page["contents"]]
    assert [problems(validators["Page"], page) for page in pages] == [[] for _ in pages]
    assert [p["page_number"] for p in pages] == list(range(1, pages[0]["total_pages"] + 1))
    assert len(contents) == pages[0]["total_items"] == sum(p["size"] for p in pages)
    assert len({item["id"] for item in contents}) == len(contents)
    schema = validators[LISTS[endpoint, query]]
    found = {item["id"]: problems(schema, item) for item in contents}
    assert {id: errors for id, errors in found.items() if errors} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(DETAILS))
def test_every_object_by_id_validates_against_the_hsds_schemas(
    client, real_data, validators, endpoint
):
    ids = [item["id"] for page in walk(client, endpoint, "", 100) for item in page["contents"]]
    found = {}
    for id in ids:
        response = client.get(f"/data/hsds/{endpoint}/{id}")
        assert response.status_code == 200
        assert response.json()["id"] == id
        found[id] = problems(validators[DETAILS[endpoint]], response.json())
    assert ids and {id: errors for id, errors in found.items() if errors} == {}


@pytest.mark.django_db
def test_the_lists_hold_what_the_directory_publishes(client, real_data):
    published = ConsultationWindow.objects.published()
    counts = {
        endpoint: client.get(f"/data/hsds/{endpoint}").json()["total_items"] for endpoint in DETAILS
    }
    assert counts == {
        "services": published.count(),
        "organizations": published.values("municipality").distinct().count(),
        "service_at_locations": published.exclude(address="").count(),
    }


@pytest.mark.django_db
def test_the_root_says_which_version_and_where_the_api_description_is(client, real_data):
    root = client.get("/data/hsds/").json()
    assert root["version"] == "3.0"
    assert root["openapi_url"] == "http://127.0.0.1:8000/data/hsds/openapi.json"
    assert root["profile"] == "http://127.0.0.1:8000/data/#hsds"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/data/hsds/services?page=0", "page"),
        ("/data/hsds/services?per_page=100000", "per_page"),
        ("/data/hsds/services?per_page=0", "per_page"),
        ("/data/hsds/services?modified_after=yesterday", "modified_after"),
        ("/data/hsds/services?modified_after=0001-01-01", "modified_after"),  # before UTC's year 1
        ("/data/hsds/services?minimal=maybe", "minimal"),
        ("/data/hsds/services?minimal=true&full=true", "minimal"),
        ("/data/hsds/services?organization_id=131164", "organization_id"),
        ("/data/hsds/services?taxonomy_term_id=x", "taxonomy_term_id"),
        ("/data/hsds/services?format=ndjson", "format"),
        ("/data/hsds/services?page=1&page=2", "page"),
        ("/data/hsds/services?search=" + "あ" * 101, "search"),
        ("/data/hsds/services?search=%00", "search"),
        ("/data/hsds/services?age=abc", "age"),
        ("/data/hsds/services?method=fax&method=pigeon", "method"),
        ("/data/hsds/organizations?organization_id=x", "organization_id"),
        ("/data/hsds/organizations?full_service=yes", "full_service"),
        ("/data/hsds/service_at_locations?proximity=500", "proximity"),
        ("/data/hsds/service_at_locations?postcode=12", "postcode"),
        ("/data/hsds/service_at_locations?postcode=192-0083&postal_code=192-0083", "postcode"),
        ("/data/hsds/services/{id}?full=true", "full"),
        ("/data/hsds/?page=1", "page"),
    ],
)
def test_a_parameter_it_cannot_use_gets_a_400_that_names_it(client, real_data, url, parameter):
    service = client.get("/data/hsds/services").json()["contents"][0]["id"]
    response = client.get(url.replace("{id}", service))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [e["parameter"] for e in response.json()["errors"]] == [parameter]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(DETAILS))
@pytest.mark.parametrize("id", ["nope", "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", "%00"])
def test_an_unknown_id_gets_a_404_in_json(client, real_data, endpoint, id):
    response = client.get(f"/data/hsds/{endpoint}/{id}")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_a_page_past_the_last_is_empty(client, real_data):
    page = client.get("/data/hsds/services?per_page=50&page=9").json()
    assert (page["page_number"], page["size"], page["empty"], page["last_page"]) == (
        9,
        0,
        True,
        True,
    )


@pytest.mark.django_db
def test_minimal_gives_every_service_on_one_page_with_just_its_id_and_date(client, real_data):
    page = client.get("/data/hsds/services?minimal=true").json()
    assert page["total_pages"] == 1 and page["size"] == page["total_items"]
    assert {tuple(item) for item in page["contents"]} == {MINIMAL}


def ids(client, url):
    return {item["id"] for item in client.get(url).json()["contents"]}


@pytest.mark.django_db
def test_the_directorys_filters_work_on_the_lists(client, real_data):
    toshima = organization_id("131164")
    assert ids(client, "/data/hsds/services?municipality=131164") == ids(
        client, f"/data/hsds/services?organization_id={toshima}"
    )
    hachioji = client.get("/data/hsds/services?postal_code=192-0083").json()["contents"]
    assert {s["organization_id"] for s in hachioji} == {organization_id("132012")}
    line = client.get("/data/hsds/services?method=line&per_page=100").json()
    assert [s["name"] for s in line["contents"]] == [
        "ひきこもり相談窓口（LINE相談・オンライン相談あり）"
    ]
    assert ids(client, "/data/hsds/services?search=ひきこもり&per_page=100") == ids(
        client, "/data/hsds/services?q=ひきこもり&per_page=100"
    )
    orgs = client.get("/data/hsds/organizations?region=島しょ&per_page=100").json()
    assert orgs["total_items"] == 9


@pytest.mark.django_db
def test_modified_after_keeps_what_changed_since(client, real_data):
    since = timezone.now().isoformat()
    window = ConsultationWindow.objects.get(pk=28)
    window.save()
    changed = client.get("/data/hsds/services", {"modified_after": since}).json()
    assert [s["name"] for s in changed["contents"]] == [window.name]
    assert client.get("/data/hsds/services?modified_after=2999-01-01").json()["empty"]


@pytest.mark.django_db
def test_ids_stay_the_same_when_the_values_change(client, support_net):
    window = WindowFactory(
        phone="03-1234-5678",
        fax="03-1234-5679",
        address="豊島区東池袋1-1",
        weekly_hours="月〜金 9:00〜17:00",
    )

    def parts():
        url = f"/data/hsds/services?municipality={window.municipality_id}&full=true"
        service = client.get(url).json()["contents"][0]
        location = service["service_at_locations"][0]
        return [
            service["id"],
            *[p["id"] for p in service["phones"]],
            *[s["id"] for s in service["schedules"]],
            location["id"],
            location["location"]["id"],
            location["location"]["addresses"][0]["id"],
        ]

    before = parts()
    window.refresh_from_db()
    window.name, window.phone, window.fax = "新しい名前", "03-9999-0000", "03-9999-0001"
    window.address = "豊島区南池袋2-2"
    window.weekly_hours = "月〜金 10:00〜16:00"  # the rows behind the schedule are rewritten
    window.save()
    after = parts()
    assert after == before and len(before) == 8


@pytest.mark.django_db
def test_an_extension_is_the_phones_extension(client, real_data):
    service = client.get(f"/data/hsds/services/{hsds_views.hsds.service_id(51)}").json()
    assert [(p["number"], p.get("extension")) for p in service["phones"]] == [
        ("042-378-2111", 209),
        ("042-378-5677", None),
    ]


@pytest.mark.django_db
def test_the_switchboard_is_the_organizations_phone(client, real_data):
    minato = client.get(f"/data/hsds/organizations/{organization_id('131032')}").json()
    assert [(p["number"], p["description"]) for p in minato["phones"]] == [
        ("03-3578-2111", "代表電話。「ひきこもりの相談をしたい」とお伝えください。")
    ]
    assert minato["organization_identifiers"][0]["identifier"] == "131032"


@pytest.mark.django_db
def test_hsds_gives_structured_hours_as_weekly_rules(client, support_net):
    window = WindowFactory(hours="第3土曜も受付", weekly_hours="月〜金 9:00〜17:00")
    service = client.get(f"/data/hsds/services/{hsds_views.hsds.service_id(window.pk)}").json()
    weekly = service["schedules"][0]
    assert (weekly["freq"], weekly["byday"]) == ("WEEKLY", "MO,TU,WE,TH,FR")
    assert (weekly["opens_at"], weekly["closes_at"]) == ("09:00+09:00", "17:00+09:00")
    assert service["schedules"][-1]["description"].startswith("月〜金 9:00〜17:00")
    assert service["schedules"][-1]["description"].endswith("第3土曜も受付")


@pytest.mark.django_db
def test_a_general_window_says_what_it_is_in_its_description(client, real_data):
    services = {
        s["name"]: s for s in client.get("/data/hsds/services?per_page=100").json()["contents"]
    }
    assert services["生活サポートセンター"]["description"].startswith(
        "生活の困りごと全般の相談窓口。ひきこもりの相談も受けているかは未確認です"
    )


@pytest.mark.django_db
def test_the_hsds_schema_check_would_catch_a_broken_service(validators):
    assert not validators["service"].is_valid({"id": "not-a-uuid", "name": "x", "status": "active"})


SAMPLES = {
    "search": "ひきこもり",
    "page": "1",
    "per_page": "5",
    "format": "json",
    "minimal": "false",
    "full": "true",
    "full_service": "true",
    "modified_after": "2020-01-01T00:00:00+09:00",
    "organization_id": str(uuid.uuid5(uuid.NAMESPACE_DNS, "x")),
    "postcode": "192-0083",
    "postal_code": "192-0083",
    "q": "ひきこもり",
    "municipality": "132012",
    "region": "多摩",
    "method": "phone",
    "who": "family",
    "age": "45",
    "support_net_visit": "yes",
    "condition": "anonymous_ok",
    "callback": "withheld",
}


@pytest.mark.django_db
def test_the_api_description_offers_exactly_the_parameters_each_endpoint_takes(client, real_data):
    document = client.get("/data/hsds/openapi.json").json()
    declared = document["components"]["parameters"]
    for path, item in document["paths"].items():
        names = [ref["$ref"].rsplit("/", 1)[1] for ref in item["get"].get("parameters", [])]
        assert all(name in declared for name in names)
        url = "/data/hsds" + path.replace("{id}", organization_id("132012"))
        for name in names:
            response = client.get(url, {name: SAMPLES[name]})
            assert response.status_code == 200, (path, name, response.content)
    accepted = {
        path: [ref["$ref"].rsplit("/", 1)[1] for ref in item["get"].get("parameters", [])]
        for path, item in document["paths"].items()
    }
    assert accepted["/services"] == list(hsds_views.PARAMETERS["services"])
    assert document["servers"] == [{"url": "http://127.0.0.1:8000/data/hsds"}]
