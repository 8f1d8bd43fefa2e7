"""/data/hsds/openapi.json: the HSDS 3.0 API description (the specification's openapi.json),
trimmed to the endpoints and parameters this API answers, with our own filters added.

Built from the same parameter lists the views check (hsds_views.PARAMETERS) and the same
choices the search uses, so it cannot promise what the API refuses. Adapted from the Open
Referral specification's schema/openapi.json (commit 279fd2e), CC BY-SA 4.0.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from municipalities.models import Region

from ..filters import CALLBACK_CHOICES, CONDITION_CHOICES, SUPPORT_NET_CHOICES, choice_parameters
from ..models import MAX_AGE, Method, Who
from .hsds import MINIMAL, VERSION
from .opendata import LICENSE_ID, LICENSE_URL, TITLE, absolute

SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"


def query(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def choices(pairs):
    return {"type": "string", "enum": [value for value, _label in pairs]}


def parameters(max_per_page, max_minimal):
    """Every query parameter, by name: the spec's (descriptions made exact) and ours."""
    with translation.override("en"):
        labels = {
            name: ", ".join(f"{value} ({label})" for value, label in pairs)
            for name, pairs in choice_parameters()
        }
    return {
        "search": query(
            "search",
            "Full text search: the directory's keyword search (window, department, operator and "
            "municipality names, any kana or width, town names), at most 100 characters.",
            {"type": "string", "maxLength": 100},
        ),
        "page": query(
            "page", "Page number of paginated result, from 1.", {"type": "integer", "minimum": 1}
        ),
        "per_page": query(
            "per_page",
            f"Number of results requested in a single page: 1 to {max_per_page} (default 50); "
            f"with minimal=true up to {max_minimal} (default {max_minimal}).",
            {"type": "integer", "minimum": 1, "maximum": max_minimal},
        ),
        "format": query(
            "format", "Only json (the default) is offered.", {"type": "string", "enum": ["json"]}
        ),
        "minimal": query(
            "minimal",
            "Return services with just " + ", ".join(MINIMAL) + " (HSDS 3.0 names the "
            "modified date last_modified; name and status are what the schema requires), all "
            "in one page unless per_page says otherwise. Cannot be combined with full.",
            {"type": "boolean"},
        ),
        "full": query(
            "full",
            "true: return fully nested objects (phones, schedules, locations…) in the list.",
            {"type": "boolean"},
        ),
        "full_service": query(
            "full_service",
            "true: an organization's services are fully nested; otherwise their one-to-one "
            "fields only.",
            {"type": "boolean"},
        ),
        "modified_after": query(
            "modified_after",
            "Return results modified on or after this ISO 8601 date or date-time (Tokyo time "
            "when no offset is given).",
            {"type": "string", "format": "date-time"},
        ),
        "organization_id": query(
            "organization_id",
            "Return the services of this organization (a municipality, or Tokyo).",
            {"type": "string", "format": "uuid"},
        ),
        "postcode": query(
            "postcode",
            "A Japanese postal code (e.g. 192-0083): the services of the municipalities it "
            "belongs to (several where it spans them; none outside Tokyo). Same as postal_code.",
            {"type": "string"},
        ),
        "postal_code": query(
            "postal_code",
            "A Japanese postal code (e.g. 192-0083): the services of the municipalities it "
            "belongs to (several where it spans them; none outside Tokyo).",
            {"type": "string"},
        ),
        "q": query(
            "q", "The search page's keyword (same as search).", {"type": "string", "maxLength": 100}
        ),
        "municipality": query(
            "municipality",
            "A 6-digit local government code (全国地方公共団体コード), e.g. 132012; 130001 for "
            "Tokyo-wide services.",
            {"type": "string", "pattern": "^[0-9]{6}$"},
        ),
        "region": query("region", "Region: " + labels["region"] + ".", choices(Region.choices)),
        "method": {
            **query(
                "method",
                "Consultation method; repeat for several (all must be offered): "
                + labels["method"]
                + ".",
                {"type": "array", "items": choices(Method.choices)},
            ),
            "style": "form",
            "explode": True,
        },
        "who": query("who", "Who may consult: " + labels["who"] + ".", choices(Who.choices)),
        "age": query(
            "age",
            "The person's age: services whose stated age range admits it.",
            {"type": "integer", "minimum": 0, "maximum": MAX_AGE},
        ),
        "support_net_visit": query(
            "support_net_visit",
            "Takes applications for the Tokyo Hikikomori Support-Net's home visits: "
            + labels["support_net_visit"]
            + ".",
            choices(SUPPORT_NET_CHOICES),
        ),
        "condition": {
            **query(
                "condition",
                "A condition families ask about; repeat for several (all must be confirmed): "
                + labels["condition"]
                + ".",
                {"type": "array", "items": choices(CONDITION_CHOICES)},
            ),
            "style": "form",
            "explode": True,
        },
        "callback": query(
            "callback",
            "How the service's return call shows on the phone: " + labels["callback"] + ".",
            choices(CALLBACK_CHOICES),
        ),
    }


