import factory

from consultations.models import ConsultationWindow
from municipalities.codes import from_five_digits
from municipalities.models import Municipality


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: from_five_digits(f"{13500 + n:05d}"))
    name = factory.Sequence(lambda n: f"テスト{n}市")
    name_kana = factory.Sequence(lambda n: f"てすと{n}し")
    name_en = factory.Sequence(lambda n: f"Test {n} City")
    kind = "市"
    region = "多摩"


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationWindow

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"ひきこもり相談窓口{n}")
    display_order = factory.Sequence(lambda n: n + 1)
    published = True
    phone = "03-1234-5678"
    target_self = True
    target_family = True
