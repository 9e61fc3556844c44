#!/usr/bin/env python3
"""Builds a synthetic store for the report benchmark: `synthetic_store.py SOURCE.db OUT.db SITES YEARS`.

Copies SOURCE (an audited store: its schema, registry and the scores of its latest audited run), then
adds SITES sites and one finished run per year for YEARS years ending last year, each site's scores a
copy of a real site's scores (indicators and evidence included). Prints the latest year last."""
import datetime
import shutil
import sqlite3
import sys

src, out, n_sites, n_years = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
shutil.copyfile(src, out)
db = sqlite3.connect(out)
run = db.execute("SELECT max(run_id) FROM scores").fetchone()[0]
score_cols = [r[1] for r in db.execute("PRAGMA table_info(scores)") if r[1] != "id"]
ind_cols = [r[1] for r in db.execute("PRAGMA table_info(indicator_scores)")]
templates = {}
for row in db.execute(f"SELECT id, {', '.join(score_cols)} FROM scores WHERE run_id = ?", (run,)):
    rec = dict(zip(["id"] + score_cols, row))
    inds = db.execute(f"SELECT {', '.join(ind_cols)} FROM indicator_scores WHERE score_id = ?", (rec["id"],)).fetchall()
    templates.setdefault(rec["site_id"], []).append((rec, inds))
real_sites = sorted(templates)
sv_cols = [r[1] for r in db.execute("PRAGMA table_info(site_versions)")]
versions = {r[0]: r for r in db.execute(f"SELECT {', '.join(sv_cols)} FROM site_versions WHERE version = 1")}

db.execute("BEGIN")
for i in range(n_sites):
    sid = f"syn-{i:05d}"
    base = versions[real_sites[i % len(real_sites)]]
    db.execute("INSERT INTO sites(id, first_seen) VALUES (?, ?)", (sid, "2015-01-01T00:00:00Z"))
    row = dict(zip(sv_cols, base), site_id=sid, name=f"{base[sv_cols.index('name')]}{i}")
    db.execute(f"INSERT INTO site_versions({', '.join(sv_cols)}) VALUES ({', '.join('?' * len(sv_cols))})",
               [row[c] for c in sv_cols])
last = datetime.date.today().year - 1
next_score = db.execute("SELECT coalesce(max(id), 0) FROM scores").fetchone()[0] + 1
for year in range(last - n_years + 1, last + 1):
    run_id = db.execute("INSERT INTO runs(started_at, finished_at, status) VALUES (?, ?, 'finished')",
                        (f"{year}-06-01T00:00:00Z", f"{year}-06-02T00:00:00Z")).lastrowid
    scores, inds = [], []
    for i in range(n_sites):
        for rec, rec_inds in templates[real_sites[i % len(real_sites)]]:
            r = dict(rec, run_id=run_id, site_id=f"syn-{i:05d}", as_of=f"{year}-06-02",
                     audited_at=f"{year}-06-03T00:00:00Z")
            scores.append([next_score] + [r[c] for c in score_cols])
            inds.extend([next_score] + list(ind[1:]) for ind in rec_inds)
            next_score += 1
    db.executemany(f"INSERT INTO scores(id, {', '.join(score_cols)}) VALUES ({', '.join('?' * (len(score_cols) + 1))})", scores)
    db.executemany(f"INSERT INTO indicator_scores({', '.join(ind_cols)}) VALUES ({', '.join('?' * len(ind_cols))})", inds)
db.execute("COMMIT")
db.close()
print(f"{n_sites} sites x {n_years} years, {next_score - 1} scores")
print(last)
