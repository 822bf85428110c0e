"""A broker outage in two log lines, not thousands.

While Kafka is unreachable, aiokafka logs every failed connect, metadata update, fetch and
heartbeat: about 3,000 ERROR lines per service in a one-minute outage. ``BrokerOutageLog``
lets the first such line through (saying that the rest are counted, not logged), and
``watch_broker`` logs one line when the broker answers again, with how long it was gone and
how many lines were held back. Nothing else that aiokafka logs is touched.
"""
from __future__ import annotations

import logging
import re
import time

from aiokafka.client import AIOKafkaClient

log = logging.getLogger(__name__)

# Not "GroupCoordinatorNotAvailable": every worker sees it once while its group forms at start.
_CONNECTION_TROUBLE = re.compile(
    r"Unable connect|Unable to update metadata|Unable to request metadata|NodeNotReady|KafkaConnectionError"
    r"|Connect call failed|coordinator dead|Heartbeat|RequestTimedOut|Connection reset|Connection refused",
    re.IGNORECASE)
# Heartbeat replies that report the group changing, not the broker failing: a rebalance is
# logged as itself, and starts no outage.
_GROUP_CHANGING = re.compile(r"because it is rebalancing|generation id is not|member_id was not recognized",
                             re.IGNORECASE)


class BrokerOutageLog(logging.Filter):
    """A filter for aiokafka's loggers that holds back repeated connection errors during an outage."""

    def __init__(self) -> None:
        super().__init__()
        self.down_since: float | None = None
        self.held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if (record.levelno < logging.WARNING or not _CONNECTION_TROUBLE.search(message)
                or _GROUP_CHANGING.search(message)):
            return True
        if self.down_since is None:
            self.down_since = time.monotonic()
            record.msg = ("Kafka unreachable: %s (further connection errors are counted, not logged, "
                          "until it answers again)")
            record.args = (message,)
            return True
        self.held_back += 1
        return False

    def recovered(self) -> None:
        if self.down_since is None:
            return
        log.warning("Kafka reachable again after %.0f s (%d connection error lines held back)",
                    time.monotonic() - self.down_since, self.held_back)
        self.down_since, self.held_back = None, 0


def install() -> BrokerOutageLog:
    """Attach one BrokerOutageLog to every aiokafka logger (filters are not inherited)."""
    outage = BrokerOutageLog()
    import aiokafka.consumer.fetcher  # noqa: F401 - make sure every aiokafka logger exists
    import aiokafka.consumer.group_coordinator  # noqa: F401
    import aiokafka.producer.sender  # noqa: F401
    for name in list(logging.root.manager.loggerDict):
        if name == "aiokafka" or name.startswith("aiokafka."):
            logging.getLogger(name).addFilter(outage)
    return outage


async def broker_answers(bootstrap: str) -> bool:
    """True when a fresh client can fetch metadata from ``bootstrap``."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await client.bootstrap()
        return True
    except Exception:  # noqa: BLE001 - any failure means: not yet
        return False
    finally:
        await client.close()
