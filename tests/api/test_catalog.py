"""Procedure catalog: search (case, tone marks, đ/Đ), ranking, pagination,
filters, full records, versioned all-or-nothing import (API and CLI)."""
import json
import os
import unicodedata
from urllib.parse import quote, urlencode

import subprocess
import time
import harness
from harness import expect_error, is_vietnamese, run_cli

with open(os.path.join(harness.DATA, "catalog.json"), encoding="utf-8") as f:
    CATALOG = json.load(f)
with open(os.path.join(harness.DATA, "units.json"), encoding="utf-8") as f:
    UNITS = {u["code"]: u for u in json.load(f)["units"]}
DEMO = {p["code"]: p for p in CATALOG["procedures"]}


def nfc(v):
    return unicodedata.normalize("NFC", v) if isinstance(v, str) else v


def search(s, **params):
    r = s.get("/api/v1/procedures?" + urlencode(params))
    assert r.status == 200, (params, r)
    return r.json()


def all_codes(s, **params):
    """Every code of a search, through every page."""
    codes, page = [], 1
    while True:
        d = search(s, page=page, per_page=100, **params)
        codes += [i["code"] for i in d["items"]]
        if page >= d["pages"]:
            return codes
        page += 1


def proc(code, name, **kw):
    """A valid procedure record of the import format."""
    p = {"code": code, "name": name, "field": "Hộ tịch", "levels": ["commune"], "competent_units": ["kind:commune"],
         "documents": [{"name": "Tờ khai theo mẫu", "form": "original", "count": 1, "mandatory": True}],
         "processing_time": {"amount": 2, "unit": "working_day"}, "fees": [{"name": "Lệ phí", "amount": 8000}],
         "legal_basis": ["Luật Hộ tịch 2014"], "online_level": "mot_phan", "effective_from": "2026-01-01"}
    p.update(kw)
    return p


def template(code, unit, *hours):
    roles = ["receiver", "specialist", "leader", "receiver"]
    return {"procedure": code, "unit": unit,
            "steps": [{"name": "Bước %d" % (i + 1), "role": roles[i % 4], "unit": "receiving" if i % 3 == 0 else
                       "competent", "hours": h} for i, h in enumerate(hours)]}


def catalog_doc(procs, tpls=()):
    return {"format": "motcua-catalog/1", "procedures": list(procs), "templates": list(tpls)}


# ---- search ------------------------------------------------------------------

def test_search_ignores_case_tone_marks_and_d_stroke(s):
    variants = ["Đăng ký khai sinh", "dang ky khai sinh", "DANG KY KHAI SINH", "đăng ký khai sinh",
                "ĐĂNG KÝ KHAI SINH", "Dang Ky Khai Sinh", "đang ky khai sinh", "dăng ký khai sinh",
                unicodedata.normalize("NFD", "đăng ký khai sinh"), "  dang   ky  khai   sinh  ",
                # a final i after a consonant is written i or y alike (kí/ký): both spellings are in use
                "đăng kí khai sinh", "dang ki khai sinh", "ĐĂNG KÍ KHAI SINH"]
    results = []
    for v in variants:
        d = search(s, q=v)
        assert d["items"], (v, d)
        assert d["items"][0]["code"] == "1.001193", (v, d["items"][:3])
        assert d["items"][0]["name"] == "Thủ tục đăng ký khai sinh"
        results.append((d["total"], [i["code"] for i in d["items"]]))
    # Not only the first hit: the whole answer is the same for every spelling.
    assert all(r == results[0] for r in results), results
    for v in ["khai sinh", "KHAI SINH", "Khai Sinh", "khái sinh"]:
        d = search(s, q=v)
        assert d["items"][0]["code"] == "1.001193", (v, d["items"][:3])
    # Each hit really holds the words (folded) in its name or field.
    d = search(s, q="dang ky khai sinh", per_page=100)
    for item in d["items"]:
        assert "khai sinh" in item["name"].lower(), item


