"""SIPAS survey campaigns, black-box (issue 14): results the test computes itself (element indices,
overall, n, 95% CI, to 2 decimals); a unit below the minimum marked and not ranked; paper answers as
CSV and as XLSX (built here with zipfile) import identically; a file with bad rows is refused line by
line and nothing is stored; the sample: its size, only root dossiers returned in the period and
subtree, no duplicates, what makes it reproducible recorded; a token answers once; no dossier in the
period; scoping; the limits of an import; exports whose cells cannot be formulas."""
import io
import json
import math
import random
import re
import zipfile

import harness
from harness import count_rows, expect_error, is_vietnamese

VERSION = "sipas-2023-1"
ITEMS = ["Q9.%d" % i for i in range(15, 34)]
# Element of each item (Q9 part II: 4, 4, 5, 3, 3 items), in questionnaire order.
ELEMENT_OF = {}
for code, n in (("1", 4), ("2", 4), ("3", 5), ("4", 3), ("5", 3)):
    for _ in range(n):
        ELEMENT_OF[ITEMS[len(ELEMENT_OF)]] = code
ELEMENTS = ["1", "2", "3", "4", "5"]
PROFILE = ["gioi_tinh", "do_tuoi", "dan_toc", "hoc_van", "nghe_nghiep", "noi_song", "noi_song_cu_the"]
HEADER = ["don_vi"] + PROFILE + ITEMS


def campaign(s, token, unit="04", frm="2026-01-01", to="2026-12-31", sample=10, **kw):
    body = dict({"name": "Khảo sát thử %s" % unit, "from": frm, "to": to, "unit": unit, "sample_size": sample}, **kw)
    r = s.post("/api/v1/surveys", body, token=token)
    assert r.status == 201, r
    return r.json()["id"]


def respondents(seed, units):
    """A generated set of paper answers: {unit: n} → rows [unit, profile..., answers...] (None = no answer)."""
    rnd = random.Random(seed)
    rows = []
    for unit, n in units:
        for _ in range(n):
            answers = [rnd.choice([None, 1, 2, 3, 4, 4, 5, 5]) for _ in ITEMS]
            if all(a is None for a in answers):
                answers[0] = 3
            profile = [rnd.choice([None, 1, 2]) for _ in PROFILE]
            rows.append([unit] + profile + answers)
    return rows


def to_csv(rows, header=HEADER):
    out = io.StringIO()
    out.write(",".join(header) + "\r\n")
    for r in rows:
        out.write(",".join("" if v is None else str(v) for v in r) + "\r\n")
    return out.getvalue().encode("utf-8")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, k = divmod(i - 1, 26)
        s = chr(65 + k) + s
    return s


def to_xlsx(rows, header=HEADER, huge_sheet=0):
    """A minimal workbook: the header as shared strings, unit codes as inline strings, answers as numbers."""
    shared = list(header)
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>']
    sheet.append('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (col_name(i), i) for i in range(len(header)))
                 + "</row>")
    for n, r in enumerate(rows, start=2):
        cells = []
        for i, v in enumerate(r):
            if v is None:
                continue
            ref = "%s%d" % (col_name(i), n)
            if isinstance(v, str):
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v))
            else:
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
        sheet.append('<row r="%d">%s</row>' % (n, "".join(cells)))
    sheet.append("</sheetData></worksheet>")
    body = "".join(sheet)
    if huge_sheet:
        body = body.replace("</worksheet>", "<!--" + " " * huge_sheet + "--></worksheet>")
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join("<si><t>%s</t></si>" % h for h in shared) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/worksheets/sheet1.xml", body)
    return buf.getvalue()


def multipart(name, filename, data, fields=()):
    b = "----motcuaSurveyTest"
    parts = []
    for k, v in fields:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                  "Content-Type: application/octet-stream\r\n\r\n" % (b, name, filename)).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % b).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + b


def import_csv(s, token, cid, data):
    return s.request("POST", "/api/v1/surveys/%d/import" % cid, raw=data, token=token, ctype="text/csv")


