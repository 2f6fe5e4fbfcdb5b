"""Agreement figures on small cases computed by hand, and alpha against the package."""

import random

import krippendorff
import numpy as np
import pytest

from annotations import agreement
from tests import factories
from tests.factories import ALICE, BOB, FINE, HELLO, RAINED, THAT_RAINED, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(project):
    article = factories.make_article(project, text=TEXT)
    project.overlap = 2
    project.save()
    a = factories.add_member(project, factories.make_user("ann"))
    b = factories.add_member(project, factories.make_user("ben"))
    return article, a, b


def test_cohen_kappa_by_hand():
    # po = 3/4; pe = 2/4·3/4 + 2/4·1/4 = 1/2; kappa = (3/4 − 1/2) / (1 − 1/2) = 1/2
    pairs = [("direct", "direct"), ("indirect", "direct"), ("direct", "direct")]
    pairs.append(("indirect", "indirect"))
    assert agreement.cohen_kappa(pairs) == pytest.approx(0.5)


def test_cohen_kappa_is_undefined_when_everyone_says_the_same():
    assert agreement.cohen_kappa([("direct", "direct")] * 3) is None


def test_alpha_by_hand():
    # coincidences: dd 4, di 1, id 1, ii 2; n = 8; Do = 2/8; De = 2·5·3/(8·7); alpha = 8/15
    data = [[0, 1, 0, 1], [0, 0, 0, 1]]
    assert agreement.alpha(data) == pytest.approx(8 / 15)


def test_exact_and_overlap_f1_by_hand(pair):
    article, a, b = pair
    version(article, a, [{"content": HELLO}, {"content": RAINED}])
    version(article, b, [{"content": HELLO}, {"content": THAT_RAINED}, {"content": FINE}])
    result = agreement.project_agreement(article.project)["project"]
    # exact: 1 shared of 2 + 3 quotes → 2/5; overlap: 2 matched → 4/5
    assert result.f1_exact == pytest.approx(2 / 5)
    assert result.f1_overlap == pytest.approx(4 / 5)


def test_speaker_agreement_counts_matched_quotes_naming_a_speaker(pair, project):
    article, a, b = pair
    alice, bob = factories.make_speaker(project, "Alice"), factories.make_speaker(project, "Bob")
    version(
        article,
        a,
        [
            {"content": HELLO, "speaker": alice, "mention": ALICE},
            {"content": RAINED, "speaker": bob, "mention": BOB},
            {"content": FINE},
        ],
    )
    version(
        article,
        b,
        [
            {"content": HELLO, "speaker": alice},
            {"content": THAT_RAINED, "speaker": alice},
            {"content": FINE},
        ],
    )
    # Fine. names nobody on either side: not compared; 1 of 2 compared agree
    assert agreement.project_agreement(project)["project"].speaker == pytest.approx(0.5)


def test_pair_figures_name_the_two_annotators(pair, project):
    article, a, b = pair
    version(article, a, [{"content": HELLO}])
    version(article, b, [{"content": HELLO, "type": "indirect"}, {"content": FINE}])
    (figures,) = agreement.project_agreement(project)["pairs"]
    assert figures.pair == ("ann", "ben")
    assert figures.f1_exact == pytest.approx(2 / 3)
    # the one matched quote has two types: no agreement beyond chance
    assert figures.kappa == pytest.approx(0) and figures.alpha == pytest.approx(0)


def test_in_progress_versions_are_left_out(pair, project):
    article, a, b = pair
    version(article, a, [{"content": HELLO}])
    version(article, b, [{"content": FINE}], status="in_progress")
    assert agreement.project_agreement(project)["pairs"] == []


def test_project_alpha_equals_the_package_on_a_random_case(project):
    rng = random.Random(6)
    project.overlap = 3
    project.save()
    users = [factories.add_member(project, factories.make_user(f"coder{i}")) for i in range(3)]
    slots = [(0, 5), (6, 10), (13, 26), (28, 31), (38, 52), (54, 59), (68, 73)]
    types = ["direct", "indirect", "mixed"]
    expected = [[] for _ in users]
    for _ in range(4):
        article = factories.make_article(project, text=TEXT)
        chosen = [[None] * len(slots) for _ in users]
        for s in range(len(slots)):
            for u in range(len(users)):
                if rng.random() < 0.8:
                    chosen[u][s] = rng.choice(types)
        for u, user in enumerate(users):
            quotes = [
                {"content": slots[s], "type": chosen[u][s]}
                for s in range(len(slots))
                if chosen[u][s]
            ]
            version(article, user, quotes)
        for s in range(len(slots)):
            if any(chosen[u][s] for u in range(len(users))):
                for u in range(len(users)):
                    value = chosen[u][s]
                    expected[u].append(types.index(value) if value else np.nan)
    reference = krippendorff.alpha(reliability_data=expected, level_of_measurement="nominal")
    result = agreement.project_agreement(project)["project"].alpha
    assert result == pytest.approx(reference)
