"""Learning from a project: once it has gold annotations or decided suggestions, its
suggestions improve from them.

- cue words and phrases seen in gold join the project's cues;
- speaker names and the names they were linked from ("Mr. Obama" → Barack Obama) join the
  speaker list as aliases;
- rules the annotators keep rejecting rank lower (their confidence is scaled by the accepted
  share) and stop below a floor; so do rules whose suggestions gold keeps contradicting.

`knowledge_for(project)` reads all that from the database once; `Knowledge.suggest` is the
suggester with it. `project_references` turns a project's gold into evaluation references."""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from ..models import Annotation, Article, Label, Project, Quote, Speaker, Status, SuggestionDecision
from .evaluation import Reference, ReferenceQuote, Score, evaluate_all
from .lexicon import CALLING_VERBS, CUE_PARTICIPLES, REPORTING_NOUNS
from .rules import SUGGESTER_VERSION, Suggestion, patterns_for, suggest
from .speakers import KnownSpeaker, mention_kind, normalise

MIN_DECISIONS = 8  # decisions on a rule (or its suggestions on gold) before they count
FULL_TRUST = 0.8  # a rule accepted (or right against gold) this often keeps its confidence
STOP_BELOW = 0.2  # … and one accepted less often than this stops
MAX_GOLD_ARTICLES = 300  # the latest gold articles measured, so that learning stays quick
MAX_DASHBOARD_ARTICLES = 100  # the dashboard measures the latest gold articles only
GROWTH_STEPS = (5, 10, 25, 50, 100)
GOLD_CACHE_SECONDS = 24 * 3600
MAX_CUE_WORDS = 5
Decision = SuggestionDecision.Decision


@dataclass
class Knowledge:
    """What a project taught the suggester."""

    speakers: list[KnownSpeaker] = field(default_factory=list)
    cues: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)  # rule → factor on confidence
    stopped: frozenset[str] = frozenset()

    def suggest(self, text: str, speakers=None) -> list[Suggestion]:
        """The suggester with the project's cues, speakers and rule weights."""
        found = suggest(text, self.speakers if speakers is None else speakers, self.cues)
        kept = [s for s in found if s.kind not in self.stopped]
        for suggestion in kept:
            weight = self.weights.get(suggestion.kind, 1.0)
            suggestion.confidence = round(suggestion.confidence * weight, 3)
        return kept


def project_speakers(project: Project) -> list[KnownSpeaker]:
    """The project's speakers as the plain data the suggester reads."""
    return [
        KnownSpeaker(name, tuple(aliases))
        for name, aliases in Speaker.objects.filter(project=project).values_list("name", "aliases")
    ]


def knowledge_for(project: Project, article_ids=None, *, measure_gold: bool = True) -> Knowledge:
    """What the project's gold (of `article_ids`, or all) and decisions teach; without
    `measure_gold`, the rules are not measured against gold (quick enough for one request)."""
    lessons = _gold_lessons(project, article_ids, measure_gold)
    knowledge = Knowledge(speakers=_speakers(project, lessons.aliases), cues=lessons.cues)
    weights = _decision_weights(project)
    for kind, weight in lessons.weights.items():
        weights[kind] = min(weights.get(kind, 1.0), weight)
    knowledge.weights = weights
    knowledge.stopped = frozenset(kind for kind, weight in weights.items() if weight < STOP_BELOW)
    return knowledge


@dataclass(frozen=True)
class GoldLessons:
    """What the gold teaches: cues, the names linked to each speaker, and per rule the weight
    from its precision against gold (with enough suggestions there)."""

    cues: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)


