"""Team-workflow endpoints: agreement and progress figures (what the dashboard draws), and
the next article for the caller (the "Next article" button's rule)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import agreement, assignment, roles


class AgreementView(APIView):
    """Quote F1 (exact, overlap), speaker agreement, type kappa and alpha, per project and
    per annotator pair, over submitted versions; and submissions per annotator per day."""

    @extend_schema(responses=OpenApiTypes.OBJECT, tags=["team"])
    def get(self, request, slug):
        project, role = roles.project_for(request.user, slug)
        if not roles.can_see_others(role):
            raise PermissionDenied("only reviewers and managers see agreement figures")
        result = agreement.project_agreement(project)
        progress = {
            annotator: [{"day": day.isoformat(), "submitted": count} for day, count in points]
            for annotator, points in agreement.progress(project).items()
        }
        return Response(
            {
                "project": result["project"].as_dict(),
                "pairs": [figures.as_dict() for figures in result["pairs"]],
                "progress": progress,
            }
        )


class NextArticleView(APIView):
    """Hand the caller their next article (fewest annotations first, within the overlap)."""

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, tags=["team"])
    def post(self, request, slug):
        project, role = roles.project_for(request.user, slug)
        if not roles.can_write(role):
            raise PermissionDenied("your role does not annotate")
        article = assignment.next_article(request.user, project)
        if article is None:
            return Response({"article": None, "detail": "nothing left to annotate"})
        return Response(
            {"article": article.pk, "external_id": article.external_id, "title": article.title}
        )
