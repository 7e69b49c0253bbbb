import factory
from django.contrib.auth import get_user_model

from samsyn.parties.models import Membership
from samsyn.parties.services import user_sync_staff_flag

TEST_PASSWORD = "a-long-test-password-2027"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password(TEST_PASSWORD)


def person(provider, role, *more, **user_fields):
    """A user with a role at a provider; `more` adds further (provider, role) pairs."""
    user = UserFactory(**user_fields)
    for prov, rl in [(provider, role), *zip(more[::2], more[1::2], strict=True)]:
        Membership.objects.get_or_create(user=user, provider=prov, role=rl)
    user_sync_staff_flag(user=user)
    return user
