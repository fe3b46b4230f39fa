import factory

from tangguh.accounts.models import User
from tangguh.core.roles import Role

PASSWORD = "Test#Password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    role = Role.OPERATOR
    institution = factory.LazyFunction(lambda: _institution("35.78"))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


def _institution(code: str):  # type: ignore[no-untyped-def]
    from tangguh.institutions.models import Institution

    return Institution.objects.get(code=code)