def import_file(s, token, cid, filename, data):
    body, ctype = multipart("tep", filename, data)
    return s.request("POST", "/api/v1/surveys/%d/import" % cid, raw=body, token=token, ctype=ctype)


# ---- the expected results, computed here --------------------------------------------------------------

def mean_sd_ci(values, center=None):
    n = len(values)
    if n == 0:
        return 0, 0, 0, None
    m = 100 * sum(values) / n
    if n < 2:
        return n, m, 0, None
    sd = 100 * math.sqrt(sum((v - sum(values) / n) ** 2 for v in values) / (n - 1))
    c = m if center is None else center
    half = 1.96 * sd / math.sqrt(n)
    return n, m, sd, (max(0.0, c - half), min(100.0, c + half))


def expected(rows):
    per_el = {e: [] for e in ELEMENTS}
    overall = []
    for r in rows:
        answers = dict(zip(ITEMS, r[1 + len(PROFILE):]))
        scores = {}
        for e in ELEMENTS:
            got = [v for k, v in answers.items() if ELEMENT_OF[k] == e and v is not None]
            if got:
                scores[e] = sum(1 for v in got if v >= 4) / len(got)
                per_el[e].append(scores[e])
        overall.append(sum(scores.values()) / len(scores))  # equal weights
    els = {e: mean_sd_ci(per_el[e]) for e in ELEMENTS}
    idx = [els[e][1] for e in ELEMENTS if els[e][0]]
    ov_index = sum(idx) / len(idx)
    n, _, sd, ci = mean_sd_ci(overall, center=ov_index)
    return {"n": len(rows), "elements": els, "overall": (n, ov_index, sd, ci)}


def close(a, b):
    return abs(a - b) <= 0.0051


def check_stat(got, want, what):
    n, index, sd, ci = want
    assert got["n"] == n, (what, got, want)
    assert close(got["index"], index), (what, got["index"], index)
    assert close(got["sd"], sd), (what, got["sd"], sd)
    if ci is None:
        assert got["ci"] is None, (what, got)
    else:
        assert close(got["ci"][0], ci[0]) and close(got["ci"][1], ci[1]), (what, got["ci"], ci)


def check_unit(got, rows, what):
    want = expected(rows)
    assert got["respondents"] == want["n"], (what, got["respondents"], want["n"])
    for el in got["elements"]:
        check_stat(el, want["elements"][el["code"]], "%s element %s" % (what, el["code"]))
    check_stat(got["overall"], want["overall"], what + " overall")


UNITS = [("01273", 40), ("01279", 33), ("01288", 12)]


def test_results_computed_independently_and_the_unit_below_minimum(s):
    g = s.login("giamsat")
    cid = campaign(s, g)
    rows = respondents(7, UNITS)
    r = import_csv(s, g, cid, to_csv(rows))
    assert r.status == 200 and r.json()["imported"] == len(rows), r
    res = s.get("/api/v1/surveys/%d/results" % cid, token=g).json()
    assert res["min_answers"] == 30 and [e["weight"] for e in res["elements"]] == [1, 1, 1, 1, 1], res["elements"]
    check_unit(res["scope"], rows, "province")
    by = {u["code"]: u for u in res["units"]}
    assert set(by) == {"01273", "01279", "01288"}, by.keys()
    for code, _ in UNITS:
        check_unit(by[code], [r for r in rows if r[0] == code], code)
    # 01288 has 12 answers < 30: marked, not ranked; the others ranked by overall index.
    assert by["01288"]["enough"] is False and by["01288"]["rank"] is None and by["01288"]["mark"] == "không đủ số phiếu"
    ranked = sorted(("01273", "01279"), key=lambda c: -by[c]["overall"]["index"])
    assert [by[c]["rank"] for c in ranked] == [1, 2], by
    assert [u["code"] for u in res["units"]] == ranked + ["01288"], "ranked first, the marked after"
    # Item shares: satisfied / answers, per item.
    for it in res["scope"]["items"]:
        k = 1 + len(PROFILE) + ITEMS.index(it["code"])
        got = [r[k] for r in rows if r[k] is not None]
        assert it["answers"] == len(got) and it["satisfied"] == sum(1 for v in got if v >= 4), it
        assert close(it["share"], 100 * it["satisfied"] / it["answers"]), it
    # One unit asked for: the same numbers as its row.
    one = s.get("/api/v1/surveys/%d/results?unit=01279" % cid, token=g).json()
    check_unit(one["scope"], [r for r in rows if r[0] == "01279"], "01279 alone")
    # The page shows the same numbers (one computation): the province's overall index as written there.
    page = s.get("/can-bo/khao-sat/%d" % cid, token=g).body.decode()
    assert ("%.2f" % res["scope"]["overall"]["index"]).replace(".", ",") in page
    assert "không đủ số phiếu" in page
    # The journal names the import.
    ev = s.get("/api/v1/surveys/%d" % cid, token=g).json()["events"]
    assert [e["action"] for e in ev] == ["create", "import"] and ev[1]["actor"] == "giamsat", ev