def test_a_database_folded_the_old_way_is_folded_again(s):
    # A database whose search columns were folded before kí/ký became one (text_fold version 1): opening it
    # folds them again, once; the search finds both spellings.
    with harness.own_server() as t:
        t.stop()
        if t.db.startswith("postgresql://"):
            sql = lambda q: subprocess.run(["psql", "-q", "-d", t.db, "-c", q], check=True, capture_output=True)
        else:
            import sqlite3

            def sql(q):
                c = sqlite3.connect(t.db)
                c.executescript(q)
                c.close()
        sql("UPDATE procedure_versions SET search_folded = REPLACE(search_folded, ' ki ', ' ky '),"
            " name_folded = REPLACE(name_folded, 'dang ki', 'dang ky');"
            "UPDATE meta SET value = '1' WHERE key = 'text_fold_version';")
        out = harness.run_cli("journal", "verify", db=t.db)
        assert "folded again" in out.stderr, out.stderr
        out = harness.run_cli("journal", "verify", db=t.db)
        assert "folded again" not in out.stderr, out.stderr
        t.proc = subprocess.Popen([harness.BIN, "serve", "--db", t.db, "--files", t.files, "--listen",
                                   "127.0.0.1:%d" % t.port, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                  env=dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_WEB=harness.WEB))
        for _ in range(300):
            try:
                if t.get("/api/v1/health").status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        for q in ("dang ki khai sinh", "đăng ký khai sinh"):
            d = search(t, q=q)
            assert d["items"] and d["items"][0]["code"] == "1.001193", (q, d)


def test_search_by_code_and_no_match(s):
    d = search(s, q="1.001193")
    assert d["total"] == 1 and d["items"][0]["code"] == "1.001193", d
    d = search(s, q="khong co thu tuc nao nhu the nay")
    assert d["total"] == 0 and d["items"] == [] and d["pages"] == 0, d


def test_ranking_exact_name_outranks_longer_names(s):
    cases = {"Đăng ký tạm trú": ("1.004194", ["1.010028"]),  # "Xóa đăng ký tạm trú"
             "đăng ký kết hôn": ("1.000894", ["2.000806", "1.000593", "1.000094"]),
             "Thủ tục đăng ký khai sinh": ("1.001193", ["1.003583", "2.000528", "1.000689"]),
             "dang ky khai tu": ("1.000656", ["1.000419", "1.001766"])}
    for q, (exact, longer) in cases.items():
        d = search(s, q=q, per_page=100)
        codes = [i["code"] for i in d["items"]]
        assert codes[0] == exact, (q, codes)
        scores = {i["code"]: i["score"] for i in d["items"]}
        for c in longer:
            assert c in codes, (q, c, codes)
            assert scores[exact] > scores[c], (q, exact, c, scores)
        # Scores never increase down the list.
        assert [i["score"] for i in d["items"]] == sorted(scores.values(), reverse=True), d["items"]


def test_pagination_is_stable_and_complete(s):
    p1 = search(s, q="dang ky", per_page=5, page=1)
    p2 = search(s, q="dang ky", per_page=5, page=2)
    p_last = search(s, q="dang ky", per_page=5, page=p1["pages"])
    total = p1["total"]
    assert total > 10, p1
    assert p2["total"] == total and p_last["total"] == total
    assert (p1["page"], p1["per_page"], p2["page"]) == (1, 5, 2), (p1, p2)
    assert p1["pages"] == (total + 4) // 5
    assert len(p1["items"]) == 5 and len(p2["items"]) == 5
    assert len(p_last["items"]) == total - 5 * (p1["pages"] - 1)
    c1 = [i["code"] for i in p1["items"]]
    c2 = [i["code"] for i in p2["items"]]
    assert not set(c1) & set(c2), (c1, c2)
    # Walking all pages gives each match once, in the order of one big page.
    walked = []
    for page in range(1, p1["pages"] + 1):
        walked += [i["code"] for i in search(s, q="dang ky", per_page=5, page=page)["items"]]
    big = [i["code"] for i in search(s, q="dang ky", per_page=100)["items"]]
    assert walked == big and len(set(walked)) == total, (walked, big)
    # Past the end: empty page, same total.
    d = search(s, q="dang ky", per_page=5, page=p1["pages"] + 1)
    assert d["items"] == [] and d["total"] == total
    # Without a query every procedure is listed.
    assert search(s)["total"] == len(CATALOG["procedures"])
    assert sorted(all_codes(s)) == sorted(DEMO)


