"""Local windows come before Tokyo-wide ones, and the database reads them in that order."""

import pytest
from django.db import connection
from django.http import QueryDict

from consultations.filters import WindowFilter
from consultations.models import ConsultationWindow
from tests.factories import WindowFactory


@pytest.mark.django_db
def test_the_stored_flag_follows_the_municipality(support_net, adachi):
    local = WindowFactory(municipality=adachi)
    flags = dict(ConsultationWindow.objects.values_list("pk", "tokyo_wide"))
    assert flags[support_net.pk] is True and flags[local.pk] is False


@pytest.mark.django_db
def test_local_windows_come_first(support_net, adachi, toshima):
    later = WindowFactory(municipality=adachi, name="足立の窓口")  # 131211
    first = WindowFactory(municipality=toshima, name="豊島の窓口")  # 131164
    order = list(ConsultationWindow.objects.published().local_first())
    assert order == [first, later, support_net]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["method=email&who=family", "q=窓口", ""])
def test_a_page_of_results_is_read_in_index_order_not_sorted(support_net, adachi, query):
    WindowFactory.create_batch(5, municipality=adachi, method_email=True, target_family=True)
    search = WindowFilter(QueryDict(query), queryset=ConsultationWindow.objects.for_listing())
    assert search.is_valid()
    page = search.qs[:21]
    if connection.vendor == "postgresql":
        # With a few rows PostgreSQL rightly prefers a sort; forbidding one shows whether the
        # window_local_first index can give the order.
        with connection.cursor() as cursor:
            cursor.execute("SET enable_sort = off")
            try:
                plan = page.explain()
            finally:
                cursor.execute("RESET enable_sort")
        assert "Sort" not in plan and "window_local_first" in plan
    else:
        plan = page.explain()
        assert "TEMP B-TREE" not in plan and "window_local_first" in plan