def test_xlsx_imports_like_csv(s):
    g = s.login("giamsat")
    rows = respondents(11, [("01273", 31), ("01279", 5)])
    a, b = campaign(s, g), campaign(s, g)
    assert import_csv(s, g, a, to_csv(rows)).status == 200
    r = import_file(s, g, b, "phieu.xlsx", to_xlsx(rows))
    assert r.status == 200 and r.json() == {"imported": len(rows), "batch": 1, "format": "xlsx"}, r
    ra = s.get("/api/v1/surveys/%d/results" % a, token=g).json()
    rb = s.get("/api/v1/surveys/%d/results" % b, token=g).json()
    for k in ("scope", "units"):
        assert ra[k] == rb[k], k
    # The same file as CSV through multipart.
    c = campaign(s, g)
    assert import_file(s, g, c, "phieu.csv", to_csv(rows)).status == 200
    assert s.get("/api/v1/surveys/%d/results" % c, token=g).json()["scope"] == ra["scope"]


def test_bad_rows_refused_line_by_line_and_nothing_stored(s):
    g = s.login("giamsat")
    cid = campaign(s, g)
    rows = respondents(3, [("01273", 6)])
    rows[1][1 + len(PROFILE)] = 7                   # line 3: an answer out of the scale
    rows[2][0] = "99999"                            # line 4: no such unit
    rows[4][1] = 9                                  # line 6: not an option of gioi_tinh
    rows[5][1 + len(PROFILE):] = [None] * len(ITEMS)  # line 7: nothing answered
    before = count_rows(s.db, "survey_responses")
    data = to_csv(rows).replace(b"\r\n01273,", b"\r\n01273 ,", 1)
    r = import_csv(s, g, cid, data)
    e = expect_error(r, 400, field="file")
    got = [(l["line"], l["column"]) for l in e["lines"]]
    assert got == [(3, "Q9.15"), (4, "don_vi"), (6, "gioi_tinh"), (7, None)], got
    assert all(is_vietnamese(l["reason"]) for l in e["lines"]), e["lines"]
    assert "không phiếu nào được nhập" in e["message"], e
    assert count_rows(s.db, "survey_responses") == before, "nothing stored"
    # A wrong header: each unknown or missing column named on line 1.
    bad = to_csv(rows[:1], header=["don_vi", "Q9.15", "cot_la"] + ITEMS[2:])
    e = expect_error(import_csv(s, g, cid, bad), 400)
    assert (1, "cot_la") in [(l["line"], l["column"]) for l in e["lines"]], e
    assert (1, "Q9.16") in [(l["line"], l["column"]) for l in e["lines"]], e
    # The same bad rows as XLSX: reported by their row.
    e = expect_error(import_file(s, g, cid, "x.xlsx", to_xlsx(rows)), 400)
    assert [(l["line"], l["column"]) for l in e["lines"]] == got, e["lines"]
    # The page: the faults in a table, line by line, nothing imported.
    page = s.get("/can-bo/khao-sat/%d" % cid, token=g)
    assert page.status == 200
    assert count_rows(s.db, "survey_responses") == before
    assert s.get("/api/v1/surveys/%d" % cid, token=g).json()["responses"] == 0