def test_per_page_and_page_bounds(s):
    for bad in ["0", "101", "-1", "abc", "1e2", "5.5"]:
        e = expect_error(s.get("/api/v1/procedures?per_page=" + bad), 400, field="per_page")
        assert is_vietnamese(e["message"]), e
    for bad in ["0", "-3", "x"]:
        expect_error(s.get("/api/v1/procedures?page=" + bad), 400, field="page")
    assert len(search(s, per_page=100)["items"]) == len(CATALOG["procedures"])  # 60 ≤ 100
    assert len(search(s, per_page=1)["items"]) == 1
    assert search(s)["per_page"] == 20


def test_filter_by_field(s):
    expected = sorted(c for c, p in DEMO.items() if p["field"] == "Hộ tịch")
    assert len(expected) == 35
    for f in ["Hộ tịch", "ho tich", "HỘ TỊCH", "Ho Tich"]:
        assert sorted(all_codes(s, field=f)) == expected, f
    d = search(s, field="Hộ tịch", q="khai sinh", per_page=100)
    assert d["items"][0]["code"] == "1.001193"
    assert all(i["field"] == "Hộ tịch" for i in d["items"]), d
    # A partial field name is not a field.
    assert search(s, field="Hộ")["total"] == 0
    fields = {i["field"]: i["procedures"] for i in s.get("/api/v1/fields").json()["items"]}
    assert fields["Hộ tịch"] == 35 and fields["Đăng ký, quản lý cư trú"] == 13, fields
    assert sum(fields.values()) == len(DEMO)


def test_filter_by_level_and_online(s):
    province = sorted(c for c, p in DEMO.items() if "province" in p["levels"])
    commune = sorted(c for c, p in DEMO.items() if "commune" in p["levels"])
    assert sorted(all_codes(s, level="province")) == province and len(province) == 6
    assert sorted(all_codes(s, level="commune")) == commune
    full = sorted(c for c, p in DEMO.items() if p["online_level"] == "toan_trinh")
    got = all_codes(s, online="toan_trinh")
    assert sorted(got) == full and len(full) == 9, got
    d = search(s, online="toan_trinh", per_page=100)
    assert all(i["online_level"] == "toan_trinh" and i["online_label"] == "Trực tuyến toàn trình" for i in d["items"]), d
    both = search(s, level="province", online="toan_trinh", per_page=100)
    assert sorted(i["code"] for i in both["items"]) == sorted(set(province) & set(full)), both
    expect_error(s.get("/api/v1/procedures?level=huyen"), 400, field="level")
    expect_error(s.get("/api/v1/procedures?online=mot-phan"), 400, field="online")


def test_filter_by_unit(s):
    def expected(code):
        kind = UNITS[code]["kind"]
        return sorted(c for c, p in DEMO.items()
                      if code in p["competent_units"] or "kind:" + kind in p["competent_units"])
    for unit in ["01273", "01279", "S07", "S03", "TTPVHCC"]:
        got = sorted(all_codes(s, unit=unit))
        assert got == expected(unit), (unit, got)
    # A commune-level unit gets the commune procedures (and no provincial-only one).
    ward = all_codes(s, unit="01273")
    assert "1.001193" in ward and "2.001610" not in ward and "1.013233" not in ward
    assert sorted(all_codes(s, unit="S07")) == ["1.013233", "1.013235"]
    e = expect_error(s.get("/api/v1/procedures?unit=KHONG-CO"), 400, field="unit")
    assert is_vietnamese(e["message"]), e


# ---- one procedure ------------------------------------------------------------

