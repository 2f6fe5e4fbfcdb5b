"""The admin: usable for every model, and it keeps the offset rules."""

import pytest

from annotations import editing
from annotations.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    return client


def change_text(admin_client, article, text):
    return admin_client.post(
        f"/admin/annotations/article/{article.pk}/change/",
        {
            "project": article.project_id,
            "external_id": article.external_id,
            "title": article.title,
            "text": text,
            "meta": "{}",
        },
    )


def test_admin_refuses_to_change_the_text_of_an_annotated_article(admin_client, project, annotator):
    article = factories.make_article(project)
    editing.add_mention(editing.own_annotation(article, annotator), label="QUOTE", start=0, end=5)
    response = change_text(admin_client, article, "A different text.")
    assert response.status_code == 200 and "cannot change" in response.content.decode()
    article.refresh_from_db()
    assert article.text != "A different text."


def test_admin_may_fix_the_text_of_an_article_nobody_annotated(admin_client, project):
    article = factories.make_article(project)
    response = change_text(admin_client, article, "A corrected text.")
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).text == "A corrected text."


@pytest.mark.parametrize(
    "model", ["project", "membership", "article", "speaker", "annotation", "mention", "quote",
              "importjob", "annotationevent", "articlesuggestions", "suggestiondecision"],
)  # fmt: skip
def test_every_model_has_a_searchable_admin_list(admin_client, model):
    assert admin_client.get(f"/admin/annotations/{model}/?q=x").status_code == 200