def test_limits_of_an_import(s):
    g = s.login("giamsat")
    cid = campaign(s, g)
    before = count_rows(s.db, "survey_responses")
    # More than 2 MB.
    big = to_csv([]) + b"01273" + b"," * (2 << 20) + b"\r\n"
    e = expect_error(import_csv(s, g, cid, big), 413)
    assert "2 MB" in e["message"], e
    # More than 5000 rows.
    many = to_csv([["01273"] + [None] * len(PROFILE) + [4] * len(ITEMS)] * 5001)
    e = expect_error(import_csv(s, g, cid, many), 413)
    assert "5000" in e["message"], e
    # A workbook that inflates past 16 MB (a "zip bomb": a few kilobytes on the wire).
    bomb = to_xlsx(respondents(1, [("01273", 2)]), huge_sheet=17 << 20)
    assert len(bomb) < 200000, len(bomb)
    e = expect_error(import_file(s, g, cid, "bom.xlsx", bomb), 413)
    assert "16 MB" in e["message"], e
    # Not a workbook at all.
    expect_error(import_file(s, g, cid, "x.xlsx", b"PK\x03\x04" + b"\0" * 100), 400)
    assert count_rows(s.db, "survey_responses") == before


def test_scoping(s):
    admin, g = s.login("admin"), s.login("giamsat")
    r = s.post("/api/v1/users", {"username": "giamsat.nungtricao", "name": "Giám Sát Phường", "unit": "01279",
                                 "roles": ["supervisor"], "password": "MatKhau@2026"}, token=admin)
    assert r.status == 201, r
    other = s.login("giamsat.nungtricao", password="MatKhau@2026")
    cid = campaign(s, g, unit="01273")
    rows = to_csv(respondents(5, [("01273", 2)]))
    # Another subtree's supervisor: neither sees nor imports (the same answer as for no campaign).
    expect_error(s.get("/api/v1/surveys/%d" % cid, token=other), 404)
    expect_error(s.get("/api/v1/surveys/%d/results" % cid, token=other), 404)
    expect_error(import_csv(s, other, cid, rows), 404)
    assert cid not in [c["id"] for c in s.get("/api/v1/surveys", token=other).json()["campaigns"]]
    # Nor creates one outside their subtree.
    expect_error(s.post("/api/v1/surveys", {"name": "x", "from": "2026-01-01", "to": "2026-01-31", "unit": "01273",
                                            "sample_size": 5}, token=other), 403)
    # The ward's leader reads its results but manages nothing.
    ld = s.login("lanhdao.thucphan")
    assert s.get("/api/v1/surveys/%d/results" % cid, token=ld).status == 200
    expect_error(import_csv(s, ld, cid, rows), 403)
    expect_error(s.post("/api/v1/surveys/%d/draw" % cid, token=ld), 403)
    # A citizen: nothing; no login: 401 before the body is read.
    expect_error(s.get("/api/v1/surveys", token=s.login("0912345678")), 403)
    expect_error(import_csv(s, None, cid, rows), 401)
    # A paper row of a unit outside the campaign's subtree is refused.
    e = expect_error(import_csv(s, g, cid, to_csv(respondents(5, [("01279", 1)]))), 400)
    assert e["lines"][0]["column"] == "don_vi" and "phạm vi" in e["lines"][0]["reason"], e


