"""The admin, made usable: search, filters and inlines for every model.

An annotation's contents (mentions, quotes, status, version) change only through the one
write path, `annotations.editing` (the workspace and the API), which raises the version and
records the change in the history; here they are read-only."""

from django import forms
from django.contrib import admin

from . import spans
from .models import (
    Annotation,
    AnnotationEvent,
    Article,
    ArticleSuggestions,
    ImportJob,
    Membership,
    Mention,
    Project,
    Quote,
    Speaker,
    SuggestionDecision,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "overlap", "created_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "project__name"]
    autocomplete_fields = ["user", "project"]


class ArticleForm(forms.ModelForm):
    """Refuses a change to the text of an annotated article, as every other writer does."""

    class Meta:
        model = Article
        fields = [
            "project", "external_id", "title", "text", "source", "url", "author",
            "published", "language", "meta",
        ]  # fmt: skip

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            spans.check_text_change(self.instance, text)
        except spans.TextFrozen as error:
            raise forms.ValidationError(str(error)) from error
        return text


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["external_id", "title", "project", "source", "published", "language"]
    list_filter = ["project", "source", "language", "published"]
    search_fields = ["external_id", "title", "source", "author", "url"]
    readonly_fields = ["text_sha256", "created_at", "updated_at"]
    date_hierarchy = "published"
    list_select_related = ["project"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "wikidata_id", "description"]
    list_filter = ["project"]
    search_fields = ["name", "aliases", "description", "wikidata_id"]


class ReadOnly:
    """Shown, never changed here (an admin's edit would skip the version and the history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


THROUGH_THE_WORKSPACE = (
    "Read-only here: mentions, quotes and the status change in the workspace or through the "
    "API, which raise the version and record each change in the article's history."
)


class MentionInline(ReadOnly, admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["label", "start", "end", "text"]


class QuoteInline(ReadOnly, admin.TabularInline):
    model = Quote
    fk_name = "annotation"
    extra = 0
    fields = ["content", "type", "speaker_mention", "cue", "speaker", "origin"]


@admin.register(Annotation)
class AnnotationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["article", "annotator", "status", "version", "time_spent", "updated_at"]
    list_filter = ["status", "article__project"]
    search_fields = ["article__title", "article__external_id", "annotator__username"]
    fieldsets = [
        (
            None,
            {
                "description": THROUGH_THE_WORKSPACE,
                "fields": [
                    "article",
                    "annotator",
                    "status",
                    "version",
                    "time_spent",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                ],  # fmt: skip
            },
        )
    ]
    list_select_related = ["article", "annotator"]
    inlines = [MentionInline, QuoteInline]


@admin.register(Mention)
class MentionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["label", "start", "end", "text", "annotation"]
    list_filter = ["label", "annotation__article__project"]
    search_fields = ["text"]


@admin.register(Quote)
class QuoteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["content", "type", "speaker", "origin", "annotation"]
    list_filter = ["type", "origin", "annotation__article__project"]
    search_fields = ["content__text", "speaker__name"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "project", "state", "format", "articles_count", "created_at"]
    list_filter = ["state", "format", "project"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["created_at", "finished_at"]


@admin.register(AnnotationEvent)
class AnnotationEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["annotation", "action", "version", "actor", "at"]
    list_filter = ["action"]
    search_fields = ["annotation__article__title", "actor__username"]
    raw_id_fields = ["annotation"]


@admin.register(ArticleSuggestions)
class ArticleSuggestionsAdmin(admin.ModelAdmin):
    list_display = ["article", "suggester_version", "computed_at"]
    raw_id_fields = ["article"]


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(admin.ModelAdmin):
    list_display = ["annotation", "kind", "decision", "at"]
    list_filter = ["kind", "decision"]
    raw_id_fields = ["annotation"]
