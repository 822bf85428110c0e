"""``newsflow search``: query the search API and print a readable table."""
from __future__ import annotations

import argparse
import html
import json
import re
import sys

import httpx


def request_params(args: argparse.Namespace) -> list[tuple[str, str]]:
    params = [("q", args.query)]
    params += [("entity", e) for e in args.entity]
    params += [("label", label) for label in args.label or ()]
    params += [("language", language) for language in args.language or ()]
    if args.no_collapse:
        params.append(("collapse", "none"))
    for name in ("source", "since", "until", "limit", "offset"):
        value = getattr(args, name)
        if value is not None:
            params.append((name, str(value)))
    return params


def _plain(snippet: str, emphasis: bool) -> str:
    """The API's highlighted HTML snippet as terminal text: matches in bold (or *stars*)."""
    on, off = ("\033[1m", "\033[0m") if emphasis else ("*", "*")
    text = re.sub(r"<b>(.*?)</b>", lambda m: on + m.group(1) + off, snippet)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def render(body: dict, emphasis: bool = False) -> str:
    total, articles = body.get("total", 0), body.get("articles", body.get("total", 0))
    header = f"{articles} articles"
    if total != articles:  # collapsed: copies are listed under their story
        header += f" in {total} {'story' if total == 1 else 'stories'}"
    lines = [header]
    for hit in body.get("hits", []):
        title = (hit.get("title") or "(untitled)")[:70]
        copies = hit.get("copies") or 0
        lines.append(f"{hit.get('score') or 0:7.2f}  {hit.get('published') or '          '}  "
                     f"{hit['id'][:12]}  {title}" + (f"  (+{copies} copies)" if copies else ""))
        snippet = _plain(hit.get("snippet") or "", emphasis)
        if snippet:
            lines.append(f"{'':34}{snippet}")
    for label, values in (body.get("facets") or {}).items():
        shown = ", ".join(f"{v['canonical']} ({v['count']})" for v in values[:8])
        lines.append(f"{label}: {shown}")
    languages = body.get("languages") or []
    if languages:
        lines.append("languages: " + ", ".join(f"{v['language']} ({v['count']})" for v in languages))
    return "\n".join(lines)


def search(args: argparse.Namespace) -> int:
    try:
        response = httpx.get(args.url.rstrip("/") + "/search", params=request_params(args), timeout=10)
    except httpx.HTTPError as exc:
        print(f"newsflow search: cannot reach the search API at {args.url}: {exc}", file=sys.stderr)
        return 2
    try:
        body = response.json()
    except ValueError:
        print(f"newsflow search: HTTP {response.status_code}: {response.text[:300]}", file=sys.stderr)
        return 2
    if response.status_code != 200:
        print(f"newsflow search: {body.get('error', body)}", file=sys.stderr)
        return 1
    print(json.dumps(body, indent=2, ensure_ascii=False) if args.json else render(body, sys.stdout.isatty()))
    return 0
