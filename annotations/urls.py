"""The pages, grouped by what they are about: a project, one of its articles, one
annotation (the workspace's htmx endpoints). Each screen's module in annotations/views/."""

from django.urls import include, path

from .views import (
    assignments,
    comments,
    dashboard,
    exports,
    history,
    imports,
    members,
    project_page,
    project_settings,
    projects,
    review,
    suggestions,
    workspace,
)

article = [
    path("", workspace.article_workspace, name="workspace"),
    path("gold/", workspace.gold_workspace, name="workspace_gold"),
    path("review/", review.review_article, name="review"),
    path("review/take-version/", review.take_version, name="review_take_version"),
    path("review/take-quote/", review.take_quote, name="review_take_quote"),
    path("review/accept/", review.accept, name="review_accept"),
    path("history/", history.article_history, name="article_history"),
    path("history/restore/", history.restore, name="article_history_restore"),
]

annotation = [
    path("", workspace.annotation_part, name="ws_annotation"),
    path("mentions/", workspace.add_mention, name="ws_mentions"),
    path("mentions/<int:mention_id>/delete/", workspace.delete_mention, name="ws_mention_delete"),
    path("quotes/<int:quote_id>/", workspace.update_quote, name="ws_quote"),
    path("quotes/<int:quote_id>/delete/", workspace.delete_quote, name="ws_quote_delete"),
    path("undo/", workspace.undo, name="ws_undo"),
    path("redo/", workspace.redo, name="ws_redo"),
    path("notes/", comments.notes, name="ws_notes"),
    path("notes/add/", comments.add_note, name="ws_notes_add"),
    path("notes/<int:comment_id>/edit/", comments.edit_note, name="ws_note_edit"),
    path("notes/<int:comment_id>/delete/", comments.delete_note, name="ws_note_delete"),
    path("status/", workspace.set_status, name="ws_status"),
    path("time/", workspace.add_time, name="ws_time"),
    path("speakers/", workspace.speaker_options, name="ws_speakers"),
    path("suggestions/", suggestions.panel, name="ws_suggestions"),
    path("suggestions/compute/", suggestions.suggest_now, name="ws_suggest"),
    path("suggestions/accept-all/", suggestions.accept_all, name="ws_suggestions_accept_all"),
    path("suggestions/<str:key>/accept/", suggestions.accept, name="ws_suggestion_accept"),
    path("suggestions/<str:key>/reject/", suggestions.reject, name="ws_suggestion_reject"),
]

project = [
    path("", project_page.project_detail, name="project_detail"),
    path("mine/", project_page.my_articles, name="my_articles"),
    path("review/", project_page.review_queue, name="review_queue"),
    path("review/next/", project_page.next_to_review, name="next_to_review"),
    path("next/", workspace.next_article, name="next_article"),
    path("members/", members.members_page, name="members"),
    path("settings/", project_settings.project_settings, name="project_settings"),
    path("settings/archive/", project_settings.archive, name="project_archive"),
    path("settings/delete/", project_settings.delete, name="project_delete"),
    path("assignments/", assignments.assignments_page, name="assignments"),
    path("assignments/bulk/", assignments.bulk_action, name="assignments_bulk"),
    path("assignments/row/<int:article_id>/", assignments.row_action, name="assignments_row"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "suggestion-threshold/",
        projects.suggestion_threshold,
        name="project_suggestion_threshold",
    ),
    path("imports/", imports.import_page, name="import_page"),
    path("imports/<int:job_id>/", imports.import_detail, name="import_detail"),
    path("imports/<int:job_id>/retry/", imports.import_retry, name="import_retry"),
    path("export/", exports.export_page, name="export"),
    path("export/download/", exports.export_download, name="export_download"),
    path("articles/<int:pk>/", include(article)),
    path("annotations/<int:annotation_id>/", include(annotation)),
]

urlpatterns = [
    path("", projects.home, name="home"),
    path("invite/<str:token>/", members.invitation, name="invitation"),
    path(
        "invitations/<int:invitation_id>/<str:answer>/",
        members.answer_invitation,
        name="answer_invitation",
    ),
    path("projects/new/", project_settings.new_project, name="new_project"),
    path("guidelines/preview/", project_settings.guidelines_preview, name="guidelines_preview"),
    path("projects/<slug:slug>/", include(project)),
]
