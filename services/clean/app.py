"""clean: news.ingested -> news.cleaned (main text from HTML, boilerplate removed and recorded)."""
from collections import Counter

from services.clean.cleaner import CleaningError, clean_html, clean_text
from shared.app import create_app, run
from shared.contracts import CleanedArticle, IngestedArticle
from shared.deadletter import Rejected
from shared.labels import Outcome
from shared.metrics import metrics
from shared.stage import Incoming, Result, Stage, parse_message
from shared.topics import CLEANED, INGESTED

app = create_app("clean")


def handle(incoming: Incoming) -> Result:
    article = parse_message(IngestedArticle, incoming)
    if isinstance(article, Rejected):
        raise article
    try:
        result = clean_html(article.html) if article.html else clean_text(article.text or "")
    except CleaningError as exc:
        raise Rejected(exc.reason, str(exc)) from None
    for rule, count in Counter(line.rule for line in result.removed).items():
        metrics().boilerplate_lines_removed.labels(rule).inc(count)  # once per rule: a page removes hundreds of lines
    cleaned = CleanedArticle(
        **article.model_dump(exclude={"text", "html", "title", "published"}),
        title=article.title or result.title,
        published=article.published or result.published,
        text=result.text,
        removed=result.removed,
        empty=result.empty,
    )
    return Result(outcome=Outcome.EMPTY if result.empty else Outcome.PROCESSED, output=cleaned, key=article.id)


Stage(app, "clean", INGESTED, CLEANED).one_at_a_time(handle)

if __name__ == "__main__":
    run(app)
