"""The provinces' national PAR INDEX and SIPAS (issue 17, "the province's own place"), black-box.

`init --demo` loads data/parindex-national/; the API's figures for Cao Bằng (value, rank, count ranked,
national average, best and worst known, change against the year before) equal this test's own reading
of the files. `motcua parindex national-import`: re-import of the same content is a no-op; other
content for a year is refused unless --replace; a bad file (duplicate rank, value 120, missing source)
is refused with a Vietnamese message naming the row, and nothing of the import is stored. The public
page renders the chart and the table.
"""
import copy
import glob
import json
import os
import shutil
import tempfile
import urllib.parse

import harness
from harness import expect_error, is_vietnamese, run_cli

DIR = os.path.join(harness.DATA, "parindex-national")
FILES = sorted(glob.glob(os.path.join(DIR, "*.json")))
CB = "Cao Bằng"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def h(x):
    return None if x is None else int(round(x * 100))


def find(doc, province):
    for r in doc["rows"]:
        if r["province"] == province:
            return r
    return None


def extreme(doc, best):
    """The best or worst row known, read from the file: by rank, then a row known only by its value when
    that value is beyond the chosen row's."""
    ranked = [r for r in doc["rows"] if r.get("rank")]
    b = (min if best else max)(ranked, key=lambda r: r["rank"]) if ranked else None
    for r in doc["rows"]:
        if r.get("rank") or r.get("value") is None:
            continue
        if b is None or (b.get("value") is not None and (r["value"] > b["value"] if best else r["value"] < b["value"])):
            b = r
    return b


def national(s, province=CB):
    return s.request("GET", "/api/v1/par/national?province=" + urllib.parse.quote(province))


def test_api_figures_equal_the_files(s):
    docs = [load(p) for p in FILES]
    assert len(docs) >= 6, FILES
    r = national(s)
    assert r.status == 200, r
    body = r.json()
    assert body["province"] == CB and "63" in body["basis"] and "34" in body["basis"]
    by = {(x["index"], y["year"]): y for x in body["indices"] for y in x["years"]}
    assert len(by) == len(docs), (sorted(by), len(docs))
    for d in docs:
        y = by[(d["index"], d["year"])]
        assert y["ranked"] == d["ranked"]
        assert h(y["national_average"]) == h(d.get("national_average")), (d["year"], d["index"])
        me = find(d, CB)
        assert y["known"] == (me is not None)
        assert h(y["value"]) == h(me.get("value") if me else None)
        assert y["rank"] == (me.get("rank") if me else None)
        for key, best in (("best", True), ("worst", False)):
            want = extreme(d, best)
            assert y[key]["province"] == want["province"], (d["year"], d["index"], key, y[key], want)
            assert h(y[key]["value"]) == h(want.get("value")) and y[key]["rank"] == want.get("rank")
        assert y["source"] == {k: d["source"][k] for k in ("title", "issuer", "date", "url")}
        assert y["rows_known"] == len(d["rows"])
        prev = [p for p in docs if p["index"] == d["index"] and p["year"] == d["year"] - 1]
        if not prev:
            assert y["change"] is None
            continue
        was = find(prev[0], CB)
        ch = y["change"]
        assert ch["from_year"] == d["year"] - 1 and ch["comparable"] == (prev[0]["ranked"] == d["ranked"])
        wv, mv = (was or {}).get("value"), (me or {}).get("value")
        assert h(ch["value"]) == (None if wv is None or mv is None else h(mv) - h(wv))
        wr, mr = (was or {}).get("rank"), (me or {}).get("rank")
        assert ch["rank"] == (None if wr is None or mr is None or not ch["comparable"] else wr - mr)
    # What the sources found say of Cao Bằng in 2024: last of 63 in the PAR INDEX, 57th in the SIPAS.
    assert by[("par_index", 2024)]["rank"] == 63 and by[("sipas", 2024)]["rank"] == 57
    # Another province, and the errors.
    r = national(s, "Quảng Ninh")
    assert r.status == 200 and r.json()["indices"][0]["years"][0]["rank"] == 1, r
    e = expect_error(s.request("GET", "/api/v1/par/national"), 400, "province")
    assert is_vietnamese(e["message"]), e
    e = expect_error(national(s, "Không Có"), 404, "province")
    assert is_vietnamese(e["message"]), e


