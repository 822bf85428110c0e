"""Whose fault a failure is, and what the stage does about it.

- ``Rejected`` (shared.deadletter): the input's fault. It becomes a dead letter naming the
  input's problem, and the stage moves on.
- ``Unavailable``, and any ``OSError`` or ``MemoryError``: something the stage depends on
  failed (the index, the disk, a model file, a search cluster). Not the input's fault: the
  stage retries with backoff for a bounded time, then stops the worker without committing the
  messages, so that a restart re-reads them.
- Anything else is our bug on that input: a dead letter with reason ``internal_error``, to be
  replayed once the bug is fixed. A bug that fails every message of a batch is systematic,
  not the input's, and stops the worker too.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar


class Unavailable(Exception):
    """A dependency of the stage (not the input) failed; retry later."""


class GaveUp(RuntimeError):
    """A dependency stayed unavailable for longer than the retry policy allows."""


INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (Unavailable, OSError, MemoryError)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff from ``first_delay`` up to ``max_delay``, for at most ``give_up_after`` seconds."""

    give_up_after: float = 120.0
    first_delay: float = 0.5
    max_delay: float = 10.0


async def with_retries(attempt: Callable[[], Awaitable[T]], what: str, policy: RetryPolicy,
                       log: logging.Logger) -> T:
    """``await attempt()``, retrying infrastructure failures with backoff.

    Logs once when ``what`` starts failing and once when it recovers (an outage is two log
    lines, not one per retry). Raises GaveUp when it is still failing after the policy's time.
    """
    failing_since: float | None = None
    delay = policy.first_delay
    while True:
        try:
            result = await attempt()
        except INFRASTRUCTURE_ERRORS as exc:
            now = time.monotonic()
            if failing_since is None:
                failing_since = now
                log.warning("%s failed (%s: %s); retrying with backoff for up to %.0f s",
                            what, type(exc).__name__, exc, policy.give_up_after)
            elif now - failing_since >= policy.give_up_after:
                raise GaveUp(f"{what} still failing after {now - failing_since:.0f} s: "
                             f"{type(exc).__name__}: {exc}") from exc
            await asyncio.sleep(delay)
            delay = min(delay * 2, policy.max_delay)
            continue
        if failing_since is not None:
            log.warning("%s recovered after %.1f s", what, time.monotonic() - failing_since)
        return result
