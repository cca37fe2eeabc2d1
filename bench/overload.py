#!/usr/bin/env python3
"""Opens RATE connections a second for SECONDS to a hub, each asking for a stream and reading the answer to its end,
while a prober asks /healthz/live and /healthz every 50 ms on connections of its own. Prints the statuses the burst
got, how long each refused connection stayed open, and the probes' latencies (p50, p99, max, over 100 ms).
Usage: overload.py PORT RATE SECONDS [SOURCE_ADDRESS]    loopback only."""
import asyncio, socket, sys, time

PORT, RATE, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
SOURCE = sys.argv[4] if len(sys.argv) > 4 else None
statuses, held, probes = {}, [], {"/healthz/live": [], "/healthz": []}
probe_failures = []

async def ask(path, source):
    t0 = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(
            "127.0.0.1", PORT, local_addr=(source, 0) if source else None), 10)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        answer = await asyncio.wait_for(reader.read(4096), 10)
        status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "none"
        if path.startswith("/healthz"):
            writer.close()
            return status, time.perf_counter() - t0
        await asyncio.wait_for(reader.read(), 10)  # until the hub closes
        writer.close()
        return status, time.perf_counter() - t0
    except Exception as e:  # a reset or a timeout is an answer too
        return type(e).__name__, time.perf_counter() - t0

async def burst():
    tasks, start = [], time.perf_counter()
    n = int(RATE * SECONDS)
    for i in range(n):
        delay = start + i / RATE - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(ask("/.well-known/mercure?topic=burst", SOURCE)))
    for status, seconds in await asyncio.gather(*tasks):
        statuses[status] = statuses.get(status, 0) + 1
        held.append(seconds)

async def prober(stop):
    while not stop.is_set():
        for path in probes:
            status, seconds = await ask(path, None)
            probes[path].append(seconds)
            if status != "200":
                probe_failures.append((path, status))
        await asyncio.sleep(0.05)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")

async def main():
    stop = asyncio.Event()
    probing = asyncio.ensure_future(prober(stop))
    await asyncio.sleep(1)
    await burst()
    await asyncio.sleep(1)
    stop.set()
    await probing
    print(f"burst: {int(RATE * SECONDS)} connections at {RATE}/s: statuses {dict(sorted(statuses.items()))}")
    print(f"burst: connection open until closed p50 {pct(held, .5):.1f} ms p99 {pct(held, .99):.1f} ms "
          f"max {max(held) * 1000:.1f} ms")
    for path, values in probes.items():
        print(f"probe {path}: {len(values)} asked, p50 {pct(values, .5):.1f} ms p99 {pct(values, .99):.1f} ms "
              f"max {max(values) * 1000:.1f} ms, over 100 ms: {sum(v > 0.1 for v in values)}")
    print(f"probe answers other than 200: {len(probe_failures)} {probe_failures[:5]}")

asyncio.run(main())
