"""The pages; each screen's module in annotations/views/ adds its own paths here."""

from django.urls import path

from .views import projects

urlpatterns = [
    path("", projects.home, name="home"),
    path("projects/<slug:slug>/", projects.project_detail, name="project_detail"),
]