def test_exports_keep_formulas_inert(s):
    admin, g = s.login("admin"), s.login("giamsat")
    r = s.post("/api/v1/units", {"code": "01299X", "name": "=HYPERLINK(\"http://x\",\"y\")", "kind": "commune",
                                 "parent": "04"}, token=admin)
    assert r.status == 201, r
    cid = campaign(s, g)
    assert import_csv(s, g, cid, to_csv(respondents(2, [("01299X", 3)]))).status == 200
    csv = s.get("/api/v1/surveys/%d/results.csv" % cid, token=g)
    assert csv.status == 200 and csv.header("Content-Type").startswith("text/csv")
    text = csv.body.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text, text[:600]
    # No cell anywhere begins with = + - @ unguarded: every field is quoted.
    for line in text.splitlines():
        for cell in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', line):
            assert cell.startswith('"') or cell == "", (cell, line)
    x = s.get("/api/v1/surveys/%d/results.xlsx" % cid, token=g)
    assert x.status == 200
    z = zipfile.ZipFile(io.BytesIO(x.body))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet, "no formula cell"
    assert "HYPERLINK" in z.read("xl/sharedStrings.xml").decode()


def test_no_dossier_in_the_period(s):
    g = s.login("giamsat")
    cid = campaign(s, g, frm="2020-01-01", to="2020-01-31")
    r = s.post("/api/v1/surveys/%d/draw" % cid, token=g)
    assert r.status == 200, r
    d = r.json()
    assert d["drawn"] == 0 and d["invites"] == [] and d["population"] == 0, d
    assert is_vietnamese(d["message"]) and "Không có hồ sơ" in d["message"], d
    c = s.get("/api/v1/surveys/%d" % cid, token=g).json()
    assert c["status"]["name"] == "draft" and c["seed"] is None and c["invites"] == 0, c


def test_create_checks(s):
    g = s.login("giamsat")
    base = {"name": "x", "from": "2026-01-01", "to": "2026-01-31", "unit": "04", "sample_size": 5}
    for field, value in (("from", "01/01/2026"), ("to", "2025-12-31"), ("sample_size", 0), ("sample_size", 10001),
                         ("unit", "KHONGCO"), ("questionnaire", "khong-co"), ("min_answers", 0)):
        e = expect_error(s.post("/api/v1/surveys", dict(base, **{field: value}), token=g), 400, field=field)
        assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/surveys", dict(base, name=""), token=g), 400, field="name")
    r = s.post("/api/v1/surveys", dict(base, min_answers=5), token=g)
    assert r.status == 201 and r.json()["min_answers"] == 5 and r.json()["questionnaire"] == VERSION, r
    q = s.get("/api/v1/questionnaires/" + VERSION).json()
    assert q["weights"]["choice"] is True and q["min_answers"]["choice"] is True and q["unverified"], q
    assert len(q["items"]) == 19 and [e["code"] for e in q["elements"]] == ELEMENTS


# ---- the sample and the one-time links (on a test clock) ----------------------------------------------

PROC = "1.001193"
APPLICANT = {"name": "Hoàng Thị Mẫu", "id_number": "004190007777", "phone": "0987000777"}


def returned(s, ward, users, when):
    """A dossier received at `ward` and processed to its return to the applicant, at clock time `when` (ISO)."""
    rcv, spec, lead = users
    s.clock.set(when)
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "channel": "direct", "applicant": APPLICANT, "documents": [4, 6],
                                    "outcome": "accept"}, token=rcv)
    assert r.status == 201, r
    code = r.json()["code"]
    for action, tok, body in (("claim", spec, {}), ("forward", spec, {}), ("claim", lead, {}), ("approve", lead, {}),
                              ("result_ready", rcv, {}), ("return", rcv, {"method": "counter"})):
        r = s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body, token=tok)
        assert r.status == 200, (action, r)
    return code


