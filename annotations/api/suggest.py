"""POST /api/v1/suggest: the suggester on any posted text, without storing anything."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import roles
from ..suggesting import SUGGESTER_VERSION, learning, suggest
from . import fields
from .parsers import JSONParser

MAX_TEXT = 1_000_000


class SuggestRequestSerializer(serializers.Serializer):
    text = fields.CharField(
        min_length=1,
        max_length=MAX_TEXT,
        trim_whitespace=False,
        help_text="The article text, as stored.",
    )
    project = fields.SlugField(
        required=False, help_text="A project's slug: its speakers and aliases name the speakers."
    )


class SuggestedSpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Code-point offset, inclusive.")
    end = serializers.IntegerField(help_text="Code-point offset, exclusive.")
    text = fields.CharField(help_text="text[start:end]")


class SuggestionSerializer(serializers.Serializer):
    key = fields.CharField(help_text="Stable: the same rule on the same spans.")
    kind = fields.CharField(help_text="The rule, e.g. direct_marks_after, indirect_that.")
    type = serializers.ChoiceField(["direct", "indirect", "mixed"])
    content = SuggestedSpanSerializer()
    fragments = SuggestedSpanSerializer(
        many=True,
        help_text="A quote in several pieces (“A,” he said, “B.”): the pieces after `content`, "
        "in text order; empty for a quote in one piece.",
    )
    speaker_mention = SuggestedSpanSerializer(allow_null=True)
    cue = SuggestedSpanSerializer(allow_null=True)
    speaker = fields.CharField(
        allow_null=True, help_text="Canonical speaker name, or the proposed new speaker's name."
    )
    speaker_is_new = serializers.BooleanField(
        help_text="True when the name is not one of the project's speakers."
    )
    confidence = serializers.FloatField(
        help_text="How often the rule is right (0 to 1): its precision on the suggester's "
        "tuning set, lowered in the project when annotators keep rejecting it."
    )


class SuggestResponseSerializer(serializers.Serializer):
    suggester_version = fields.CharField()
    suggestions = SuggestionSerializer(many=True)


class SuggestView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="suggest_quotes",
        summary="Suggest quotes, speakers and cues for a text",
        description=(
            "Runs the rule-based suggester on `text` and returns the proposed quotes with "
            "their spans (code-point offsets) and texts, each with its rule's confidence. "
            "With `project`, the project's speakers and aliases name the canonical speakers "
            "and what the suggester learned from its gold and decisions applies (an outsider "
            "gets 404)."
        ),
        request=SuggestRequestSerializer,
        responses={200: SuggestResponseSerializer},
        examples=[
            OpenApiExample(
                "A direct quote",
                value={"text": "“We will not give up,” Anna Weber said."},
                request_only=True,
            )
        ],
        tags=["suggestions"],
    )
    def post(self, request):
        body = SuggestRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        text = body.validated_data["text"]
        if body.validated_data.get("project"):
            project, _ = roles.project_for(request.user, body.validated_data["project"])
            found = learning.knowledge_for(project, measure_gold=False).suggest(text)
        else:
            found = suggest(text, [])
        return Response(
            {
                "suggester_version": SUGGESTER_VERSION,
                "suggestions": [s.as_dict(text) for s in found],
            }
        )
