import factory

from pseahub.network.models import Area, FocalPoint, Organisation, OrganisationType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    type = OrganisationType.INGO


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"fp{n}@example.org")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    pcode = factory.Sequence(lambda n: f"XX{n:02d}")
    name = factory.Sequence(lambda n: f"Area {n}")
    admin_level = 1
