#!/usr/bin/env python3
"""Build a govaudit registry CSV from the Laosheng "千县地名网" page (qianxian.md).

Usage:
  build_registry.py [--levels province,prefecture] [--source PATH] --out FILE [--rejects FILE]

The source lists China's provincial headings, prefecture rows and county rows with their division
codes and the governments' website URLs. Python 3 standard library only.

What the source looks like (all variants handled):
  province heading   <h3 id="13">13 <a href="URL" title="130000 ...">河北省</a>...</h3>
  prefecture row     130100 <b>[石家庄市](URL )</b>　冀A　0311　   (optionally a full official name
                     after the area code, e.g. `延边州 ... 延边朝鲜族自治州`; optionally `F` after `</b>`
                     marking a sub-provincial city)
  county row         130102 [长安区](URL '注释')⠀
  struck-out row     <del>500105 [江北区](URL)</del>   (abolished; never used)
  row without URL    460321 西沙区⠀⠀
  code in prose      2024年设立：653228 和康县、653229 和安县

Rules (also in data/registry/README.md):
  * id = `cn-<6-digit division code>`; provincial headings take the code from their title attribute.
  * level from the code: headings are `province` (the Xinjiang Production and Construction Corps,
    659000, is a provincial-level heading in the source and is kept as one); `xxyy00` is `prefecture`;
    anything else is county-level: `district` when the name ends in 区 (a 市辖区, incl. 新区 and 矿区) but
    not 林区 or 特区 (神农架林区 and 六枝特区 are not city districts), else `county`.
    `--levels county` selects both county and district rows; `district` alone selects districts.
  * province = the heading's name. prefecture = the row's own name for prefecture rows; for county-level
    rows, the prefecture row with the same first four digits; in the four municipalities (11, 12, 31, 50)
    the municipality; for codes xx90yy (units directly under the province, e.g. 仙桃市, 济源市, the Corps'
    cities) 省直辖县级行政单位, or 自治区直辖县级行政单位 in an autonomous region (the NBS labels).
  * name = the link text; a prefecture row that also gives its full official name (延边州 → 延边朝鲜族自治州)
    uses the full name and keeps the short one as tag `alias:<short>`; `F` adds tag `sub-provincial`.
  * region by the NBS four-way division from the first two code digits (east: 11 12 13 31 32 33 35 37 44
    46; central: 14 34 36 41 42 43; west: 15 45 50 51 52 53 54 61 62 63 64 65 incl. the Corps; northeast:
    21 22 23). Taiwan (71), Hong Kong (81) and Macau (82) are outside the census: their headings are
    rejected with that reason and nothing under them is read.
  * minority from the name: 自治区 → region; 自治州 or a name ending in 盟 → prefecture; 自治县 or
    自治旗 → county; otherwise none.
  * URL cleaning: strip surrounding whitespace, then one trailing `;` (and whitespace again). A row with
    no URL is rejected (never guessed); a URL that is not http(s)://host... after cleaning is rejected.
  * Only rows at the selected levels are written or reported as rejects. Output is sorted by id, LF line
    ends, columns id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags - the
    same text `govaudit sites list --format csv` prints after importing it.

Licence: the source is CC BY-NC-ND 3.0 (DiamonWoo/Laosheng.top). Facts (names, codes, URLs) may be
shipped with attribution; the compilation itself may not. The repository therefore ships only the
provincial- and prefecture-level list; build the county list locally with `--levels province,prefecture,county`.
"""
import argparse
import csv
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SOURCE_REL = os.path.join("shared", "data", "registry-sources", "laosheng_qianxian.md")
# ../shared beside the repository; a git worktree one level deeper (wt/NAME) finds it one further up.
DEFAULT_SOURCE = next((p for p in (os.path.join(REPO, "..", SOURCE_REL), os.path.join(REPO, "..", "..", SOURCE_REL))
                       if os.path.exists(p)), os.path.join(REPO, "..", SOURCE_REL))

COLUMNS = ["id", "name", "province", "prefecture", "level", "region", "minority", "url",
           "name_en", "extra_hosts", "tags"]
