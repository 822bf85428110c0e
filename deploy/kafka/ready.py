#!/usr/bin/env python3
"""Exit 0 when a Kafka broker at HOST:PORT answers a metadata request listing a broker.

Standard library only, so the broker script can use it before any virtualenv exists.
Sends Metadata v4 (all topics), the oldest version Kafka 4 still accepts.
"""
import socket
import struct
import sys


def metadata_brokers(host: str, port: int, timeout: float = 3.0) -> int:
    client_id = b"newsflow-ready"
    header = struct.pack(">hhih", 3, 4, 1, len(client_id)) + client_id
    body = struct.pack(">ib", -1, 0)
    request = header + body
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", _read(sock, 4))[0]
        reply = _read(sock, size)
    correlation_id, _throttle, brokers = struct.unpack(">iii", reply[:12])
    if correlation_id != 1:
        raise OSError("unexpected correlation id")
    return brokers


def _read(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    return data


if __name__ == "__main__":
    host, _, port = sys.argv[1].rpartition(":")
    try:
        sys.exit(0 if metadata_brokers(host or "127.0.0.1", int(port)) > 0 else 1)
    except (OSError, struct.error):
        sys.exit(1)
