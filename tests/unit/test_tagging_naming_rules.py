"""The third round's naming rules as the Tagger runs them, on the real model (step 8b of
docs/tagging.md): each rule's own tests are in test_tagging_names.py, test_tagging_brackets.py,
test_tagging_storms.py and test_tagging_company_forms.py."""
from __future__ import annotations

import pytest

from services.tag.kb import KnowledgeBase
from services.tag.tagger import Tagger

TEXT = """TEHRAN (AFP) -
Crude-oil prices rose on Wednesday as Hurricane Rita threatened refineries.
The US National Hurricane Center said Rita was extremely dangerous.
The Coalition Provisional Authority closed a newspaper, and the CPA will leave in June.
A letter came from CCNG, Inc. about the contract.
These look fine to me. Go ahead and forward to Brant if you are ready."""


@pytest.fixture(scope="module")
def entities():
    result = Tagger(kb=KnowledgeBase.starter()).tag(TEXT)
    return {(e.text, e.label) for e in result.entities}


def test_the_naming_rules_run_in_the_tagger(entities):
    # The bare model says Rita PERSON and Brant ORG and misses the CPA; case restoration writes
    # the shouted dateline's agency "afp", which the model then misses.
    assert ("AFP", "ORG") in entities
    assert ("Rita", "EVENT") in entities and ("Rita", "PERSON") not in entities
    assert ("CPA", "ORG") in entities
    assert ("CCNG, Inc.", "ORG") in entities
    assert ("Brant", "PERSON") in entities
