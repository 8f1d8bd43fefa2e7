import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from consultations.models import ConsultationWindow
from municipalities.codes import from_five_digits
from municipalities.models import Municipality, StaffAssignment
from municipalities.roles import METRO_GROUP, MUNICIPAL_GROUP


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    # Tokyo's code range (13xxx), which the search form offers: wrap rather than leave it.
    code = factory.Sequence(lambda n: from_five_digits(f"{13500 + n % 500:05d}"))
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


STAFF_PASSWORD = "kakunin-2025-madoguchi"


class StaffFactory(factory.django.DjangoModelFactory):
    """Metropolitan staff; StaffFactory(municipality=m) makes municipal staff of m."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password(STAFF_PASSWORD)

    @factory.post_generation
    def municipality(user, create, municipality, **kwargs):
        user.groups.add(Group.objects.get(name=MUNICIPAL_GROUP if municipality else METRO_GROUP))
        if municipality:
            StaffAssignment.objects.create(user=user, municipality=municipality)
