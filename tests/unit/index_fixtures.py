"""Small TaggedArticles for the index tests: explicit, so each test can say what it expects."""
from __future__ import annotations

from datetime import date, datetime, timezone

from shared.contracts import Entity, EntitySummary, RemovedLine, TaggedArticle

RECEIVED = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def article(article_id: str, title: str, text: str, *, source: str = "bbc.co.uk",
            published: date | None = date(2024, 3, 1),
            entities: list[tuple[str, str]] = (), removed: list[RemovedLine] = (),
            copy_of: str | None = None, language: str | None = "en") -> TaggedArticle:
    """entities: (label, canonical) pairs; each becomes one mention at the start of the text.
    copy_of: the id of the story's first article (this one is a copy of it); without it the
    article is the first of its own story (story_id = its id)."""
    mentions = [Entity(text=canonical, label=label, start=0, end=len(canonical), canonical=canonical)
                for label, canonical in entities]
    summary = [EntitySummary(canonical=canonical, label=label, mentions=1)
               for label, canonical in entities]
    return TaggedArticle(
        id=article_id, content_hash=f"hash-{article_id}", title=title, text=text, source=source,
        url=f"https://example.org/{article_id}", published=published, received_at=RECEIVED,
        entities=mentions, entity_summary=summary, removed=list(removed),
        story_id=copy_of or article_id, duplicate_of=copy_of, language=language)


def old_message(article: TaggedArticle) -> TaggedArticle:
    """The article as written before the story stage and language detection existed."""
    return article.model_copy(update={"story_id": None, "duplicate_of": None, "language": None})


def wire_story() -> list[TaggedArticle]:
    """An AFP story, two copies of it (one in French), and an unrelated article that mentions
    the Kremlin once."""
    return [
        article("afp-kremlin", "Kremlin rejects ceasefire plan",
                "The Kremlin rejected the ceasefire plan on Monday, a spokesman said in Moscow.",
                source="afp.com", published=date(2024, 5, 6), entities=[("GPE", "Moscow")]),
        article("copy-en", "Kremlin rejects ceasefire plan - World news",
                "The Kremlin rejected the ceasefire plan on Monday, a spokesman said in Moscow. "
                "Kremlin officials gave no date for new talks.",
                source="news.example", published=date(2024, 5, 7), entities=[("GPE", "Moscow")],
                copy_of="afp-kremlin"),
        article("copy-fr", "Le Kremlin rejette le plan de cessez-le-feu",
                "Le Kremlin a rejeté lundi le plan de cessez-le-feu, a déclaré un porte-parole à Moscou.",
                source="lemonde.example", published=date(2024, 5, 6), entities=[("GPE", "Moscow")],
                copy_of="afp-kremlin", language="fr"),
        article("other-kremlin", "Markets steady",
                "Markets were steady; a Kremlin statement had little effect on the rouble.",
                source="reuters.com", published=date(2024, 5, 8)),
    ]


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
