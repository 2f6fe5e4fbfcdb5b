"""The hand-written development set of the suggester: writes its JSONL files from the
hand-written sources and prints the figures of both parts, overall, per class and per rule.

    .venv/bin/python bench/suggester_set.py [--write] [--part tuning|heldout|both]

tests/data/suggester/tuning.txt is what the rules are written on; heldout.txt only measures
them. --write regenerates tuning.jsonl and heldout.jsonl (the import format) from them.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

from annotations.suggesting.evaluation import (  # noqa: E402
    evaluate_all,
    read_reference_file,
    report,
    report_by_class,
    report_by_rule,
)
from annotations.suggesting.goldtext import read_gold_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "suggester"


def write_jsonl(part: str) -> None:
    with open(DATA / f"{part}.txt", encoding="utf-8") as lines:
        records = list(read_gold_text(lines))
    with open(DATA / f"{part}.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {part}.jsonl ({len(records)} records)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--part", default="both", choices=["tuning", "heldout", "both"])
    parser.add_argument("--detail", action="store_true", help="per class and per rule too")
    parser.add_argument(
        "--calibrate", action="store_true", help="print the rules' confidence table (tuning)"
    )
    options = parser.parse_args()
    if options.calibrate:
        evaluation = evaluate_all(read_reference_file(DATA / "tuning.jsonl"), speakers=[])
        print("CONFIDENCE = {")
        for kind, score in evaluation.by_rule.items():
            smoothed = (score.true_positives + 1) / (score.predicted + 2)
            print(f'    "{kind}": {smoothed:.2f},  # {score.true_positives} of {score.predicted}')
        print("}")
        return
    parts = ["tuning", "heldout"] if options.part == "both" else [options.part]
    for part in parts:
        if options.write:
            write_jsonl(part)
        references = read_reference_file(DATA / f"{part}.jsonl")
        started = time.perf_counter()
        evaluation = evaluate_all(references, speakers=[])
        elapsed = time.perf_counter() - started
        print(f"\n{part}: {len(references)} records, no speakers known, {elapsed:.2f} s")
        print(report(evaluation.overall))
        if options.detail:
            print(report_by_class(evaluation))
            print(report_by_rule(evaluation))


if __name__ == "__main__":
    main()
