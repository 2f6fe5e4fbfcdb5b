"""The counters' update trigger (nq_annotation_updated) leaves at once when no counted column
changed: most updates of an annotation raise its version or add time spent, and the five
counter queries cost more than the write itself. One EXISTS over the transition tables
decides; an update that moves a status, an annotator, an article, an acceptance or a
submission time runs the counters exactly as before."""

from django.db import migrations

SKIP_UNCHANGED_SQL = """
CREATE OR REPLACE FUNCTION nq_annotation_updated() RETURNS trigger AS $$
BEGIN
  -- Most updates raise a version or add time: nothing counted changed, one check and out.
  IF NOT EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.annotator_id, n.accepted_at, n.article_id, n.submitted_at)
          IS DISTINCT FROM (o.status, o.annotator_id, o.accepted_at, o.article_id, o.submitted_at)
  ) THEN
    RETURN NULL;
  END IF;
  PERFORM nq_refresh_article_counters(ARRAY(
    SELECT n.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.annotator_id, n.accepted_at, n.article_id)
          IS DISTINCT FROM (o.status, o.annotator_id, o.accepted_at, o.article_id)
    UNION SELECT o.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.article_id <> o.article_id));
  PERFORM nq_membership_add(
    (SELECT jsonb_agg(jsonb_build_object('article_id', o.article_id,
                                         'annotator_id', o.annotator_id, 'status', o.status))
     FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (n.status, n.annotator_id, n.article_id)
           IS DISTINCT FROM (o.status, o.annotator_id, o.article_id)), -1);
  PERFORM nq_membership_add(
    (SELECT jsonb_agg(jsonb_build_object('article_id', n.article_id,
                                         'annotator_id', n.annotator_id, 'status', n.status))
     FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (n.status, n.annotator_id, n.article_id)
           IS DISTINCT FROM (o.status, o.annotator_id, o.article_id)), 1);
  PERFORM nq_submissions_add(nq_submitted((
    SELECT jsonb_agg(to_jsonb(o)) FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.status, n.annotator_id, n.article_id, n.submitted_at)
          IS DISTINCT FROM (o.status, o.annotator_id, o.article_id, o.submitted_at))), -1);
  PERFORM nq_submissions_add(nq_submitted((
    SELECT jsonb_agg(to_jsonb(n)) FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.status, n.annotator_id, n.article_id, n.submitted_at)
          IS DISTINCT FROM (o.status, o.annotator_id, o.article_id, o.submitted_at))), 1);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

PREVIOUS_SQL = """
CREATE OR REPLACE FUNCTION nq_annotation_updated() RETURNS trigger AS $$
BEGIN
  PERFORM nq_refresh_article_counters(ARRAY(
    SELECT n.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.annotator_id, n.accepted_at, n.article_id)
          IS DISTINCT FROM (o.status, o.annotator_id, o.accepted_at, o.article_id)
    UNION SELECT o.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.article_id <> o.article_id));
  PERFORM nq_membership_add(
    (SELECT jsonb_agg(jsonb_build_object('article_id', o.article_id,
                                         'annotator_id', o.annotator_id, 'status', o.status))
     FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (n.status, n.annotator_id, n.article_id)
           IS DISTINCT FROM (o.status, o.annotator_id, o.article_id)), -1);
  PERFORM nq_membership_add(
    (SELECT jsonb_agg(jsonb_build_object('article_id', n.article_id,
                                         'annotator_id', n.annotator_id, 'status', n.status))
     FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (n.status, n.annotator_id, n.article_id)
           IS DISTINCT FROM (o.status, o.annotator_id, o.article_id)), 1);
  PERFORM nq_submissions_add(nq_submitted((
    SELECT jsonb_agg(to_jsonb(o)) FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.status, n.annotator_id, n.article_id, n.submitted_at)
          IS DISTINCT FROM (o.status, o.annotator_id, o.article_id, o.submitted_at))), -1);
  PERFORM nq_submissions_add(nq_submitted((
    SELECT jsonb_agg(to_jsonb(n)) FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.status, n.annotator_id, n.article_id, n.submitted_at)
          IS DISTINCT FROM (o.status, o.annotator_id, o.article_id, o.submitted_at))), 1);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0006_merge_h13")]

    operations = [migrations.RunSQL(SKIP_UNCHANGED_SQL, PREVIOUS_SQL)]
