"""Wire copies through the running pipeline: the story stage finds them, its state survives a
restart and moves to a standby worker, and search collapses the copies under the original."""
from __future__ import annotations

import asyncio
import json
import signal
import uuid

import httpx
import pytest

from shared.client.partitions import end_offsets
from tests.support import Pipeline, eventually, read_since, real_texts


def real_stories() -> list[list[str]]:
    """Real articles with enough long paragraphs to make a wire copy, a brief and an update of;
    each test takes its own, since the stage remembers every story the session pushed. The last
    seven paragraphs of long texts: other tests push these texts' first 1,000 characters."""
    stories = [lines[-7:] for text in real_texts()
               if len(lines := [line for line in text.splitlines() if len(line.split()) >= 20]) >= 14]
    assert len(stories) >= 4, "not enough real texts with 7 paragraphs of 20 words or more"
    return stories


def wire_copy(paragraphs: list[str]) -> list[str]:
    """Another outlet's version: its own header and footer, curly quotes, the last paragraph cut."""
    edited = [p.replace('"', "\u201c", 1).replace(" said ", " says ") for p in paragraphs[:-1]]
    return ["By Staff Reporter, Wire Desk", *edited, "Copyright 2026 Another Outlet. All rights reserved."]


class Stories:
    """Pushes articles under one marker and reads what the story stage made of them."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.marker = f"stories-{uuid.uuid4().hex[:8]}"
        self.start = asyncio.run(end_offsets(pipeline.bootstrap, "news.grouped"))

    def push(self, name: str, paragraphs: list[str]) -> str:
        url = f"https://stories.example/{self.marker}/{name}"
        self.pipeline.push(json.dumps({"title": f"{self.marker} {name}", "text": "\n".join(paragraphs),
                                       "source": f"{name}.example", "url": url}).encode())
        return url

    def grouped(self, url: str) -> dict:
        """The news.grouped message of the article pushed with ``url``."""
        def find():
            return next((m for m in asyncio.run(read_since(self.pipeline.bootstrap, "news.grouped", self.start))
                         if m.get("url") == url), None)
        return eventually(find, timeout=120, what=f"{url} on news.grouped")


@pytest.fixture(scope="module")
def stories_of_the_module() -> list[list[str]]:
    return real_stories()


def test_a_wire_copy_and_a_brief_join_the_original_and_a_story_quoting_it_does_not(pipeline, stories_of_the_module):
    story, other = stories_of_the_module[0], stories_of_the_module[1]
    stories = Stories(pipeline)
    original = stories.grouped(stories.push("original", story))
    copy = stories.grouped(stories.push("wire", wire_copy(story)))
    brief = stories.grouped(stories.push("brief", story[:3]))
    quoting = stories.grouped(stories.push("quoting", [*other[:2], f"As reported: {story[2]}", *other[2:]]))

    assert original["duplicate_of"] is None and original["story_id"] == original["id"]
    assert copy["duplicate_of"] == original["id"] and copy["story_id"] == original["id"]
    assert brief["duplicate_of"] == original["id"]
    assert quoting["duplicate_of"] is None and quoting["story_id"] == quoting["id"]

    # Search: one hit per story, the original showing its story with its copies counted.
    tag = stories.marker.split("-")[1]  # in every title of this test
    eventually(lambda: pipeline.search(q=tag, collapse="none").json()["total"] == 4, timeout=120,
               what="all four articles searchable")
    collapsed = pipeline.search(q=tag).json()
    assert collapsed["total"] == 2 and collapsed["articles"] == 4
    shown = {hit["id"]: hit for hit in collapsed["hits"]}
    assert shown.keys() == {original["id"], quoting["id"]}
    assert shown[original["id"]]["copies"] == 2 and shown[quoting["id"]]["copies"] == 0
    every = pipeline.search(q=tag, collapse="none").json()["hits"]
    assert {hit["id"]: hit["duplicate_of"] for hit in every} == {
        original["id"]: None, copy["id"]: original["id"], brief["id"]: original["id"], quoting["id"]: None}
    view = httpx.get(f"{pipeline.search_url}/articles/{copy['id']}", timeout=10).json()
    assert view["story_id"] == original["id"] and view["copy_count"] == 2
    assert [c["id"] for c in view["copies"]][0] == original["id"]


def test_the_story_state_survives_a_kill_and_a_restart(pipeline, stories_of_the_module):
    stories = Stories(pipeline)
    paragraphs = stories_of_the_module[2]
    original = stories.grouped(stories.push("original", paragraphs))
    process = pipeline.services["story"].process
    process.kill()
    process.wait(timeout=10)
    pipeline.start("story")
    pipeline.wait_ready("story")
    update = stories.grouped(stories.push("update", [*paragraphs, "The talks resume next week, officials "
                                                     "said on Friday after a long meeting that ended late."]))
    assert update["duplicate_of"] == original["id"]


def test_a_standby_story_worker_takes_the_state_over(pipeline, stories_of_the_module):
    stories = Stories(pipeline)
    paragraphs = stories_of_the_module[3]
    original = stories.grouped(stories.push("original", paragraphs))
    pipeline.add("story-2", module="story")
    pipeline.start("story-2")
    try:
        pipeline.wait_ready("story-2")
        owner = pipeline.services["story"].process
        owner.send_signal(signal.SIGTERM)
        assert owner.wait(timeout=30) == 0
        copy = stories.grouped(stories.push("wire", wire_copy(paragraphs)))
        assert copy["duplicate_of"] == original["id"]
        assert pipeline.processed("story-2") >= 1, "the standby did not handle the copy"
    finally:
        pipeline.start("story")
        pipeline.wait_ready("story")
        pipeline.stop("story-2")
        del pipeline.services["story-2"]
