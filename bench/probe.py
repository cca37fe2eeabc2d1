#!/usr/bin/env python3
"""Asks a hub's /healthz/live and /healthz every 50 ms, each on a new connection, for SECONDS s, and prints their
latencies (p50, p99, max, how many over 100 ms) and any answer other than 200. Usage: probe.py PORT SECONDS"""
import socket, sys, time

PORT, SECONDS = int(sys.argv[1]), float(sys.argv[2])
paths = ["/healthz/live", "/healthz"]
times, odd = {p: [] for p in paths}, []
end = time.monotonic() + SECONDS
while time.monotonic() < end:
    for path in paths:
        t0 = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=10) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                answer = s.recv(4096)
            status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "none"
        except OSError as e:
            status = type(e).__name__
        times[path].append(time.perf_counter() - t0)
        if status != "200":
            odd.append((round(time.monotonic() - end + SECONDS, 1), path, status))
    time.sleep(0.05)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000

for path, values in times.items():
    print(f"probe {path}: {len(values)} asked, p50 {pct(values, .5):.1f} ms p99 {pct(values, .99):.1f} ms "
          f"max {max(values) * 1000:.1f} ms, over 100 ms: {sum(v > 0.1 for v in values)}")
print(f"probe answers other than 200: {len(odd)} {odd[:5]}")
