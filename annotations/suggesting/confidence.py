"""How far each rule's suggestions can be trusted: its precision on the tuning part of the
development set (tests/data/suggester/tuning.txt), smoothed as (right + 1) / (made + 2) so
that a rule seen a few times is not called certain. `python bench/suggester_set.py
--calibrate` prints this table again after a rule change."""

CONFIDENCE = {
    "direct_marks_after": 0.94,  # 16 of 16
    "direct_marks_alone": 0.67,  # 1 of 1
    "direct_marks_before": 0.88,  # 6 of 6
    "direct_marks_continued": 0.83,  # 4 of 4
    "direct_marks_dash": 0.75,  # 2 of 2
    "direct_marks_embedded": 0.75,  # 2 of 2
    "direct_marks_paragraph": 0.86,  # 5 of 5
    "direct_marks_split": 0.89,  # 7 of 7
    "direct_transcript": 0.83,  # 4 of 4
    "indirect_according": 0.83,  # 4 of 4
    "indirect_after": 0.80,  # 3 of 3
    "indirect_calling": 0.80,  # 3 of 3
    "indirect_middle": 0.75,  # 2 of 2
    "indirect_noun": 0.75,  # 2 of 2
    "indirect_participle": 0.75,  # 2 of 2
    "indirect_that": 0.88,  # 6 of 6
    "indirect_zero_that": 0.95,  # 19 of 19
}
# A rule not in the table (new, or a project's own): an even chance.
DEFAULT_CONFIDENCE = 0.5