def test_get_full_procedure_record(s):
    r = s.get("/api/v1/procedures/1.001193")
    assert r.status == 200, r
    p = r.json()
    src = DEMO["1.001193"]
    assert (p["code"], p["name"], p["field"]) == ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
    assert (p["version"], p["current_version"]) == (1, 1)
    assert p["levels"] == [{"level": "commune", "label": "Cấp xã"}], p["levels"]
    assert sorted(p["competent_units"]) == ["kind:commune", "kind:ward"]
    assert p["processing_time"] == {"amount": 1, "unit": "working_day", "text": "1 ngày làm việc"}, p
    assert p["online_level"] == "mot_phan" and p["online_label"] == "Trực tuyến một phần"
    assert p["cutoff"] is None
    # Documents: all of them, in file order, every attribute kept (text as NFC:
    # the demo file has decomposed tone marks in places).
    assert len(p["documents"]) == len(src["documents"]) > 5
    for i, (got, want) in enumerate(zip(p["documents"], src["documents"])):
        assert got["seq"] == i + 1, got
        for k in ["name", "form", "count", "mandatory", "template", "group"]:
            assert got[k] == nfc(want.get(k)), (i, k, got[k], want.get(k))
    assert [(f["name"], f["amount"]) for f in p["fees"]] == [(nfc(f["name"]), f["amount"]) for f in src["fees"]]
    assert p["legal_basis"] == [nfc(x) for x in src["legal_basis"]]
    assert p["effective_from"] == src["effective_from"]
    # Templates: one per selector, the step hours add up to the total.
    tpls = {t["unit"]: t for t in p["templates"]}
    assert sorted(tpls) == ["kind:commune", "kind:ward"], list(tpls)
    for t in tpls.values():
        assert t["total_hours"] == 7.5, t
        assert abs(sum(st["hours"] for st in t["steps"]) - t["total_hours"]) < 1e-9, t
        assert [st["hours"] for st in t["steps"]] == [0.5, 5.0, 1.5, 0.5], t
        assert [st["role"] for st in t["steps"]] == ["receiver", "specialist", "leader", "receiver"]
        assert [st["seq"] for st in t["steps"]] == [1, 2, 3, 4]
    r = s.get("/api/v1/procedures/1.001193/templates")
    assert r.status == 200 and r.json()["templates"] == p["templates"], r
    # Every demo template: hours add up to amount × 7.5 (or the hour amount).
    for t in CATALOG["templates"][:20]:
        pt = DEMO[t["procedure"]]["processing_time"]
        want = pt["amount"] if pt["unit"] == "working_hour" else max(pt["amount"], 1) * 7.5
        got = [x for x in s.get("/api/v1/procedures/%s/templates" % t["procedure"]).json()["templates"]
               if x["unit"] == t["unit"]]
        assert len(got) == 1 and got[0]["total_hours"] == want, (t["procedure"], got, want)
        assert abs(sum(st["hours"] for st in got[0]["steps"]) - want) < 1e-9


def test_same_day_procedure_with_cutoff(s):
    p = s.get("/api/v1/procedures/2.000815").json()
    assert p["processing_time"] == {"amount": 0, "unit": "working_day", "text": "Trong ngày làm việc"}, p
    assert p["cutoff"] == "15:00", p
    p = s.get("/api/v1/procedures/2.001159").json()
    assert p["processing_time"] == {"amount": 1, "unit": "working_hour", "text": "1 giờ làm việc"}, p


def test_unknown_procedure_is_404(s):
    e = expect_error(s.get("/api/v1/procedures/9.999999"), 404)
    assert is_vietnamese(e["message"]) and "9.999999" in e["message"], e
    expect_error(s.get("/api/v1/procedures/9.999999/versions"), 404)
    expect_error(s.get("/api/v1/procedures/9.999999/templates"), 404)
    expect_error(s.get("/api/v1/procedures/1.001193?version=abc"), 400, field="version")
    expect_error(s.get("/api/v1/procedures/1.001193?version=0"), 400, field="version")
    e = expect_error(s.get("/api/v1/procedures/1.001193?version=2"), 404)
    # The English message is English.
    assert not is_vietnamese(e["message_en"]), e


# ---- import -----------------------------------------------------------------

