import pytest

from annotations.models import Role
from tests import builders


@pytest.fixture
def project(db):
    return builders.make_project()


@pytest.fixture
def annotator(project):
    return builders.add_member(project, role=Role.ANNOTATOR)


@pytest.fixture
def article(project):
    return builders.make_article(project)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log in many times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
