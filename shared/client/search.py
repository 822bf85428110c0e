"""``newsflow search``: query the search API and print a readable table."""
from __future__ import annotations

import argparse
import json
import sys

import httpx


def _params(args: argparse.Namespace) -> list[tuple[str, str]]:
    params = [("q", args.query)]
    params += [("entity", e) for e in args.entity]
    for name in ("label", "source", "since", "until", "limit", "offset"):
        value = getattr(args, name)
        if value is not None:
            params.append((name, str(value)))
    return params


def render(body: dict) -> str:
    lines = [f"{body.get('total', 0)} articles"]
    for hit in body.get("hits", []):
        title = (hit.get("title") or "(untitled)")[:70]
        lines.append(f"{hit.get('score') or 0:7.2f}  {hit.get('published') or '          '}  "
                     f"{hit['id'][:12]}  {title}")
        snippet = " ".join((hit.get("snippet") or "").split())
        if snippet:
            lines.append(f"{'':34}{snippet[:160]}")
    for label, values in (body.get("facets") or {}).items():
        shown = ", ".join(f"{v['canonical']} ({v['count']})" for v in values[:8])
        lines.append(f"{label}: {shown}")
    return "\n".join(lines)


def search(args: argparse.Namespace) -> int:
    try:
        response = httpx.get(args.url.rstrip("/") + "/search", params=_params(args), timeout=10)
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
    print(json.dumps(body, indent=2, ensure_ascii=False) if args.json else render(body))
    return 0
