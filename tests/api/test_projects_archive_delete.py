"""Archiving hides a project from its annotators' home pages and keeps everything; deleting
needs the slug typed again (the same rules for every interface)."""

import pytest

from annotations import assignment, projects
from annotations.models import Annotation, Article, Project, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_archived_project_leaves_annotators_home_but_not_managers():
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    manager = factories.add_member(project, role=Role.MANAGER)
    factories.make_annotation(factories.make_article(project), annotator)
    projects.archive(project)
    assert assignment.progress(annotator) == []
    assert [m.project for m in assignment.progress(manager)] == [project]
    assert Annotation.objects.filter(annotator=annotator).count() == 1
    projects.unarchive(project)
    assert [m.project for m in assignment.progress(annotator)] == [project]


def test_delete_needs_the_slug_typed_again():
    project = factories.make_project(slug="keep-me")
    factories.make_annotation(factories.make_article(project), factories.add_member(project))
    with pytest.raises(projects.ProjectError) as error:
        projects.delete_project(project, "keep")
    assert error.value.field == "confirm_slug"
    assert Article.objects.filter(project=project).exists()
    projects.delete_project(project, "keep-me")
    assert not Project.objects.filter(slug="keep-me").exists()
    assert not Annotation.objects.exists()
