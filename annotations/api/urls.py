"""The REST API: /api/v1/… and the OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import comments, imports, projects, suggest, team, views

router = DefaultRouter()
router.register("projects", projects.ProjectViewSet, basename="project")

# Everything under one project: /api/v1/projects/<slug>/…; add new endpoints to this list.
PROJECT = "projects/<slug:slug>/"
ARTICLE = PROJECT + "articles/<int:article_pk>/"
project_paths = [
    path(
        PROJECT + "articles/",
        views.ArticleViewSet.as_view({"get": "list"}),
        name="api-articles",
    ),
    path(
        PROJECT + "articles/<int:pk>/",
        views.ArticleViewSet.as_view({"get": "retrieve"}),
        name="api-article",
    ),
    path(
        ARTICLE + "annotations/",
        views.AnnotationViewSet.as_view({"get": "list", "post": "create"}),
        name="api-annotations",
    ),
    path(
        ARTICLE + "annotations/<int:pk>/",
        views.AnnotationViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update"}
        ),
        name="api-annotation",
    ),
    path(
        ARTICLE + "annotations/<int:annotation_pk>/comments/",
        comments.CommentListView.as_view(),
        name="api-comments",
    ),
    path(
        ARTICLE + "annotations/<int:annotation_pk>/comments/<int:pk>/",
        comments.CommentDetailView.as_view(),
        name="api-comment",
    ),
    path(
        PROJECT + "speakers/",
        views.SpeakerViewSet.as_view({"get": "list"}),
        name="api-speakers",
    ),
    path(
        PROJECT + "speakers/<int:pk>/",
        views.SpeakerViewSet.as_view({"get": "retrieve"}),
        name="api-speaker",
    ),
    path(PROJECT + "quotes/", views.QuoteListView.as_view({"get": "list"}), name="api-quotes"),
    path(PROJECT + "export.<str:fmt>", views.ExportView.as_view(), name="api-export"),
    # Team workflow (annotations/api/team.py).
    path(PROJECT + "agreement/", team.AgreementView.as_view(), name="api-agreement"),
    path(PROJECT + "next/", team.NextArticleView.as_view(), name="api-next-article"),
    # Imports (annotations/api/imports.py).
    path(PROJECT + "imports/", imports.ImportListView.as_view(), name="api-imports"),
    path(PROJECT + "imports/<int:pk>/", imports.ImportDetailView.as_view(), name="api-import"),
]

v1 = [
    *project_paths,
    path("suggest", suggest.SuggestView.as_view(), name="api-suggest"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script from a URL: no inline script (our CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]
