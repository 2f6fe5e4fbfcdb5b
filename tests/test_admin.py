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


@pytest.fixture
def annotated(project, annotator):
    article = factories.make_article(project)
    annotation = editing.own_annotation(article, annotator)
    mention = editing.add_mention(annotation, label="QUOTE", start=0, end=5)
    editing.add_quote(annotation, content=mention)
    annotation.refresh_from_db()
    return annotation, mention


def test_admin_shows_an_annotations_contents_read_only_and_says_where_they_change(
    admin_client, annotated
):
    annotation, mention = annotated
    page = admin_client.get(f"/admin/annotations/annotation/{annotation.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "change in the workspace or through the API" in body
    assert f"{mention.start}" in body and "QUOTE" in body  # the mention is shown
    assert 'name="mentions-0-start"' not in body and 'name="status"' not in body
    assert 'name="_save"' not in body


def test_admin_posts_change_no_mention_quote_or_status(admin_client, annotated):
    annotation, mention = annotated
    before = (annotation.version, annotation.events.count(), annotation.status)
    posts = {
        f"/admin/annotations/annotation/{annotation.pk}/change/": {
            "status": "gold",
            "mentions-TOTAL_FORMS": "1",
            "mentions-INITIAL_FORMS": "1",
            "mentions-0-id": mention.pk,
            "mentions-0-annotation": annotation.pk,
            "mentions-0-label": "SPEAKER",
            "mentions-0-start": "1",
            "mentions-0-end": "3",
        },
        f"/admin/annotations/mention/{mention.pk}/change/": {"label": "CUE", "start": 1, "end": 2},
        f"/admin/annotations/mention/{mention.pk}/delete/": {"post": "yes"},
        f"/admin/annotations/quote/{annotation.quotes.get().pk}/delete/": {"post": "yes"},
        "/admin/annotations/mention/add/": {"annotation": annotation.pk, "label": "CUE"},
    }
    for path, data in posts.items():
        assert admin_client.post(path, data).status_code == 403, path
    annotation.refresh_from_db()
    assert (annotation.version, annotation.events.count(), annotation.status) == before
    assert list(annotation.mentions.values_list("label", "start", "end")) == [("QUOTE", 0, 5)]
    assert annotation.quotes.count() == 1
