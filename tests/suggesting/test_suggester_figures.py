"""The suggester's figures on its development set, pinned: a rule change that lowers any of
them fails here (raise the pins when a change improves them). No speakers are known, as for
a new project. Figures printed by `python bench/suggester_set.py --detail`."""

from pathlib import Path

import pytest

from annotations.suggesting.evaluation import evaluate_all, read_reference_file

DATA = Path(__file__).resolve().parent.parent / "data" / "suggester"

# part → (precision, recall), rounded down.
PINNED = {
    "tuning": {
        "quote_exact": (1.0, 1.0),
        "quote_overlap": (1.0, 1.0),
        "direct_exact": (1.0, 1.0),
        "direct_overlap": (1.0, 1.0),
        "direct_source": (1.0, 1.0),
        "split": (1.0, 1.0),
        "speaker_mention": (0.941, 0.941),
        "speaker_mention_overlap": (1.0, 1.0),
        "speaker": (0.98, 0.98),
        "cue": (0.958, 0.896),
        "cue_overlap": (1.0, 0.935),
    },
    "heldout": {
        "quote_exact": (1.0, 0.952),
        "quote_overlap": (1.0, 0.952),
        "direct_exact": (1.0, 1.0),
        "direct_overlap": (1.0, 1.0),
        "direct_source": (1.0, 1.0),
        "split": (1.0, 1.0),
        "speaker_mention": (1.0, 0.952),
        "speaker_mention_overlap": (1.0, 0.952),
        "speaker": (0.916, 0.88),
        "cue": (1.0, 0.918),
        "cue_overlap": (1.0, 0.918),
    },
}
# The goals, on the part the rules were not written on (direct quotes 23 of 23 and
# no wrong one: one wrong would be 0.958, below the goal).
GOALS = {
    "direct_overlap": (0.97, 0.97),
    "direct_source": (0.85, 0.85),
    "quote_overlap": (0.8, 0.6),
    "split": (0.97, 0.97),
}


def figures(part: str):
    return evaluate_all(read_reference_file(DATA / f"{part}.jsonl"), speakers=[])


@pytest.fixture(scope="module")
def evaluations():
    return {part: figures(part) for part in PINNED}


@pytest.mark.parametrize(
    "part,name", [(part, name) for part, names in PINNED.items() for name in names]
)
def test_figure_does_not_fall(evaluations, part, name):
    score = evaluations[part].overall[name]
    precision, recall = PINNED[part][name]
    assert (score.precision, score.recall) >= (precision, 0) and score.recall >= recall, (
        f"{part} {name}: {score.precision:.3f} / {score.recall:.3f}, pinned {precision} / {recall}"
    )


@pytest.mark.parametrize("part", PINNED)
def test_every_class_keeps_its_quotes(evaluations, part):
    # Per class of text, the quotes found (by overlap): none may fall below what it is now.
    floor = {"tuning": 1.0, "heldout": 1.0}[part]
    lower = {
        name: round(scores["quote_overlap"].recall, 3)
        for name, scores in evaluations[part].by_class.items()
        if scores["quote_overlap"].expected and scores["quote_overlap"].recall < floor
    }
    assert lower == KNOWN_MISSES[part]


# The classes where a held-out quote is still missed (reported, not fixed on the held-out).
KNOWN_MISSES = {"tuning": {}, "heldout": {"indirect_no_that": 0.714}}


@pytest.mark.parametrize("name", GOALS)
def test_held_out_part_meets_the_goals(evaluations, name):
    score = evaluations["heldout"].overall[name]
    precision, recall = GOALS[name]
    assert score.precision >= precision and score.recall >= recall
