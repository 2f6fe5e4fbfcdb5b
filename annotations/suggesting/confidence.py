"""How far each rule's suggestions can be trusted: its precision on the tuning part of the
development set (tests/data/suggester/tuning.txt), smoothed as (right + 1) / (made + 2) so
that a rule seen a few times is not called certain. `python bench/suggester_set.py
--calibrate` prints this table again after a rule change."""

CONFIDENCE = {}
# A rule not in the table (new, or a project's own): an even chance.
DEFAULT_CONFIDENCE = 0.5
