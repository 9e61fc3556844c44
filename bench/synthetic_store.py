#!/usr/bin/env python3
"""Builds a synthetic store for the report benchmark: `synthetic_store.py SOURCE.db OUT.db SITES YEARS`.

Copies SOURCE (an audited store: its schema, registry, crawl and the scores of its latest audited run),
then adds SITES sites and one finished run per year for YEARS years ending last year. Synthetic site i
is a copy of real site i mod R (R = the real sites with scores): its registry row and, every year, its
scores with all their indicators and evidence (and, in a store of schema 9 or later, their score_values
rows; a copy's indicator rows are stored in its template's order, which those rows record). Everything
is bulk SQL (INSERT ... SELECT over a number series) inside one transaction, so 15,000 sites x 10 years
x 2 rubrics (300,000 scores, ~18 M indicator rows) build in minutes. Prints a summary line, then the
latest year on the last line."""
import datetime
import sqlite3
import sys
import time

src_path, out, n_sites, n_years = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
started = time.time()
src = sqlite3.connect(src_path)
db = sqlite3.connect(out, isolation_level=None)
src.backup(db)  # consistent copy, WAL included
src.close()
db.execute("PRAGMA journal_mode=OFF")  # a scratch file: rebuilt from scratch if anything fails
db.execute("PRAGMA synchronous=OFF")
db.execute("PRAGMA cache_size=-262144")  # 256 MB

run = db.execute("SELECT max(run_id) FROM scores").fetchone()[0]
score_cols = [r[1] for r in db.execute("PRAGMA table_info(scores)") if r[1] != "id"]
ind_cols = [r[1] for r in db.execute("PRAGMA table_info(indicator_scores)")]
sv_cols = [r[1] for r in db.execute("PRAGMA table_info(site_versions)")]

db.execute("BEGIN")
# Templates: the newest audit of each (site, rubric, version) of the latest run; site_idx numbers the
# real sites 0..R-1, j a site's scores 0..M-1.
db.execute("""CREATE TEMP TABLE tmpl AS
  SELECT s.id AS src_id, s.site_id, dense_rank() OVER (ORDER BY s.site_id) - 1 AS site_idx,
         row_number() OVER (PARTITION BY s.site_id ORDER BY s.rubric, s.rubric_version) - 1 AS j
  FROM scores s WHERE s.run_id = ?1 AND s.id = (SELECT max(id) FROM scores t WHERE t.run_id = s.run_id
    AND t.site_id = s.site_id AND t.rubric = s.rubric AND t.rubric_version = s.rubric_version)""", (run,))
# lo, hi: the rowids of the template's indicator rows (an audit appends a score's rows together).
db.execute("ALTER TABLE tmpl ADD COLUMN lo INTEGER")
db.execute("ALTER TABLE tmpl ADD COLUMN hi INTEGER")
db.execute("""UPDATE tmpl SET lo = (SELECT min(rowid) FROM indicator_scores WHERE score_id = tmpl.src_id),
                              hi = (SELECT max(rowid) FROM indicator_scores WHERE score_id = tmpl.src_id)""")
db.execute("CREATE INDEX temp.tmpl_site ON tmpl(site_idx, j)")
has_values = db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'score_values'").fetchone()[0] > 0
real, per_site = db.execute("SELECT count(DISTINCT site_idx), max(j) + 1 FROM tmpl").fetchone()
db.execute("CREATE TEMP TABLE seq(n INTEGER PRIMARY KEY)")
db.execute("""INSERT INTO seq WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < ?1)
              SELECT n FROM c""", (n_sites,))
syn_id = "'syn-' || printf('%05d', seq.n)"

db.execute(f"INSERT INTO sites(id, first_seen) SELECT {syn_id}, '2015-01-01T00:00:00Z' FROM seq")
cols = ", ".join(sv_cols)
picked = ", ".join({"site_id": syn_id, "name": "v.name || seq.n"}.get(c, "v." + c) for c in sv_cols)
db.execute(f"""INSERT INTO site_versions({cols}) SELECT {picked}
               FROM seq CROSS JOIN (SELECT DISTINCT site_idx, site_id FROM tmpl) t CROSS JOIN site_versions v
               WHERE t.site_idx = seq.n % {real} AND v.site_id = t.site_id AND v.version = 1""")

last = datetime.date.today().year - 1
base = db.execute("SELECT coalesce(max(id), 0) FROM scores").fetchone()[0] + 1
scores = indicators = 0
for year in range(last - n_years + 1, last + 1):
    run_id = db.execute("INSERT INTO runs(started_at, finished_at, status) VALUES (?, ?, 'finished')",
                        (f"{year}-06-01T00:00:00Z", f"{year}-06-02T00:00:00Z")).lastrowid
    new_id = f"{base} + seq.n * {per_site} + t.j"
    over = {"run_id": str(run_id), "site_id": syn_id, "as_of": f"'{year}-06-02'",
            "audited_at": f"'{year}-06-03T00:00:00Z'"}
    picked = ", ".join(over.get(c, "s." + c) for c in score_cols)
    # CROSS JOIN keeps the loop order (site, then score), so ids and rowids ascend together.
    scores += db.execute(f"""INSERT INTO scores(id, {', '.join(score_cols)}) SELECT {new_id}, {picked}
                   FROM seq CROSS JOIN tmpl t CROSS JOIN scores s
                   WHERE t.site_idx = seq.n % {real} AND s.id = t.src_id""").rowcount
    picked = ", ".join(new_id if c == "score_id" else "i." + c for c in ind_cols)
    # A template's indicator rows by rowid (NOT INDEXED: the rowid range, not the (score, indicator)
    # key), so a copy's rows are stored in the template's order, which its score_values row records.
    indicators += db.execute(f"""INSERT INTO indicator_scores({', '.join(ind_cols)}) SELECT {picked}
                   FROM seq CROSS JOIN tmpl t CROSS JOIN indicator_scores i NOT INDEXED
                   WHERE t.site_idx = seq.n % {real} AND i.rowid BETWEEN t.lo AND t.hi
                     AND i.score_id = t.src_id""").rowcount
    if has_values:  # schema 9: a score's values in one row, copied from its template
        db.execute(f"""INSERT INTO score_values(score_id, indicators) SELECT {new_id}, v.indicators
                       FROM seq CROSS JOIN tmpl t CROSS JOIN score_values v
                       WHERE t.site_idx = seq.n % {real} AND v.score_id = t.src_id""")
    base += n_sites * per_site
db.execute("COMMIT")
db.close()
print(f"{n_sites} sites x {n_years} years (copies of {real} real sites): {scores} scores, {indicators} indicator rows,"
      f" built in {time.time() - started:.0f} s")
print(last)
