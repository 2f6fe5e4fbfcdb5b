"""The pages; each screen's module in annotations/views/ adds its own paths here."""

from django.urls import path

from .views import (
    assignments,
    dashboard,
    exports,
    history,
    imports,
    members,
    projects,
    review,
    suggestions,
    workspace,
)

urlpatterns = [
    path("", projects.home, name="home"),
    path("projects/<slug:slug>/", projects.project_detail, name="project_detail"),
    # Team workflow: members, assignments, review, dashboard, history.
    path("invite/<str:token>/", members.invitation, name="invitation"),
    path("projects/<slug:slug>/members/", members.members_page, name="members"),
    path("projects/<slug:slug>/assignments/", assignments.assignments_page, name="assignments"),
    path("projects/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("projects/<slug:slug>/articles/<int:pk>/review/", review.review_article, name="review"),
    path(
        "projects/<slug:slug>/articles/<int:pk>/review/take-version/",
        review.take_version,
        name="review_take_version",
    ),
    path(
        "projects/<slug:slug>/articles/<int:pk>/review/take-quote/",
        review.take_quote,
        name="review_take_quote",
    ),
    path(
        "projects/<slug:slug>/articles/<int:pk>/review/accept/",
        review.accept,
        name="review_accept",
    ),
    path(
        "projects/<slug:slug>/articles/<int:pk>/history/",
        history.article_history,
        name="article_history",
    ),
    path(
        "projects/<slug:slug>/articles/<int:pk>/history/restore/",
        history.restore,
        name="article_history_restore",
    ),
    # The import page and an import's progress and report (annotations/views/imports.py).
    path("projects/<slug:slug>/imports/", imports.import_page, name="import_page"),
    path("projects/<slug:slug>/imports/<int:job_id>/", imports.import_detail, name="import_detail"),
    # The export page (annotations/views/exports.py).
    path("projects/<slug:slug>/export/", exports.export_page, name="export"),
    path("projects/<slug:slug>/export/download/", exports.export_download, name="export_download"),
    # The annotation workspace (annotations/views/workspace.py).
    path("projects/<slug:slug>/next/", workspace.next_article, name="next_article"),
    path("projects/<slug:slug>/articles/<int:pk>/", workspace.article_workspace, name="workspace"),
    path(
        "projects/<slug:slug>/articles/<int:pk>/gold/",
        workspace.gold_workspace,
        name="workspace_gold",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/",
        workspace.annotation_part,
        name="ws_annotation",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/mentions/",
        workspace.add_mention,
        name="ws_mentions",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/mentions/<int:mention_id>/delete/",
        workspace.delete_mention,
        name="ws_mention_delete",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/quotes/<int:quote_id>/",
        workspace.update_quote,
        name="ws_quote",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/quotes/<int:quote_id>/delete/",
        workspace.delete_quote,
        name="ws_quote_delete",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/undo/",
        workspace.undo,
        name="ws_undo",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/status/",
        workspace.set_status,
        name="ws_status",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/time/",
        workspace.add_time,
        name="ws_time",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/speakers/",
        workspace.speaker_options,
        name="ws_speakers",
    ),
    # The workspace's suggestion panel (annotations/views/suggestions.py).
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/suggestions/",
        suggestions.panel,
        name="ws_suggestions",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/suggestions/compute/",
        suggestions.suggest_now,
        name="ws_suggest",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/suggestions/accept-all/",
        suggestions.accept_all,
        name="ws_suggestions_accept_all",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/suggestions/<str:key>/accept/",
        suggestions.accept,
        name="ws_suggestion_accept",
    ),
    path(
        "projects/<slug:slug>/annotations/<int:annotation_id>/suggestions/<str:key>/reject/",
        suggestions.reject,
        name="ws_suggestion_reject",
    ),
]