LEVELS = ("province", "prefecture", "county", "district")

REGION = {}
for _codes, _region in (("11 12 13 31 32 33 35 37 44 46", "east"), ("14 34 36 41 42 43", "central"),
                        ("15 45 50 51 52 53 54 61 62 63 64 65", "west"), ("21 22 23", "northeast")):
    for _c in _codes.split():
        REGION[_c] = _region
OUTSIDE_CENSUS = {"71": "Taiwan", "81": "Hong Kong", "82": "Macau"}
MUNICIPALITIES = {"11", "12", "31", "50"}

HEADING = re.compile(r'^<h3 id="(\d+)">\s*\d+\s*<a\b([^>]*)>([^<]+)</a>(.*)$')
ATTR = re.compile(r'''(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')''')
ROW = re.compile(r'^(<del>)?(\d{6})\s+(.*)$')
LINK = re.compile(r'^(<b>)?\[([^\]]+)\]\(([^)]*)\)(</b>)?(.*)$')
PROSE_CODE = re.compile(r'(\d{6})\s*([\u4e00-\u9fff]+)')
SECTION_END = re.compile(r'<div id="2"')
HOST = re.compile(r'^https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?'
                  r'(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)(?::\d{1,5})?(?:[/?#][^\s]*)?$')
FULL_NAME = re.compile(r'[\u4e00-\u9fff]+(?:自治州|地区|盟)')


def clean_url(raw):
    """Returns (url, None) or (None, reason). Strips whitespace and one trailing ';'; never guesses."""
    url = raw.strip()
    if url.endswith(";"):
        url = url[:-1].strip()
    if not url:
        return None, "no URL in the source"
    if not HOST.match(url):
        return None, "URL is not http(s)://host[...] after cleaning: %r" % raw
    return url, None


def split_link_target(target):
    """`URL 'title'` or `URL "title"` or `URL` -> URL part (uncleaned)."""
    for quote in ("'", '"'):
        pos = target.find(" " + quote)
        if pos >= 0:
            return target[:pos]
    return target


def minority_of(name):
    if "自治区" in name:
        return "region"
    if "自治州" in name or name.endswith("盟"):
        return "prefecture"
    if "自治县" in name or "自治旗" in name:
        return "county"
    return "none"


def county_level(name):
    if name.endswith("区") and not name.endswith("林区") and not name.endswith("特区"):
        return "district"
    return "county"


def level_of(code):
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return None  # county-level: decided by name