def test_import_new_unchanged_then_new_version(s):
    admin = s.login("admin")
    doc = catalog_doc([proc("9.000001", "Thủ tục cấp thẻ thử nghiệm Pác Bó")],
                      [template("9.000001", "kind:commune", 1, 12, 1.5, 0.5)])
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.status == 200, r
    assert r.json() == {"procedures": {"added": 1, "changed": 0, "unchanged": 0},
                        "templates": {"added": 1, "changed": 0, "unchanged": 0}}, r
    d = search(s, q="pac bo")
    assert [i["code"] for i in d["items"]] == ["9.000001"], d
    p = s.get("/api/v1/procedures/9.000001").json()
    assert p["version"] == 1 and p["templates"][0]["total_hours"] == 15.0, p
    assert [st["hours"] for st in p["templates"][0]["steps"]] == [1.0, 12.0, 1.5, 0.5]

    # The same content again (even with the name in decomposed Unicode): unchanged.
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.json() == {"procedures": {"added": 0, "changed": 0, "unchanged": 1},
                        "templates": {"added": 0, "changed": 0, "unchanged": 1}}, r
    nfd = json.loads(json.dumps(doc))
    nfd["procedures"][0]["name"] = unicodedata.normalize("NFD", nfd["procedures"][0]["name"])
    r = s.post("/api/v1/catalog/import", nfd, token=admin)
    assert r.json()["procedures"] == {"added": 0, "changed": 0, "unchanged": 1}, r
    assert [v["version"] for v in s.get("/api/v1/procedures/9.000001/versions").json()["versions"]] == [1]

    # A changed name: version 2 becomes current, version 1 stays readable.
    doc["procedures"][0]["name"] = "Thủ tục cấp thẻ thử nghiệm Thác Bản Giốc"
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.json() == {"procedures": {"added": 0, "changed": 1, "unchanged": 0},
                        "templates": {"added": 0, "changed": 0, "unchanged": 1}}, r
    cur = s.get("/api/v1/procedures/9.000001").json()
    assert (cur["version"], cur["current_version"], cur["name"]) == \
        (2, 2, "Thủ tục cấp thẻ thử nghiệm Thác Bản Giốc"), cur
    old = s.get("/api/v1/procedures/9.000001?version=1").json()
    assert (old["version"], old["current_version"], old["name"]) == \
        (1, 2, "Thủ tục cấp thẻ thử nghiệm Pác Bó"), old
    v = s.get("/api/v1/procedures/9.000001/versions").json()
    assert v["code"] == "9.000001" and [x["version"] for x in v["versions"]] == [1, 2], v
    assert all(x["imported_at"].endswith("+07:00") for x in v["versions"]), v
    # Search sees only the current version.
    assert search(s, q="pac bo")["total"] == 0
    d = search(s, q="ban gioc")
    assert [(i["code"], i["version"]) for i in d["items"]] == [("9.000001", 2)], d
    expect_error(s.get("/api/v1/procedures/9.000001?version=3"), 404)

    # A changed template: new template version, the procedure unchanged.
    doc["templates"] = [template("9.000001", "kind:commune", 0.5, 13, 1, 0.5)]
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.json() == {"procedures": {"added": 0, "changed": 0, "unchanged": 1},
                        "templates": {"added": 0, "changed": 1, "unchanged": 0}}, r
    t = s.get("/api/v1/procedures/9.000001/templates").json()["templates"]
    assert len(t) == 1 and t[0]["version"] == 2 and [x["hours"] for x in t[0]["steps"]] == [0.5, 13, 1, 0.5], t


test_import_new_unchanged_then_new_version.fresh = True


def test_import_with_bad_records_lists_every_problem_and_writes_nothing(s):
    admin = s.login("admin")
    before = search(s)["total"]
    doc = catalog_doc([
        proc("9.000010", "Thủ tục tốt thứ nhất Nà Giàng"),                                   # 0 good
        proc("9.000011", None),                                                              # 1 no name
        proc("9.000012", "Mức sai", online_level="hoan_toan"),                               # 2
        proc("9.000013", "Phí âm", fees=[{"name": "Lệ phí", "amount": -5000}]),              # 3
        proc("9.000014", "Đơn vị lạ", competent_units=["KHONG-CO"]),                         # 4
        proc("9.000015", "Thủ tục tốt thứ hai Nà Giàng"),                                    # 5 good
    ], [
        template("9.000015", "kind:commune", 1, 10),          # 0: 11 h ≠ 2 × 7.5 h
        template("9.000010", "kind:hanh-tinh", 1, 14),        # 1: unknown unit kind
        template("9.000010", "kind:commune", 1, 14),          # 2 good
    ])
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.status == 400, r
    err = r.json()["error"]
    assert err["code"] == "invalid_input" and is_vietnamese(err["message"]), err
    problems = err["problems"]
    got = {(p["section"], p["index"], p["field"]) for p in problems}
    for want in [("procedures", 1, "name"), ("procedures", 2, "online_level"),
                 ("procedures", 3, "fees[0].amount"), ("procedures", 4, "competent_units"),
                 ("templates", 0, "steps"), ("templates", 1, "unit")]:
        assert want in got, (want, sorted(got))
    # The good records are not blamed.
    assert not [p for p in problems if p["section"] == "procedures" and p["index"] in (0, 5)], problems
    assert not [p for p in problems if p["section"] == "templates" and p["index"] == 2], problems
    assert all(p["reason"] and is_vietnamese(p["reason"]) for p in problems), problems
    # Nothing written: not even the good records of the same file.
    assert search(s, q="na giang")["total"] == 0
    expect_error(s.get("/api/v1/procedures/9.000010"), 404)
    expect_error(s.get("/api/v1/procedures/9.000015"), 404)
    assert search(s)["total"] == before
    # The one error shape has "field" too (null/empty when no single field).
    assert "message_en" in err and "field" in err, err