def _gold_lessons(project: Project, article_ids, measure_gold: bool) -> GoldLessons:
    """The gold's lessons, kept in the cache until the gold changes: reading every gold quote
    and measuring the rules on the latest gold articles takes a while."""
    gold = Annotation.objects.filter(article__project=project, status=Status.GOLD)
    if article_ids is not None:
        gold = gold.filter(article_id__in=list(article_ids))
    state = gold.aggregate(count=Count("id"), last=Max("updated_at"), versions=Sum("version"))
    if not state["count"]:
        return GoldLessons()
    fingerprint = "|".join(
        [SUGGESTER_VERSION, str(state), str(measure_gold), str(sorted(article_ids or []))]
    )
    key = f"suggester-gold:{project.pk}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    lessons = cache.get(key)
    if lessons is None:
        quotes = _gold_quotes(project, article_ids)
        cues, aliases = _cues(quotes), _gold_aliases(quotes)
        weights = {}
        if measure_gold:
            # Rules that gold contradicts: measured with the rest of what was learned.
            learned = Knowledge(speakers=_speakers(project, aliases), cues=cues)
            references = project_references(project, article_ids)[-MAX_GOLD_ARTICLES:]
            by_rule = evaluate_all(references, learned.speakers, learned.suggest).by_rule
            weights = {
                kind: _weight(score.true_positives, score.predicted)
                for kind, score in by_rule.items()
                if score.predicted >= MIN_DECISIONS
            }
        lessons = GoldLessons(cues, aliases, weights)
        cache.set(key, lessons, GOLD_CACHE_SECONDS)
    return lessons


def project_references(
    project: Project, article_ids=None, *, ordered_by_gold: bool = False
) -> list[Reference]:
    """The project's gold annotations as evaluation references, in article order (or in the
    order their gold was last written)."""
    annotations = (
        Annotation.objects.filter(article__project=project, status=Status.GOLD)
        .select_related("article")
        .prefetch_related(
            "quotes__content",
            "quotes__later_fragments",
            "quotes__speaker_mention",
            "quotes__cue",
            "quotes__speaker",
        )
        .order_by("updated_at" if ordered_by_gold else "article_id", "article_id")
    )
    if article_ids is not None:
        annotations = annotations.filter(article_id__in=list(article_ids))
    references = []
    for annotation in annotations:
        quotes, speakers = [], {}
        for quote in annotation.quotes.all():
            speaker = quote.speaker
            if speaker is not None:
                speakers[speaker.name] = {"name": speaker.name, "aliases": list(speaker.aliases)}
            pieces = quote.fragment_spans
            quotes.append(
                ReferenceQuote(
                    content=(pieces[0][0], pieces[-1][1]),
                    pieces=pieces if len(pieces) > 1 else (),
                    speaker_mention=_span(quote.speaker_mention),
                    cue=_span(quote.cue),
                    speaker=speaker.name if speaker else None,
                    type=quote.type,
                )
            )
        article = annotation.article
        classes = tuple((article.meta or {}).get("classes") or ())
        references.append(
            Reference(article.external_id, article.text, quotes, list(speakers.values()), classes)
        )
    return references


def rule_figures(project: Project) -> dict:
    """For the dashboard, over the latest gold articles: per rule, precision and recall of
    the plain suggester against the project's gold and of the suggester with what it
    learned; and the plain suggester's overall precision and recall over the first N gold
    articles, in the order gold was written, as gold grew.

    Whatever the project's size it reads the gold of its latest MAX_GOLD_ARTICLES gold
    articles only (newest articles first, through the index on status and article): the
    suggester learns from those and is measured on the latest MAX_DASHBOARD_ARTICLES. The
    figures are kept in the cache until that gold, the decisions or the suggester change:
    measuring runs the suggester over every one of those articles."""
    latest = _latest_gold(project, MAX_GOLD_ARTICLES)
    if not latest:
        return {"rules": [], "growth": []}
    state = Annotation.objects.filter(article_id__in=latest, status=Status.GOLD).aggregate(
        count=Count("id"), last=Max("updated_at"), versions=Sum("version")
    )
    decided = SuggestionDecision.objects.filter(annotation__article__project=project).aggregate(
        count=Count("id"), last=Max("id")
    )
    fingerprint = "|".join([SUGGESTER_VERSION, str(latest), str(state), str(decided)])
    key = f"rule-figures:{project.pk}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    figures = cache.get(key)
    if figures is None:
        figures = _rule_figures(project, latest)
        cache.set(key, figures, GOLD_CACHE_SECONDS)
    return figures


def _latest_gold(project: Project, count: int) -> list[int]:
    """The ids of the project's latest `count` articles with a gold version, newest first."""
    bounds = Article.objects.id_bounds(project)
    if bounds is None:
        return []
    return list(
        Annotation.objects.filter(
            status=Status.GOLD,
            article__gte=bounds[0],
            article__lte=bounds[1],
            article__project=project,
        )
        .order_by("-article_id")
        .values_list("article_id", flat=True)[:count]
    )


