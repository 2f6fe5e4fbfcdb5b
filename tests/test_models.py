"""Every database constraint refuses what it should (on the real PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import (
    Annotation,
    Article,
    Membership,
    Mention,
    Project,
    Quote,
    Speaker,
    Status,
)
from tests import factories

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_database_is_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_external_id_is_unique_in_a_project(project, article):
    refused(lambda: factories.make_article(project, external_id=article.external_id))


def test_same_external_id_in_another_project_is_allowed(article):
    other = factories.make_project()
    assert factories.make_article(other, external_id=article.external_id).pk


def test_empty_text_is_refused(project):
    refused(lambda: Article.objects.create(project=project, external_id="x", text=""))


def test_article_keeps_a_hash_of_its_text(article):
    import hashlib

    assert article.text_sha256 == hashlib.sha256(article.text.encode()).hexdigest()


def test_overlap_outside_1_to_5_is_refused():
    refused(lambda: Project.objects.create(name="p", slug="p", overlap=6))
    refused(lambda: Project.objects.create(name="p", slug="p", overlap=0))


def test_one_membership_per_user_and_project(project, annotator):
    refused(lambda: Membership.objects.create(project=project, user=annotator, role="viewer"))


def test_unknown_role_is_refused(project):
    user = factories.make_user()
    refused(lambda: Membership.objects.create(project=project, user=user, role="owner"))


def test_speaker_name_is_unique_in_a_project(project):
    factories.make_speaker(project, "Dmitry Peskov")
    refused(lambda: factories.make_speaker(project, "Dmitry Peskov"))


def test_wikidata_id_must_look_like_one(project):
    refused(lambda: factories.make_speaker(project, "X", wikidata_id="317207"))
    assert factories.make_speaker(project, "Y", wikidata_id="Q317207").pk


def test_one_annotation_per_annotator_per_article(article, annotator):
    factories.make_annotation(article, annotator)
    refused(lambda: factories.make_annotation(article, annotator))


def test_one_gold_per_article(article):
    factories.make_annotation(article)
    refused(lambda: factories.make_annotation(article))


def test_gold_status_only_without_annotator(article, annotator):
    refused(lambda: factories.make_annotation(article, annotator, status=Status.GOLD))
    refused(lambda: Annotation.objects.create(article=article, status=Status.SUBMITTED))


def test_unknown_status_is_refused(article, annotator):
    refused(lambda: factories.make_annotation(article, annotator, status="done"))


@pytest.fixture
def annotation(article, annotator):
    return factories.make_annotation(article, annotator)


def mention(annotation, start, end, label="QUOTE", text=None):
    text = annotation.article.text[start:end] if text is None else text
    return Mention.objects.create(
        annotation=annotation, label=label, start=start, end=end, text=text
    )


def test_mention_start_before_end(annotation):
    refused(lambda: mention(annotation, 5, 5, text=""))
    refused(lambda: mention(annotation, 6, 5, text="x"))


def test_mention_unknown_label_is_refused(annotation):
    refused(lambda: mention(annotation, 0, 5, label="PERSON"))


def test_mention_text_length_must_match_offsets(annotation):
    refused(lambda: mention(annotation, 0, 5, text="Ali"))


def test_mention_length_counts_code_points_not_utf16_units(project, annotator):
    article = factories.make_article(project, text="🙂 Bob said hi")
    annotation = factories.make_annotation(article, annotator)
    assert mention(annotation, 0, 5).text == "🙂 Bob"


def test_same_span_and_label_twice_is_refused(annotation):
    mention(annotation, 0, 5)
    refused(lambda: mention(annotation, 0, 5))


def test_a_content_mention_makes_one_quote(annotation):
    content = mention(annotation, 13, 26)
    Quote.objects.create(annotation=annotation, content=content)
    refused(lambda: Quote.objects.create(annotation=annotation, content=content))


def test_a_quote_cannot_be_its_own_speaker(annotation):
    content = mention(annotation, 13, 26)
    refused(
        lambda: Quote.objects.create(
            annotation=annotation, content=content, speaker_mention=content
        )
    )


def test_unknown_quote_type_is_refused(annotation):
    content = mention(annotation, 13, 26)
    refused(lambda: Quote.objects.create(annotation=annotation, content=content, type="paraphrase"))


def test_deleting_a_speaker_keeps_the_quote(annotation, project):
    speaker = factories.make_speaker(project)
    quote = Quote.objects.create(
        annotation=annotation, content=mention(annotation, 13, 26), speaker=speaker
    )
    speaker.delete()
    quote.refresh_from_db()
    assert quote.speaker is None


def test_deleting_the_content_mention_deletes_the_quote(annotation):
    content = mention(annotation, 13, 26)
    Quote.objects.create(annotation=annotation, content=content)
    content.delete()
    assert not Quote.objects.exists()


def test_speaker_aliases_are_searchable(project):
    factories.make_speaker(project, "Dmitry Peskov", aliases=["Peskov", "Kremlin spokesperson"])
    assert Speaker.objects.filter(aliases__contains=["Peskov"]).count() == 1
