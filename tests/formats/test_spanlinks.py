"""What the span-link readers share: the quote type from quote marks and the label map."""

import pytest

from annotations.formats.spanlinks import parse_label_map
from annotations.quotemarks import quote_type_from_marks
from tests.factories import IMPORT_TEXT as TEXT


def test_quote_in_curly_marks_is_direct_and_reported_speech_indirect():
    assert quote_type_from_marks(TEXT, 13, 25) == "direct"
    assert quote_type_from_marks(TEXT, 40, 54) == "indirect"


def test_label_map_refuses_a_target_that_is_not_ours():
    with pytest.raises(ValueError, match="must map to"):
        parse_label_map("Quotation=QUOTES")
