from importlib import import_module

import pytest
from django.apps import apps

from consultations.models import ConsultationWindow
from tests.factories import MunicipalityFactory, WindowFactory

refold = import_module("consultations.migrations.0007_refold_search_text").refold


@pytest.mark.django_db
def test_the_migration_refolds_text_stored_before_the_variants_were_folded():
    window = WindowFactory(name="引きこもり地域支援センター")
    # As the older search_key stored it: 引きこもり untouched.
    ConsultationWindow.objects.filter(pk=window.pk).update(search_text="引きこもり地域支援せんた")
    refold(apps, None)
    window.refresh_from_db()
    assert "ひきこもり地域支援" in window.search_text


@pytest.mark.django_db
def test_the_migration_folds_as_the_model_does():
    municipality = MunicipalityFactory(name="青ヶ島村", name_kana="あおがしまむら")
    window = WindowFactory(municipality=municipality, department="総務課", operator="引籠り支援")
    ConsultationWindow.objects.filter(pk=window.pk).update(search_text="")
    refold(apps, None)
    window.refresh_from_db()
    assert window.search_text == window.build_search_text()
