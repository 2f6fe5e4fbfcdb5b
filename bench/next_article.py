"""Figures for "Next article" under load: many annotators ask at the same moment.

    DATABASE_URL=… .venv/bin/python bench/next_article.py [--annotators 50] [--articles 40]
        [--overlap 3] [--rounds 3]

Each round, every annotator (one thread, one connection each) asks for an article at once,
then submits it. Prints the time per round, the requests per second, and checks that no
article went beyond the overlap and nobody got one article twice. Works in a throw-away
project that it deletes at the end.
"""

import argparse
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from annotations import assignment  # noqa: E402
from annotations.models import Annotation, Article, Membership, Project, Status  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--overlap", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    stamp = str(int(time.time()))
    project = Project.objects.create(
        name=f"bench {stamp}", slug=f"bench-next-{stamp}", overlap=options.overlap
    )
    User = get_user_model()
    users = [
        User.objects.create_user(username=f"bench-{stamp}-{i}", password=None)
        for i in range(options.annotators)
    ]
    try:
        Membership.objects.bulk_create(Membership(project=project, user=u) for u in users)
        Article.objects.bulk_create(
            Article(project=project, external_id=f"a{i}", text=f"Text {i} said.", text_sha256="")
            for i in range(options.articles)
        )
        for round_number in range(1, options.rounds + 1):
            handed, elapsed = _round(project, users)
            got = sum(1 for article in handed.values() if article is not None)
            print(
                f"round {round_number}: {len(users)} simultaneous requests in {elapsed:.3f} s "
                f"({len(users) / elapsed:.0f} requests/s), {got} articles handed out"
            )
            Annotation.objects.filter(article__project=project, status=Status.ASSIGNED).update(
                status=Status.SUBMITTED
            )
        load = Counter(
            Annotation.objects.filter(article__project=project).values_list("article", flat=True)
        )
        pairs = list(
            Annotation.objects.filter(article__project=project).values_list("article", "annotator")
        )
        print(
            f"annotations: {len(pairs)}; most per article: {max(load.values(), default=0)} "
            f"(overlap {options.overlap}); repeated article for one person: "
            f"{len(pairs) - len(set(pairs))}"
        )
    finally:
        project.delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()


def _round(project, users) -> tuple[dict, float]:
    barrier = threading.Barrier(len(users) + 1)
    handed: dict[int, int | None] = {}

    def ask(user) -> None:
        try:
            fresh = Project.objects.get(pk=project.pk)
            barrier.wait()
            article = assignment.next_article(user, fresh)
            handed[user.pk] = article.pk if article else None
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return handed, time.perf_counter() - started


if __name__ == "__main__":
    main()
