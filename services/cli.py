"""``newsflow``: the client command for people.

    newsflow push PATH...          push files, folders or JSON lines to news.raw
    newsflow search QUERY          search the index (table or --json)
    newsflow tail TOPIC            print a topic's messages
    newsflow deadletters           list dead letters with their reasons (--replay: push them back)
    newsflow topics create         create the registry's topics on the broker
    newsflow clean --jsonl         run ingest's and the clean service's code on JSON lines (stdin -> stdout)
    newsflow tag --jsonl           run the tag service's code on JSON lines (stdin -> stdout)
    newsflow neardup --jsonl       near-duplicate (wire copy) detection on JSON lines, in arrival order
    newsflow reindex               rebuild the search index from news.tagged
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from shared.settings import get_settings
from shared.topics import ALL, BY_NAME, DEADLETTER, RAW


def _settings_args(parser: argparse.ArgumentParser) -> None:
    settings = get_settings()
    parser.add_argument("--bootstrap", default=settings.kafka_bootstrap_servers,
                        help="Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default %(default)s)")


def _cmd_push(args: argparse.Namespace) -> int:
    from shared.client.push import push

    return asyncio.run(push(args.paths, args.bootstrap, args.topic, progress=not args.quiet))


def _cmd_search(args: argparse.Namespace) -> int:
    from shared.client.search import search

    return search(args)


def _cmd_tail(args: argparse.Namespace) -> int:
    from shared.client.tail import tail

    return asyncio.run(tail(args.topic, args.bootstrap, from_beginning=args.from_beginning,
                            max_messages=args.max, idle_timeout=args.timeout, raw=args.raw))


def _cmd_deadletters(args: argparse.Namespace) -> int:
    from shared.client.tail import tail

    if args.replay:
        from shared.client.replay import replay

        return asyncio.run(replay(args.bootstrap, reason=args.reason, service=args.service))

    return asyncio.run(tail(DEADLETTER.name, args.bootstrap, from_beginning=True,
                            max_messages=args.max, idle_timeout=args.timeout, raw=args.raw))


def _cmd_topics(args: argparse.Namespace) -> int:
    from shared.kafka_admin import TopicSetupError, check_partitions, ensure_topics

    if args.add_partitions:  # grow existing topics first: the check below compares partitions too
        for mismatch in asyncio.run(check_partitions(args.bootstrap, timeout_s=args.timeout, add_partitions=True)):
            print(f"newsflow topics: {mismatch} (a topic cannot shrink)", file=sys.stderr)
    try:
        created = asyncio.run(ensure_topics(args.bootstrap, timeout_s=args.timeout))
    except TopicSetupError as exc:
        print(f"newsflow topics create: the topics do not match the registry: {exc}", file=sys.stderr)
        if "partitions" in str(exc):
            print("newsflow topics: --add-partitions grows a topic (it moves keys: see docs/search.md); "
                  "a topic cannot shrink", file=sys.stderr)
        return 1
    print("created: " + (", ".join(created) if created else "nothing (all topics exist)"))
    print("checked: every topic matches the registry (partitions, configs: "
          f"{', '.join(f'{t.name} {t.partitions}' for t in ALL)})")
    return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from services.clean.jsonl import run_jsonl

    return run_jsonl(sys.stdin, sys.stdout)


def _cmd_tag(args: argparse.Namespace) -> int:
    from services.tag.jsonl import run_jsonl

    return run_jsonl(sys.stdin, sys.stdout)


def _cmd_neardup(args: argparse.Namespace) -> int:
    from services.neardup.jsonl import run_jsonl

    return run_jsonl(sys.stdin, sys.stdout)


def _cmd_reindex(args: argparse.Namespace) -> int:
    from services.index.reindex import reindex

    settings = get_settings()
    if args.index_dir:
        settings = settings.model_copy(update={"index_dir": args.index_dir})
    return asyncio.run(reindex(args.bootstrap, settings))


def parser() -> argparse.ArgumentParser:
    settings = get_settings()
    top = argparse.ArgumentParser(prog="newsflow", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("push", help="push files, folders or JSON lines to the input topic")
    p.add_argument("paths", nargs="+", help=".json: one article object; .jsonl: one per line; "
                                            "anything else (.txt, .html): the file's bytes as one article")
    p.add_argument("--topic", default=RAW.name, help="default %(default)s")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _settings_args(p)
    p.set_defaults(run=_cmd_push)

    p = sub.add_parser("search", help="search the index")
    p.add_argument("query", nargs="?", default="", help="full-text query (may be empty with filters)")
    p.add_argument("--entity", action="append", default=[], help="canonical entity name; repeat: all must match")
    p.add_argument("--label", action="append",
                   help="keep articles with an entity of this label (PERSON, GPE, ORG, ...), and show only "
                        "this label's facets; repeat for several. To give an --entity's label, write LABEL:Name")
    p.add_argument("--source")
    p.add_argument("--language", action="append",
                   help="ISO 639-1 code (en, fr, ...); repeat for several: an article in any of them matches")
    p.add_argument("--no-collapse", action="store_true",
                   help="one line per article: do not collapse wire copies under their story")
    p.add_argument("--since", help="YYYY-MM-DD")
    p.add_argument("--until", help="YYYY-MM-DD")
    p.add_argument("--limit", type=int)
    p.add_argument("--offset", type=int)
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.add_argument("--url", default=settings.search_url,
                   help="search API (env NEWSFLOW_SEARCH_URL; default %(default)s)")
    p.set_defaults(run=_cmd_search)

    p = sub.add_parser("tail", help="print a topic's messages")
    p.add_argument("topic", choices=sorted(BY_NAME))
    p.add_argument("--from-beginning", action="store_true")
    p.add_argument("--max", type=int, default=0, help="stop after N messages")
    p.add_argument("--timeout", type=float, default=0, help="stop after N idle seconds")
    p.add_argument("--raw", action="store_true", help="print values as they are")
    _settings_args(p)
    p.set_defaults(run=_cmd_tail)

    p = sub.add_parser("deadletters", help="list dead letters with their reasons, or replay them")
    p.add_argument("--replay", action="store_true",
                   help="push each dead letter's original bytes back to its origin topic")
    p.add_argument("--reason", help="with --replay: only letters with this reason")
    p.add_argument("--service", help="with --replay: only letters from this service")
    p.add_argument("--max", type=int, default=0)
    p.add_argument("--timeout", type=float, default=3.0, help="stop after N idle seconds")
    p.add_argument("--raw", action="store_true")
    _settings_args(p)
    p.set_defaults(run=_cmd_deadletters)

    p = sub.add_parser("topics", help="manage the registry's topics")
    p.add_argument("action", choices=["create"])
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--add-partitions", action="store_true",
                   help="grow existing topics to the registry's partition count (NEWSFLOW_TOPIC_PARTITIONS)")
    _settings_args(p)
    p.set_defaults(run=_cmd_topics)

    p = sub.add_parser("clean", help="run ingest's normalisation and the cleaner on JSON lines",
                       description="Reads raw articles as JSON lines on stdin ({\"id\", \"text\"} or "
                                   "{\"id\", \"html\"}, plus any raw-contract field) and writes what "
                                   "news.cleaned would carry for each: ingest's normalisation first "
                                   "(a leading 'date YYYY-MM-DD' becomes the published date), then the "
                                   "cleaner: {\"id\", \"text\", \"removed\", \"title\", \"published\", "
                                   "\"empty\"}, or {\"id\", \"text\": \"\", \"error\"} for a line ingest or "
                                   "the cleaner rejects.")
    p.add_argument("--jsonl", action="store_true", required=True)
    p.set_defaults(run=_cmd_clean)

    p = sub.add_parser("tag", help="run the tagger on JSON lines")
    p.add_argument("--jsonl", action="store_true", required=True)
    p.set_defaults(run=_cmd_tag)

    p = sub.add_parser("neardup", help="say which earlier article each JSON line copies")
    p.add_argument("--jsonl", action="store_true", required=True)
    p.set_defaults(run=_cmd_neardup)

    p = sub.add_parser("reindex", help="rebuild the index from news.tagged (NEWSFLOW_INDEX_BACKEND; "
                       "tantivy: stop the index service first)")
    p.add_argument("--index-dir", type=Path, default=None,
                   help=f"tantivy index directory (default {settings.index_path()})")
    _settings_args(p)
    p.set_defaults(run=_cmd_reindex)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