class Builder:
    def __init__(self, levels):
        self.levels = levels
        self.rows = []
        self.rejects = []  # (line, id or text, reason)
        self.province = None  # dict(code2, name) of the open section, or None outside sections
        self.prefectures = {}  # first four code digits -> prefecture name

    def reject(self, line, what, level, reason):
        if level in self.levels:
            self.rejects.append((line, what, reason))

    def heading(self, lineno, match):
        attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                 for m in ATTR.finditer(match.group(2))}
        name = match.group(3).strip()
        code_match = re.match(r"\s*(\d{6})", attrs.get("title", ""))
        self.province = None
        self.prefectures = {}
        if not code_match:
            self.reject(lineno, name, "province", "heading without a division code in its title")
            return
        code = code_match.group(1)
        if code[:2] in OUTSIDE_CENSUS:
            self.reject(lineno, "cn-" + code, "province",
                        "outside the census (%s); its section is skipped" % OUTSIDE_CENSUS[code[:2]])
            return
        if code[:2] not in REGION:
            self.reject(lineno, "cn-" + code, "province", "unknown province code %s" % code[:2])
            return
        self.province = {"code2": code[:2], "name": name}
        url, reason = clean_url(attrs.get("href", ""))
        if reason:
            self.reject(lineno, "cn-" + code, "province", reason)
            return
        self.add(code, name, "", "province", url, [])

    def add(self, code, name, prefecture, level, url, tags):
        if level not in self.levels:
            return
        self.rows.append({
            "id": "cn-" + code, "name": name, "province": self.province["name"], "prefecture": prefecture,
            "level": level, "region": REGION[code[:2]], "minority": minority_of(name), "url": url,
            "name_en": "", "extra_hosts": "", "tags": ";".join(tags)})

    def prefecture_of(self, code):
        if code[2:4] == "90":
            return "自治区直辖县级行政单位" if "自治区" in self.province_full_name(code) else "省直辖县级行政单位"
        if code[:2] in MUNICIPALITIES:
            return self.province["name"]
        return self.prefectures.get(code[:4])

    def province_full_name(self, code):
        # The Corps' heading is not an autonomous region, but its cities' codes (6590xx) are Xinjiang's.
        return "新疆维吾尔自治区" if code[:2] == "65" else self.province["name"]

    def row(self, lineno, match):
        struck, code, rest = match.group(1), match.group(2), match.group(3)
        link = LINK.match(rest)
        name = link.group(2).strip() if link else re.split(r"[⠀\s　]", rest.strip(), maxsplit=1)[0]
        level = level_of(code) or county_level(name)
        if level == "prefecture":
            self.prefectures[code[:4]] = name
        if struck:
            self.reject(lineno, "cn-" + code, level, "struck out in the source (abolished division)")
            return
        if not link:
            self.reject(lineno, "cn-" + code, level, "no URL in the source")
            return
        url, reason = clean_url(split_link_target(link.group(3)))
        if reason:
            self.reject(lineno, "cn-" + code, level, reason)
            return
        tags = []
        trailing = link.group(5)
        if link.group(4) and trailing.startswith("F"):
            tags.append("sub-provincial")
        if level == "prefecture":
            full = FULL_NAME.search(trailing)
            if full and full.group(0) != name:
                tags.append("alias:" + name)
                name = full.group(0)
                self.prefectures[code[:4]] = name
            prefecture = name
        else:
            prefecture = self.prefecture_of(code)
            if not prefecture:
                self.reject(lineno, "cn-" + code, level, "no prefecture row for code prefix %s" % code[:4])
                return
        self.add(code, name, prefecture, level, url, tags)

    def prose(self, lineno, line):
        for m in PROSE_CODE.finditer(line):
            code, name = m.group(1), m.group(2)
            level = level_of(code) or county_level(name)
            self.reject(lineno, "cn-" + code, level, "named in prose without a URL (%s)" % name)

    def feed(self, lines):
        for lineno, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            if SECTION_END.search(line):
                self.province = None
                continue
            heading = HEADING.match(line)
            if heading:
                self.heading(lineno, heading)
                continue
            if self.province is None:
                continue
            row = ROW.match(line)
            if row:
                self.row(lineno, row)
            elif not line.startswith("<"):
                self.prose(lineno, line)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="province,prefecture",
                        help="comma-separated: province,prefecture,county,district (county includes district)")
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="qianxian.md (default: %(default)s)")
    parser.add_argument("--out", required=True, help="registry CSV to write")
    parser.add_argument("--rejects", help="write rows that could not be used here (line, id, reason)")
    args = parser.parse_args(argv)

    levels = set()
    for level in args.levels.split(","):
        level = level.strip()
        if level not in LEVELS:
            parser.error("unknown level %r (use %s)" % (level, ",".join(LEVELS)))
        levels.add(level)
        if level == "county":
            levels.add("district")

    try:
        with open(args.source, encoding="utf-8") as f:
            lines = f.readlines()
    except (OSError, UnicodeDecodeError) as e:
        print("build_registry: %s: %s" % (args.source, e), file=sys.stderr)
        return 1

    builder = Builder(levels)
    builder.feed(lines)
    rows = sorted(builder.rows, key=lambda r: r["id"])
    if not rows:
        print("build_registry: %s: no usable rows; is it the qianxian page?" % args.source, file=sys.stderr)
        return 1
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        print("build_registry: duplicate ids in the source", file=sys.stderr)
        return 1

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    if args.rejects:
        with open(args.rejects, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["line", "id", "reason"])
            for line, what, reason in builder.rejects:
                w.writerow([line, what, reason])
    print("build_registry: wrote %d rows to %s; %d rejected" % (len(rows), args.out, len(builder.rejects)),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
