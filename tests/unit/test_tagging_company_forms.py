"""A company's legal form after a comma (services/tag/company_forms.py)."""
from __future__ import annotations

from services.tag.company_forms import extend_company_forms
from services.tag.consistency import Mention


def _mention(text: str, form: str, label: str) -> Mention:
    start = text.index(form)
    return Mention(start, start + len(form), label, form, form)


def test_a_name_and_its_form_after_a_comma_are_one_company():
    text = "Kelly of CCNG, Inc. called. Acme Widgets, LLC, and Paris, Texas. Lee, Incoming chair."
    mentions = [_mention(text, "Kelly", "PERSON"), _mention(text, "CCNG", "ORG"), _mention(text, "Inc", "GPE"),
                _mention(text, "Acme Widgets", "PERSON"), _mention(text, "Paris", "GPE"), _mention(text, "Texas", "GPE"),
                _mention(text, "Lee", "PERSON")]
    out = extend_company_forms(text, mentions)
    # "Incoming" is not "Inc": the form must end there.
    assert [(m.text, m.label, m.decided) for m in out] == [
        ("Kelly", "PERSON", False), ("CCNG, Inc.", "ORG", True), ("Acme Widgets, LLC", "ORG", True),
        ("Paris", "GPE", False), ("Texas", "GPE", False), ("Lee", "PERSON", False)]