test_import_with_bad_records_lists_every_problem_and_writes_nothing.fresh = True


def test_import_shape_errors(s):
    admin = s.login("admin")
    e = expect_error(s.post("/api/v1/catalog/import", {"format": "motcua-catalog/2", "procedures": []},
                            token=admin), 400, field="format")
    assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/catalog/import", {"format": "motcua-catalog/1", "procedures": []}, token=admin), 400)
    expect_error(s.post("/api/v1/catalog/import", {"format": "motcua-catalog/1", "procedures": {}}, token=admin), 400)
    # An unknown member (a typo) is a problem of that record.
    r = s.post("/api/v1/catalog/import",
               catalog_doc([proc("9.000020", "Gõ sai tên trường", efective_from="2026-01-01")]), token=admin)
    assert r.status == 400, r
    got = {(p["section"], p["index"], p["field"]) for p in r.json()["error"]["problems"]}
    assert ("procedures", 0, "efective_from") in got, got
    expect_error(s.get("/api/v1/procedures/9.000020"), 404)


def test_import_follows_documented_field_rules(s):
    """docs/catalog-format.md: sets ≥ 1 when present; step hours a multiple of
    0.25; effective_to ≥ effective_from; cutoff HH:MM."""
    admin = s.login("admin")
    doc = catalog_doc([
        proc("9.000050", "Quy tắc một", sets=0),
        proc("9.000051", "Quy tắc hai", effective_from="2026-05-01", effective_to="2026-04-30"),
        proc("9.000052", "Quy tắc ba", cutoff="15h00"),
        proc("9.000053", "Quy tắc bốn", effective_from="2026-02-30"),
    ], [template("9.000050", "kind:commune", 0.1, 14.9)])
    r = s.post("/api/v1/catalog/import", doc, token=admin)
    assert r.status == 400, r
    got = {(p["section"], p["index"], p["field"]) for p in r.json()["error"]["problems"]}
    missing = [w for w in [("procedures", 1, "effective_to"), ("procedures", 2, "cutoff"),
                           ("procedures", 3, "effective_from"), ("procedures", 0, "sets"),
                           ("templates", 0, "steps[0].hours")] if w not in got]
    assert not missing, (missing, sorted(got))
    expect_error(s.get("/api/v1/procedures/9.000053"), 404)


def test_import_needs_admin(s):
    doc = catalog_doc([proc("9.000030", "Thủ tục của người không có quyền")])
    e = expect_error(s.post("/api/v1/catalog/import", doc), 401)
    assert is_vietnamese(e["message"]), e
    for user in ["tiepnhan.tinh", "lanhdao.tuphap", "giamsat", "0912345678"]:
        e = expect_error(s.post("/api/v1/catalog/import", doc, token=s.login(user)), 403)
        assert is_vietnamese(e["message"]), (user, e)
    expect_error(s.get("/api/v1/procedures/9.000030"), 404)