def refs(names):
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def ok(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def page_of(schema):
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": f"{SCHEMAS}/{schema}"}}},
    }


ERRORS = {
    "400": {
        "description": "A parameter this endpoint does not take, given twice, or with a value "
        "that does not parse; errors[].parameter names it.",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    },
}
NOT_FOUND = {
    "404": {
        "description": "No such id.",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
}
ID = {
    "in": "path",
    "name": "id",
    "required": True,
    "description": "The object's id (a UUID, stable across edits).",
    "schema": {"type": "string"},
}


def document(accepted, max_per_page, max_minimal):
    """The API description; `accepted` is {endpoint: parameter names} as the views check them."""
    with translation.override(settings.LANGUAGE_CODE):
        server = absolute(reverse("data:hsds-root")).rstrip("/")
        page = absolute(reverse("data-page"))
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"{TITLE} — HSDS {VERSION} API",
            "version": VERSION,
            "summary": "Tokyo's hikikomori consultation windows as Open Referral HSDS 3.0.",
            "description": (
                "Each consultation window is a service; the municipality (or Tokyo) that lists "
                "it is its organization; its address a location. Lists are paged and also take "
                "the directory's own filters. Responses carry ETag and Last-Modified: send "
                "If-None-Match to poll cheaply (304 when nothing changed). Documented at "
                f"{page}#hsds. This description is adapted from the Open Referral HSDS 3.0 "
                "openapi.json (CC BY-SA 4.0)."
            ),
            "license": {"name": LICENSE_ID, "identifier": LICENSE_ID},
            "contact": {"name": TITLE, "url": page},
        },
        "externalDocs": {"description": "Licence of the data", "url": LICENSE_URL},
        "servers": [{"url": server}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getAPIMetaInformation",
                    "summary": "Retrieve information about this API and its relationship with HSDS.",
                    "responses": {
                        "200": ok(
                            "The HSDS version, profile and this description's URL.",
                            {
                                "type": "object",
                                "properties": {
                                    "version": {"type": "string"},
                                    "profile": {"type": "string", "format": "uri"},
                                    "openapi_url": {"type": "string", "format": "uri"},
                                },
                            },
                        )
                    },
                }
            },
            "/services": {
                "get": {
                    "operationId": "getPaginatedListOfServices",
                    "summary": "Paginated listing of services (one-to-one fields unless full=true).",
                    "parameters": refs(accepted["services"]),
                    "responses": {
                        "200": ok("A page of services.", page_of("compiled/service_list.json")),
                        **ERRORS,
                    },
                }
            },
            "/services/{id}": {
                "parameters": [ID],
                "get": {
                    "operationId": "getFullyNestedServiceById",
                    "summary": "A fully nested service.",
                    "responses": {
                        "200": ok("The service.", {"$ref": f"{SCHEMAS}/compiled/service.json"}),
                        **ERRORS,
                        **NOT_FOUND,
                    },
                },
            },
            "/organizations": {
                "get": {
                    "operationId": "getPaginatedListOfOrganizations",
                    "summary": "Paginated listing of the organizations with a published service.",
                    "parameters": refs(accepted["organizations"]),
                    "responses": {
                        "200": ok(
                            "A page of organizations.", page_of("compiled/organization_list.json")
                        ),
                        **ERRORS,
                    },
                }
            },
            "/organizations/{id}": {
                "parameters": [ID],
                "get": {
                    "operationId": "getOrganizationById",
                    "summary": "An organization with its switchboard and its services.",
                    "parameters": refs(accepted["organization"]),
                    "responses": {
                        "200": ok(
                            "The organization.", {"$ref": f"{SCHEMAS}/compiled/organization.json"}
                        ),
                        **ERRORS,
                        **NOT_FOUND,
                    },
                },
            },
            "/service_at_locations": {
                "get": {
                    "operationId": "getPaginatedListOfServiceAtLocation",
                    "summary": "Paginated listing of services at their locations (services "
                    "with an address).",
                    "parameters": refs(accepted["service_at_locations"]),
                    "responses": {
                        "200": ok(
                            "A page of service_at_locations.",
                            page_of("compiled/service_at_location_list.json"),
                        ),
                        **ERRORS,
                    },
                }
            },
            "/service_at_locations/{id}": {
                "parameters": [ID],
                "get": {
                    "operationId": "getServiceAtLocationWithNestedDataById",
                    "summary": "A fully nested service_at_location.",
                    "responses": {
                        "200": ok(
                            "The service_at_location.",
                            {"$ref": f"{SCHEMAS}/compiled/service_at_location.json"},
                        ),
                        **ERRORS,
                        **NOT_FOUND,
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {
                            "type": "integer",
                            "description": "The number of entities in the current page.",
                        },
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                },
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details.",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "parameter": {"type": "string"},
                                    "detail": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
            "parameters": parameters(max_per_page, max_minimal),
        },
    }
