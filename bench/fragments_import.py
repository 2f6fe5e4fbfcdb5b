"""Import speed with quotes in fragments: `manage.py import_articles` on 5,000 generated
articles (5 quotes each) in which a fifth of the quotes are in two fragments (“…,” he said,
“…”), against the same file where each of those quotes is one span from its first
fragment's start to its second's end. Prints wall-clock seconds of the whole command and the
load average. Uses DATABASE_URL (set it to your own database); removes its projects after.

    python bench/fragments_import.py [--articles N] [--rounds R]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLIT = "“We will finish plan {n},” said minister {k}, “and the results will come soon.” "
WHOLE = "Minister {k} said: “The plan for {n} will work out, and we will see results soon.” "
FILLER = "The agency reported figures for the region, which analysts described as mixed. "


def article(number: int, fragments: bool) -> dict:
    """~2,000 characters, 5 quotes with speaker and cue; the fifth is split in two."""
    text, mentions, quotes = "", [], []

    def mention(label: str, start: int, end: int) -> int:
        mentions.append({"id": len(mentions) + 1, "label": label, "start": start, "end": end})
        return len(mentions)

    for index in range(5):
        base = len(text)
        if index == 4:
            sentence = SPLIT.format(n=f"{number}-{index}", k=index)
            first = (base + 1, base + sentence.index(",”") + 1)
            second_start = base + sentence.index(", “") + 3
            second = (second_start, base + sentence.index(".”") + 1)
            speaker_start = base + sentence.index("minister")
            cue_start = base + sentence.index("said")
            if fragments:
                content = [mention("QUOTE", *first), mention("QUOTE", *second)]
            else:
                content = mention("QUOTE", first[0], second[1])
        else:
            sentence = WHOLE.format(n=f"{number}-{index}", k=index)
            speaker_start = base
            cue_start = base + sentence.index(" said") + 1
            content = mention("QUOTE", base + sentence.index("“") + 1, base + sentence.index("”"))
        speaker = mention("SPEAKER", speaker_start, speaker_start + len("minister"))
        cue = mention("CUE", cue_start, cue_start + 4)
        text += sentence + FILLER * 3
        quotes.append({
            "id": index + 1, "type": "direct", "content": content, "speaker_mention": speaker,
            "cue": cue, "origin": "",
            "speaker": {"name": f"Minister {index}", "aliases": [], "description": "",
                        "wikidata_id": ""},
        })  # fmt: skip
    for item in mentions:
        item["text"] = text[item["start"] : item["end"]]
    return {
        "external_id": f"bench-{number}", "title": f"Article {number}", "text": text,
        "source": "Bench Wire", "url": "", "author": "", "published": "2024-01-01",
        "language": "en", "meta": {"n": number},
        "annotations": [{"annotator": None, "status": "gold", "created_at": None,
                         "updated_at": None, "mentions": mentions, "quotes": quotes}],
    }  # fmt: skip


def write_file(count: int, fragments: bool) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for number in range(count):
            f.write(json.dumps(article(number, fragments), ensure_ascii=False) + "\n")
    return f.name


def manage(*args: str) -> str:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout


DELETES = (
    "DELETE FROM annotations_annotationevent WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = {p})",  # noqa: E501
    "UPDATE annotations_mention SET fragment_of_id = NULL WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = {p})",  # noqa: E501
    "DELETE FROM annotations_quote WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = {p})",  # noqa: E501
    "DELETE FROM annotations_mention WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = {p})",  # noqa: E501
    "DELETE FROM annotations_annotation WHERE article_id IN (SELECT id FROM annotations_article WHERE project_id = {p})",  # noqa: E501
    "DELETE FROM annotations_article WHERE project_id = {p}",
    "DELETE FROM annotations_speaker WHERE project_id = {p}",
    "DELETE FROM annotations_importjob WHERE project_id = {p}",
    "DELETE FROM annotations_project WHERE id = {p}",
)


def project(action: str, slug: str) -> None:
    """Create the project, or delete it with everything imported into it (in SQL: the ORM
    would load every row first)."""
    if action == "create":
        code = f"from annotations.models import Project; Project.objects.create(name={slug!r}, slug={slug!r})"  # noqa: E501
    else:
        statements = [sql.replace("{p}", "%s") for sql in DELETES]
        code = (
            "from django.db import connection; from annotations.models import Project;"
            f"pk = Project.objects.get(slug={slug!r}).pk; cursor = connection.cursor();"
            f"[cursor.execute(sql, [pk]) for sql in {statements!r}]"
        )
    manage("shell", "-c", code)


def main() -> None:
    count = int(sys.argv[sys.argv.index("--articles") + 1]) if "--articles" in sys.argv else 5000
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 2
    if not os.environ.get("DATABASE_URL"):
        print("note: DATABASE_URL is unset: the embedded PostgreSQL is used")
    files = {"no fragments": write_file(count, False), "1/5 split": write_file(count, True)}
    print(f"{'file':>14} {'round':>5} {'MB':>6} {'seconds':>8} {'articles/s':>10} {'load 1m':>8}")
    try:
        for round_number in range(1, rounds + 1):
            for name, path in files.items():
                slug = f"bench-fragments-{os.getpid()}-{round_number}-{len(name)}"
                project("create", slug)
                try:
                    started = time.perf_counter()
                    output = manage("import_articles", path, "--project", slug)
                    seconds = time.perf_counter() - started
                finally:
                    project("delete", slug)
                assert f"Imported {count} new" in output, output
                size = Path(path).stat().st_size / 1e6
                print(
                    f"{name:>14} {round_number:>5} {size:>6.1f} {seconds:>8.1f}"
                    f" {count / seconds:>10,.0f} {os.getloadavg()[0]:>8.2f}"
                )
    finally:
        for path in files.values():
            os.unlink(path)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