def test_sample_invites_and_answering_once(_shared):
    with harness.clock_server("2026-03-02T09:00:00+07:00") as s:
        admin, g = s.login("admin"), s.login("giamsat")
        for u, role in (("chuyenvien.nungtricao", "specialist"), ("lanhdao.nungtricao", "leader")):
            r = s.post("/api/v1/users", {"username": u, "name": "Cán Bộ", "unit": "01279", "roles": [role],
                                         "password": "MatKhau@2026"}, token=admin)
            assert r.status == 201, r
        ward_a = (s.login("tiepnhan.thucphan"), s.login("chuyenvien.thucphan"), s.login("lanhdao.thucphan"))
        ward_b = (s.login("tiepnhan.nungtricao"), s.login("chuyenvien.nungtricao", password="MatKhau@2026"),
                  s.login("lanhdao.nungtricao", password="MatKhau@2026"))
        in_period = [returned(s, "01273", ward_a, "2026-03-0%dT09:00:00+07:00" % d) for d in (2, 3, 4, 5, 6)]
        other_ward = returned(s, "01279", ward_b, "2026-03-09T09:00:00+07:00")
        # Received in the period but not returned; returned after the period.
        s.clock.set("2026-03-10T09:00:00+07:00")
        r = s.post("/api/v1/dossiers", {"procedure": PROC, "channel": "direct", "applicant": APPLICANT,
                                        "documents": [4, 6], "outcome": "accept"}, token=ward_a[0])
        pending = r.json()["code"]
        late = returned(s, "01273", ward_a, "2026-03-23T09:00:00+07:00")
        s.clock.set("2026-03-24T09:00:00+07:00")

        cid = campaign(s, g, unit="01273", frm="2026-03-01", to="2026-03-20", sample=3)
        d = s.post("/api/v1/surveys/%d/draw" % cid, token=g)
        assert d.status == 200, d
        d = d.json()
        codes = [v["dossier"] for v in d["invites"]]
        assert d["population"] == 5 and d["drawn"] == 3 and len(set(codes)) == 3, d
        assert set(codes) <= set(in_period), (codes, in_period)
        assert not {other_ward, pending, late} & set(codes)
        assert re.fullmatch(r"[0-9a-f]{64}", d["seed"]), d["seed"]
        assert [v["seq"] for v in d["invites"]] == [1, 2, 3]
        assert all(v["link"].endswith("/khao-sat/" + v["token"]) and len(v["token"]) == 22 for v in d["invites"])
        # What makes it auditable is recorded: the seed, the population, the drawn list in order, no token.
        inv = s.get("/api/v1/surveys/%d/invites" % cid, token=g).json()
        assert inv["seed"] == d["seed"] and inv["population"] == 5, inv
        assert [v["dossier"] for v in inv["invites"]] == codes and all("token" not in v for v in inv["invites"]), inv
        c = s.get("/api/v1/surveys/%d" % cid, token=g).json()
        assert c["status"]["name"] == "open" and [e["action"] for e in c["events"]] == ["create", "draw"], c
        assert d["seed"] in c["events"][1]["note"], c["events"]
        expect_error(s.post("/api/v1/surveys/%d/draw" % cid, token=g), 409)
        # A sample larger than the population takes all of it, once each.
        all5 = s.post("/api/v1/surveys/%d/draw" % campaign(s, g, unit="01273", frm="2026-03-01", to="2026-03-20",
                                                           sample=50), token=g).json()
        assert sorted(v["dossier"] for v in all5["invites"]) == sorted(in_period), all5
        # The province's campaign includes the other ward's dossier.
        prov = s.post("/api/v1/surveys/%d/draw" % campaign(s, g, frm="2026-03-01", to="2026-03-20", sample=50),
                      token=g).json()
        assert sorted(v["dossier"] for v in prov["invites"]) == sorted(in_period + [other_ward]), prov

        # Answering: the public page, then once through the API.
        token = d["invites"][0]["token"]
        page = s.get("/khao-sat/" + token)
        assert page.status == 200 and 'type="radio"' in page.body.decode() and "Tiếp cận dịch vụ" in page.body.decode()
        expect_error(s.post("/api/v1/survey-answers", {"token": token, "answers": {"Q9.15": 7}}), 400, field="Q9.15")
        expect_error(s.post("/api/v1/survey-answers", {"token": token, "answers": {}}), 400, field="answers")
        expect_error(s.post("/api/v1/survey-answers", {"token": "A" * 22, "answers": {"Q9.15": 4}}), 404)
        before = count_rows(s.db, "survey_responses")
        answers = {code: (5 if i % 2 else 3) for i, code in enumerate(ITEMS)}
        r = s.post("/api/v1/survey-answers", {"token": token, "answers": answers, "profile": {"gioi_tinh": 2}})
        assert r.status == 201, r
        e = expect_error(s.post("/api/v1/survey-answers", {"token": token, "answers": answers}), 409)
        assert e["message"] == "Phiếu khảo sát này đã được trả lời.", e
        assert count_rows(s.db, "survey_responses") == before + 1
        again = s.get("/khao-sat/" + token).body.decode()
        assert "Phiếu khảo sát này đã được trả lời" in again and 'type="radio"' not in again
        inv = s.get("/api/v1/surveys/%d/invites" % cid, token=g).json()["invites"]
        assert [v["answered"] for v in inv] == [True, False, False], inv
        res = s.get("/api/v1/surveys/%d/results" % cid, token=g).json()
        assert res["scope"]["respondents"] == 1 and res["units"][0]["code"] == "01273", res["units"]
        check_unit(res["scope"], [["01273"] + [2] + [None] * (len(PROFILE) - 1) + [answers[c] for c in ITEMS]], "online")
        # Closed: no more answers, no more paper.
        assert s.post("/api/v1/surveys/%d/close" % cid, token=g).status == 200
        e = expect_error(s.post("/api/v1/survey-answers", {"token": d["invites"][1]["token"], "answers": answers}), 409)
        assert "kết thúc" in e["message"], e
        expect_error(import_csv(s, g, cid, to_csv(respondents(1, [("01273", 1)]))), 409)


