import pytest

from annotations.models import Role
from tests import factories


@pytest.fixture
def project(db):
    return factories.make_project()


@pytest.fixture
def annotator(project):
    return factories.add_member(project, role=Role.ANNOTATOR)


@pytest.fixture
def manager(project):
    return factories.add_member(project, role=Role.MANAGER)


@pytest.fixture
def article(project):
    return factories.make_article(project)


@pytest.fixture
def world(db):
    """One member of each role around an annotated article (see factories.build_world)."""
    return factories.build_world()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log in many times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
