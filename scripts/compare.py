#!/usr/bin/env python3
"""Prints a Markdown table of huibao-bench results beside the peers' (peers.py JSON), with ratios.
usage: compare.py HUIBAO.jsonl PEERS.json"""
import json, sys

ours = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
peers = json.load(open(sys.argv[2]))
print(f"Machine: {peers['meta']['cpu']}, {peers['meta']['nproc']} cores; peers: {peers['meta']['versions']}\n")
print("| trace | engine | mode | replay ms | size bytes | encode ms | load ms | peak RSS MB | ok |")
print("|---|---|---|---:|---:|---:|---:|---:|---|")
for r in ours:
    if r["mode"] == "merge":
        continue
    print(f"| {r['trace']} | huibao | {r['mode']} | {r['replay_ms']:.1f} | {r['bytes']} | {r['encode_ms']:.1f} | "
          f"{r['decode_ms']:.1f} | {r['peak_rss_mb']:.1f} | {'yes' if r['ok'] else 'NO'} |")
for p in peers["results"]:
    if "error" in p:
        continue
    print(f"| {p['trace']} | {p['engine']} | {p['mode']} | {p['replay_s']*1e3:.1f} | {p['bytes']} | "
          f"{p['encode_s']*1e3:.1f} | {p['load_s']*1e3:.1f} | {p['peak_rss_kb']/1024:.1f} | {'yes' if p['ok'] else 'NO'} |")
print()
for r in ours:
    if r["mode"] != "batch":
        continue
    def peer(engine, mode):
        return next((p for p in peers["results"] if p["trace"] == r["trace"] and p["engine"] == engine
                     and p["mode"] == mode and "error" not in p), None)
    loro, am = peer("loro", "batch"), peer("automerge", "batch")
    if loro:
        print(f"- {r['trace']}: replay {r['replay_ms']:.1f} ms = {r['replay_ms'] / (loro['replay_s']*1e3):.2f} × Loro batch "
              f"({loro['replay_s']*1e3:.1f} ms); size {r['bytes']} B = {r['bytes']/loro['bytes']:.2f} × Loro, "
              + (f"{r['bytes']/am['bytes']:.2f} × Automerge ({am['bytes']} B)" if am else "")
              + f"; decode {r['decode_ms']:.1f} ms (Loro load {loro['load_s']*1e3:.1f} ms"
              + (f", Automerge {am['load_s']*1e3:.1f} ms)" if am else ")"))
for r in ours:
    if r["mode"] == "merge":
        print(f"- {r['trace']} merge: two replicas × {r['patches_per_replica']} concurrent patches merged both ways in "
              f"{r['merge_ms']:.1f} ms, converged: {'yes' if r['ok'] else 'NO'}")
