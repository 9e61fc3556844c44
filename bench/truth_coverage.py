#!/usr/bin/env python3
"""Prints how many of the farm truth's pages a crawler fetched with 200: `truth_coverage.py TRUTH URLS_FILE`.

URLS_FILE has one fetched URL per line (query parameters in any order). Prints "found total"."""
import json
import sys
from urllib.parse import parse_qsl, urlsplit, unquote


def key(url):
    u = urlsplit(url.strip())
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(u.query, keep_blank_values=True)))
    return (u.hostname or "", unquote(u.path or "/"), query)


truth = json.load(open(sys.argv[1], encoding="utf-8"))
wanted = {key(p) for s in truth["sites"] for p in s["pages"]}
seen = {key(line) for line in open(sys.argv[2], encoding="utf-8", errors="replace") if line.strip()}
print(len(wanted & seen), len(wanted))
