"""A company's legal form after a comma (services/tag/company_forms.py)."""
from __future__ import annotations

from services.tag.company_forms import extend_company_forms
from tests.unit.mentions import mention_at


def test_a_name_and_its_form_after_a_comma_are_one_company():
    text = "Kelly of CCNG, Inc. called. Acme Widgets, LLC, and Paris, Texas. Lee, Incoming chair."
    mentions = [mention_at(text, "Kelly", "PERSON"), mention_at(text, "CCNG", "ORG"), mention_at(text, "Inc", "GPE"),
                mention_at(text, "Acme Widgets", "PERSON"), mention_at(text, "Paris", "GPE"), mention_at(text, "Texas", "GPE"),
                mention_at(text, "Lee", "PERSON")]
    out = extend_company_forms(text, mentions)
    # "Incoming" is not "Inc": the form must end there.
    assert [(m.text, m.label, m.decided) for m in out] == [
        ("Kelly", "PERSON", False), ("CCNG, Inc.", "ORG", True), ("Acme Widgets, LLC", "ORG", True),
        ("Paris", "GPE", False), ("Texas", "GPE", False), ("Lee", "PERSON", False)]
