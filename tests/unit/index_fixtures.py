"""Small TaggedArticles for the index tests: explicit, so each test can say what it expects."""
from __future__ import annotations

from datetime import date, datetime, timezone

from shared.contracts import Entity, EntitySummary, RemovedLine, TaggedArticle

RECEIVED = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def article(article_id: str, title: str, text: str, *, source: str = "bbc.co.uk",
            published: date | None = date(2024, 3, 1),
            entities: list[tuple[str, str]] = (), removed: list[RemovedLine] = ()) -> TaggedArticle:
    """entities: (label, canonical) pairs; each becomes one mention at the start of the text."""
    mentions = [Entity(text=canonical, label=label, start=0, end=len(canonical), canonical=canonical)
                for label, canonical in entities]
    summary = [EntitySummary(canonical=canonical, label=label, mentions=1)
               for label, canonical in entities]
    return TaggedArticle(
        id=article_id, content_hash=f"hash-{article_id}", title=title, text=text, source=source,
        url=f"https://example.org/{article_id}", published=published, received_at=RECEIVED,
        entities=mentions, entity_summary=summary, removed=list(removed))


def corpus() -> list[TaggedArticle]:
    return [
        article("kyiv-talks", "Zelensky holds talks in Kyiv",
                "President Volodymyr Zelensky met European leaders in Kyiv to discuss air defence.",
                published=date(2024, 3, 1),
                entities=[("PERSON", "Volodymyr Zelensky"), ("GPE", "Kyiv"), ("GPE", "Ukraine")],
                removed=[RemovedLine(text="Share this article", rule="share-buttons")]),
        article("grain-deal", "Grain exports resume",
                "Ukraine resumed grain exports through the Black Sea, officials said on Tuesday.",
                source="reuters.com", published=date(2024, 3, 5),
                entities=[("GPE", "Ukraine"), ("LOC", "Black Sea")]),
        article("summit", "Leaders meet at summit",
                "Volodymyr Zelensky and Olaf Scholz discussed grain and security at the summit.",
                source="reuters.com", published=date(2024, 2, 20),
                entities=[("PERSON", "Volodymyr Zelensky"), ("PERSON", "Olaf Scholz"),
                          ("ORG", "AC/DC")]),
        article("undated", "Football results", "The weekend football results are in.",
                source="bbc.co.uk", published=None, entities=[]),
    ]
