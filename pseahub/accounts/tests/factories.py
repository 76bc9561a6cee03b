import factory

from pseahub.accounts.models import User
from pseahub.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """Users made through ``user_create``, so they have a real key pair wrapped under ``PASSWORD``."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")

    @classmethod
    def _create(cls, model_class: type[User], *args: object, **kwargs: object) -> User:
        password = kwargs.pop("password", PASSWORD)
        return user_create(actor=None, password=password, **kwargs)  # type: ignore[arg-type]
