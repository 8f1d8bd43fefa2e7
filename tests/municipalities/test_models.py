import pytest
from django.db import IntegrityError

from municipalities.models import Municipality
from tests.factories import MunicipalityFactory


@pytest.mark.django_db
def test_local_excludes_the_metropolitan_government(tokyo):
    MunicipalityFactory(code="131016", name="千代田区", kind="特別区", region="区部")
    assert list(Municipality.objects.local().values_list("code", flat=True)) == ["131016"]


@pytest.mark.django_db
def test_the_database_refuses_a_code_that_is_not_six_digits():
    with pytest.raises(IntegrityError):
        MunicipalityFactory(code="13101")


@pytest.mark.django_db
def test_a_municipality_must_have_a_region():
    with pytest.raises(IntegrityError):
        MunicipalityFactory(region="")


@pytest.mark.django_db
def test_main_phone_href_keeps_only_digits():
    municipality = MunicipalityFactory(main_phone="042-378-2111(内線209)")
    assert municipality.main_phone_href == "tel:0423782111"