def _rule_figures(project: Project, latest: list[int]) -> dict:
    measured = latest[:MAX_DASHBOARD_ARTICLES]
    references = project_references(project, measured, ordered_by_gold=True)
    speakers = project_speakers(project)
    plain = evaluate_all(references, speakers).by_rule
    knowledge = knowledge_for(project, latest)
    learned = evaluate_all(references, knowledge.speakers, knowledge.suggest).by_rule
    rules = []
    for kind in sorted(set(plain) | set(learned)):
        before, after = plain.get(kind), learned.get(kind)
        rules.append(
            {
                "kind": kind,
                "precision": before.precision if before else None,
                "recall": before.recall if before else None,
                "learned_precision": after.precision if after else None,
                "learned_recall": after.recall if after else None,
                "stopped": kind in knowledge.stopped,
            }
        )
    return {"rules": rules, "growth": _growth(references, speakers)}


def _growth(references: list[Reference], speakers) -> list[dict]:
    """Overall precision and recall (by overlap) over the first N references, at steps."""
    total = Score()
    steps = []
    for count, reference in enumerate(references, start=1):
        total.add(evaluate_all([reference], speakers).overall["quote_overlap"])
        if count in GROWTH_STEPS or count == len(references):
            steps.append({"gold": count, "precision": total.precision, "recall": total.recall})
    return steps


def _gold_quotes(project: Project, article_ids):
    quotes = Quote.objects.filter(
        annotation__article__project=project, annotation__status=Status.GOLD
    ).select_related("cue", "speaker_mention", "speaker")
    if article_ids is not None:
        quotes = quotes.filter(annotation__article_id__in=list(article_ids))
    return list(quotes)


def _cues(quotes) -> tuple[str, ...]:
    """Cue phrases of gold that the lexicon does not already read as a whole."""
    known = patterns_for().cue
    # Words that other rules read already (participles, reporting nouns, "according to").
    elsewhere = {w.casefold() for w in (*CUE_PARTICIPLES, *REPORTING_NOUNS, *CALLING_VERBS)}
    elsewhere.add("according to")
    found = set()
    for quote in quotes:
        if quote.cue is None or quote.cue.label != Label.CUE:
            continue
        phrase = " ".join(quote.cue.text.split())
        if not phrase or len(phrase.split()) > MAX_CUE_WORDS or not phrase[0].isalpha():
            continue
        if known.fullmatch(phrase) is None and phrase.casefold() not in elsewhere:
            found.add(phrase)
    return tuple(sorted(found))


def _gold_aliases(quotes) -> dict[str, tuple[str, ...]]:
    """Per speaker linked in gold: the names its mentions used ("Mr. Adler" → Ruth Adler)."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for quote in quotes:
        if quote.speaker is None:
            continue
        aliases.setdefault(quote.speaker.name, set())  # linked in gold: one of the project's
        mention = quote.speaker_mention
        if mention is None:
            continue
        phrase = re.sub(r"[’']s?$", "", " ".join(mention.text.split()))
        if mention_kind(phrase) == "name" and normalise(phrase) != normalise(quote.speaker.name):
            aliases[quote.speaker.name].add(phrase)
    return {name: tuple(sorted(names)) for name, names in aliases.items()}


def _speakers(project: Project, gold_aliases: dict[str, tuple[str, ...]]) -> list[KnownSpeaker]:
    """The project's speakers, with the names gold linked to them as aliases."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for speaker in project_speakers(project):
        aliases[speaker.name].update(speaker.aliases)
    for name, names in gold_aliases.items():
        aliases[name].update(names)
    return [KnownSpeaker(name, tuple(sorted(names))) for name, names in aliases.items()]


def _decision_weights(project: Project) -> dict[str, float]:
    """Per rule with enough decisions: its accepted share, smoothed."""
    rows = (
        SuggestionDecision.objects.filter(annotation__article__project=project)
        .values("kind")
        .annotate(
            accepted=Count("id", filter=Q(decision=Decision.ACCEPTED)),
            decided=Count("id"),
        )
    )
    return {
        row["kind"]: _weight(row["accepted"], row["decided"])
        for row in rows
        if row["decided"] >= MIN_DECISIONS
    }


def _weight(right: int, made: int) -> float:
    """The factor on a rule's confidence: 1 when right often enough, less below."""
    return min(1.0, (right + 1) / (made + 2) / FULL_TRUST)


def _span(mention):
    return None if mention is None else (mention.start, mention.end)
