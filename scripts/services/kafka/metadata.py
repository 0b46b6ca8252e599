#!/usr/bin/env python3
"""Asks a Kafka broker for its metadata (Metadata v0, no topics) and exits 0 when it names at least one
broker: the broker is up and serving requests, not just listening. Usage: metadata.py host:port"""
import socket
import struct
import sys

host, port = sys.argv[1].rsplit(":", 1)
client = b"microvx-probe"
# request header v1 (api key 3 = Metadata, version 0, correlation id, client id), then an empty topic array
body = struct.pack(">hhih", 3, 0, 42, len(client)) + client + struct.pack(">i", 0)
try:
    with socket.create_connection((host, int(port)), timeout=3) as s:
        s.settimeout(3)
        s.sendall(struct.pack(">i", len(body)) + body)
        head = b""
        while len(head) < 4:
            chunk = s.recv(4 - len(head))
            if not chunk:
                sys.exit(1)
            head += chunk
        size = struct.unpack(">i", head)[0]
        data = b""
        while len(data) < size:
            chunk = s.recv(size - len(data))
            if not chunk:
                sys.exit(1)
            data += chunk
except OSError:
    sys.exit(1)
correlation, brokers = struct.unpack(">ii", data[:8])
sys.exit(0 if correlation == 42 and brokers >= 1 else 1)