def test_page_renders_chart_and_table(s):
    r = s.request("GET", "/chi-so-cchc-quoc-gia")
    assert r.status == 200, r
    page = r.body.decode("utf-8")
    assert page.count("<svg") == 2 and page.count("<table") == 2, page[:500]
    assert "Cao Bằng" in page and "63 tỉnh, thành phố" in page and "34 tỉnh, thành phố" in page
    assert "63/63" in page and "57/63" in page and "83,94%" in page
    assert "<caption>Chỉ số cải cách hành chính (PAR INDEX) của Cao Bằng theo năm</caption>" in page
    r = s.request("GET", "/chi-so-cchc-quoc-gia?province=" + urllib.parse.quote("Không Có"))
    assert r.status == 404 and "Không có kết quả" in r.body.decode("utf-8"), r


class Db:
    """A fresh database without the demo, for imports."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="motcua-parn-")
        self.db = harness.new_db(self.dir)
        run_cli("init", db=self.db)

    def imp(self, path, *extra):
        return run_cli("parindex", "national-import", path, *extra, db=self.db, check=False)

    def rows(self):
        return harness.count_rows(self.db, "par_national"), harness.count_rows(self.db, "par_national_rows")


def write(folder, name, doc):
    p = os.path.join(folder, name)
    with open(p, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return p


def test_import_reimport_and_replace(s):
    d = Db()
    try:
        p = d.imp(DIR)
        assert p.returncode == 0 and "Đã nạp %d bảng" % len(FILES) in p.stdout, (p.stdout, p.stderr)
        want = (len(FILES), sum(len(load(f)["rows"]) for f in FILES))
        assert d.rows() == want
        # The same content again, even written differently: nothing changes.
        doc = load(FILES[-1])
        tmp = tempfile.mkdtemp(prefix="motcua-parn-f-")
        with open(os.path.join(tmp, "same.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=True, indent=4)
        p = d.imp(DIR)
        assert p.returncode == 0 and "Đã nạp 0 bảng" in p.stdout and "%d đã có" % len(FILES) in p.stdout, p.stdout
        p = d.imp(os.path.join(tmp, "same.json"))
        assert p.returncode == 0 and "1 đã có" in p.stdout, (p.stdout, p.stderr)
        assert d.rows() == want
        # Other content for the same year and index: refused, then replaced when asked.
        other = copy.deepcopy(doc)
        other["rows"] = other["rows"][:1]
        path = write(tmp, "other.json", other)
        p = d.imp(path)
        assert p.returncode == 1 and "--replace" in p.stderr and is_vietnamese(p.stderr), p.stderr
        assert d.rows() == want
        p = d.imp(path, "--replace")
        assert p.returncode == 0 and "1 thay thế" in p.stdout, (p.stdout, p.stderr)
        assert d.rows() == (want[0], want[1] - len(doc["rows"]) + 1)
        shutil.rmtree(tmp, ignore_errors=True)
    finally:
        shutil.rmtree(d.dir, ignore_errors=True)


def test_bad_files_are_refused_whole(s):
    d = Db()
    tmp = tempfile.mkdtemp(prefix="motcua-parn-b-")
    try:
        good = load(FILES[0])
        dup = copy.deepcopy(good)
        dup["rows"][1]["rank"] = dup["rows"][0]["rank"]
        dup["rows"][1]["value"] = 80.5
        high = copy.deepcopy(good)
        high["rows"][1]["value"] = 120
        nosrc = copy.deepcopy(good)
        del nosrc["source"]
        row2 = "Dòng 2 (%s)" % good["rows"][1]["province"]
        for name, doc, words in (("dup", dup, [row2, "trùng với dòng 1"]), ("high", high, [row2, "120,00"]),
                                 ("nosrc", nosrc, ["Thiếu nguồn", "source.title"])):
            folder = os.path.join(tmp, name)
            os.makedirs(folder)
            # A good file beside it (first in name order): nothing of the folder is stored.
            write(folder, "0-good.json", load(FILES[1]))
            write(folder, "1-bad.json", doc)
            p = d.imp(folder)
            assert p.returncode != 0 and not p.stdout, (name, p.stdout, p.stderr)
            assert is_vietnamese(p.stderr) and "1-bad.json" in p.stderr, p.stderr
            for w in words:
                assert w in p.stderr, (name, w, p.stderr)
            assert d.rows() == (0, 0), name
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(d.dir, ignore_errors=True)


if __name__ == "__main__":
    harness.main(globals())
