import pytest
from django.http import QueryDict

from pagecache.query import ALL_PARAMETERS, canonical, parameters


def canonical_text(query, declared):
    return canonical(QueryDict(query), parameters(declared)).urlencode()


def test_it_keeps_only_the_declared_parameters():
    assert canonical_text("utm_source=line&region=tama&z=1", ("region",)) == "region=tama"


def test_it_sorts_names_and_each_names_values():
    assert (
        canonical_text("who=family&method=phone&method=email", ("method", "who"))
        == "method=email&method=phone&who=family"
    )


def test_it_keeps_repeats_and_empty_values_which_views_may_tell_apart():
    assert canonical_text("q=&m=b&m=a&m=b", ("q", "m")) == "m=a&m=b&m=b&q="


def test_a_parameter_with_its_own_form_is_left_to_it():
    declared = (("w", lambda values: [",".join(dict.fromkeys(values))]),)
    assert canonical_text("w=3&w=1&w=3", declared) == "w=3%2C1"


def test_a_form_that_returns_nothing_drops_the_parameter():
    assert canonical_text("w=abc&q=x", (("w", lambda values: []), "q")) == "q=x"


def test_all_parameters_keeps_unknown_names_for_the_view_to_refuse():
    assert canonical_text("z=1&b=2&a=3", ALL_PARAMETERS) == "a=3&b=2&z=1"


def test_the_canonical_query_is_immutable_like_request_get():
    result = canonical(QueryDict("a=1"), parameters(("a",)))
    with pytest.raises(AttributeError):
        result["a"] = "2"