def test_campaigns_move_with_the_province_to_postgresql(_shared):
    """migrate-store carries the questionnaire, campaigns, responses and their journal (store_copy)."""
    with harness.own_server(store="sqlite") as s:
        g = s.login("giamsat")
        cid = campaign(s, g)
        assert import_csv(s, g, cid, to_csv(respondents(4, [("01273", 3)]))).status == 200
        before = s.get("/api/v1/surveys/%d/results" % cid, token=g).json()
        s.stop()
        uri = harness.new_db(s.dir, "postgresql")
        p = harness.run_cli("migrate-store", "--from", s.db, "--to", uri)
        assert "số dòng từng bảng khớp" in p.stdout, p.stdout
        for table in ("questionnaires", "survey_campaigns", "survey_responses", "survey_events"):
            assert count_rows(uri, table) == count_rows(s.db, table) > 0, table
        peer = harness.Server.__new__(harness.Server)
        peer.dir, peer.db, peer.files = s.dir, uri, s.files
        peer.port = harness.free_port()
        import os
        import subprocess
        import time
        peer.log = open(os.path.join(s.dir, "pg-serve.log"), "w")
        peer.proc = subprocess.Popen([harness.BIN, "serve", "--db", uri, "--files", s.files, "--listen",
                                      "127.0.0.1:%d" % peer.port, "--quiet"], stdout=peer.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, MOTCUA_PWHASH="test", MOTCUA_WEB=harness.WEB))
        try:
            for _ in range(300):
                try:
                    if peer.get("/api/v1/health").status == 200:
                        break
                except OSError:
                    time.sleep(0.05)
            g2 = peer.login("giamsat")
            assert peer.get("/api/v1/surveys/%d/results" % cid, token=g2).json() == before
            # New rows after the move get new ids (the identities go on).
            assert peer.post("/api/v1/surveys", {"name": "Sau khi chuyển", "from": "2026-01-01", "to": "2026-01-31",
                                                 "unit": "04", "sample_size": 3}, token=g2).json()["id"] == cid + 1
        finally:
            assert peer.stop() in (0, None)


if __name__ == "__main__":
    harness.main(globals())