def test_kept_search_answers_equal_the_direct_search(s):
    """Search answers are kept per query under the catalog's generation (api_procedures.c). Each generated
    query is asked, asked again (kept), and asked with its words spaced differently (another key, so
    searched afresh): the three bodies are equal, before and after an import that changes the catalog."""
    import random
    rnd = random.Random(19)
    units = sorted(UNITS)
    fields = sorted({p["field"] for p in CATALOG["procedures"]})
    queries = []
    for p in rnd.sample(CATALOG["procedures"], 40):
        words = p["name"].split()[2:]
        start = rnd.randrange(max(1, len(words) - 1))
        q = {"q": " ".join(words[start:start + rnd.randint(1, 3)]), "per_page": rnd.randint(1, 12),
             "page": rnd.choice([1, 1, 2])}
        extra = rnd.randrange(5)
        if extra == 1:
            q["field"] = rnd.choice(fields)
        elif extra == 2:
            q["level"] = rnd.choice(["commune", "province"])
        elif extra == 3:
            q["online"] = rnd.choice(["toan_trinh", "mot_phan", "none"])
        elif extra == 4:
            q["unit"] = rnd.choice(units)
        queries.append(q)

    def body(q, spaces=1):
        q = dict(q, q=(" " * spaces).join(q["q"].split()))
        r = s.get("/api/v1/procedures?" + urlencode(q))
        assert r.status == 200, (q, r)
        return r.body

    def round_of(spaces):
        got = []
        for q in queries:
            first, kept, afresh = body(q), body(q), body(q, spaces)
            assert kept == first, (q, first, kept)
            assert afresh == first, (q, first, afresh)
            got.append(first)
        return got

    before = round_of(2)
    found = sum(json.loads(b)["total"] > 0 for b in before)
    assert found >= 20, ("the generated queries should find something", found)
    # Rename the procedures the first ten queries found: the kept answers must not outlive the change.
    admin = s.login("admin")
    renamed = []
    for b in before[:10]:
        for item in json.loads(b)["items"][:1]:
            if item["code"] not in [p["code"] for p in renamed]:
                renamed.append(dict(DEMO[item["code"]], name=DEMO[item["code"]]["name"] + " (sửa đổi)"))
    assert renamed
    r = s.post("/api/v1/catalog/import", catalog_doc(renamed), token=admin)
    assert r.status == 200 and r.json()["procedures"]["changed"] == len(renamed), r
    after = round_of(3)
    assert sum(a != b for a, b in zip(after, before)) >= 1, "renamed procedures must show in the answers"
    new_names = {p["code"]: p["name"] for p in renamed}
    seen = 0
    for b in after:
        for item in json.loads(b)["items"]:
            if item["code"] in new_names:
                assert (item["name"], item["version"]) == (new_names[item["code"]], 2), item
                seen += 1
    assert seen >= len(renamed), (seen, len(renamed))


test_kept_search_answers_equal_the_direct_search.fresh = True


def test_cli_catalog_import(s):
    bad = catalog_doc([proc("9.000040", "Thủ tục CLI tốt Trùng Khánh"),
                       proc("9.000041", "Thủ tục CLI lỗi", levels=[]),
                       proc("9.000042", "Thủ tục CLI lỗi hai", processing_time={"amount": -1, "unit": "working_day"})])
    path = os.path.join(s.dir, "bad-catalog.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(bad, f, ensure_ascii=False)
    p = run_cli("catalog", "import", path, db=s.db, check=False)
    assert p.returncode != 0, p
    assert "procedures[1]" in p.stderr and "procedures[2]" in p.stderr, p.stderr
    assert "procedures[0]" not in p.stderr, p.stderr
    assert search(s, q="trung khanh")["total"] == 0
    # A good file goes in, and the running server sees it.
    good = catalog_doc([proc("9.000040", "Thủ tục CLI tốt Trùng Khánh")],
                       [template("9.000040", "kind:ward", 7.5, 7.5)])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(good, f, ensure_ascii=False)
    p = run_cli("catalog", "import", path, db=s.db)
    assert p.returncode == 0, p
    d = search(s, q="trung khanh")
    assert [i["code"] for i in d["items"]] == ["9.000040"], d
    # Not JSON at all.
    with open(path, "w") as f:
        f.write("{ not json")
    assert run_cli("catalog", "import", path, db=s.db, check=False).returncode != 0


test_cli_catalog_import.fresh = True


if __name__ == "__main__":
    harness.main(globals())
