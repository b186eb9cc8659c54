"""The files of a PAR INDEX round (issue 17): export.xlsx and ranking.pdf, black-box on a test clock.

A small 2026 round of the communes (the demo's illustrative set, driven with the helpers of
test_parindex.py): the ward self-scores, submits, is appraised with reasons and explains once; a new
commune named like a spreadsheet formula stays a draft. While open, the workbook is TẠM TÍNH and
the PDF annex is 409; once final, both carry exactly the figures of the JSON API (the round and each
unit's assessment), the formula-like name is an inert string cell, and the PDF's text (pdftotext)
carries the title, the decision line, every unit with its index, band and rank. Who may: the council
and, once final, the province's readers; a commune officer gets the round page's 404.
"""
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

import harness
from harness import clock_server, expect_error, is_vietnamese
from test_index766 import Desk, ok
from test_parindex import (COUNCIL, COUNCIL_LEAD, LEADER, LEAVES, ROUND, SELF, SET, WARD, evidence, h, nodes_of,
                           self_score, url, when)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FORMULA = '=HYPERLINK("http://x.example/?"&A1,"bấm")'
TRAP = "99001"  # the commune named like a formula
RANK_COLS = ["Xếp hạng", "Mã đơn vị", "Đơn vị", "Người đứng đầu", "Trạng thái", "Điểm đạt",
             "Tổng điểm tối đa áp dụng", "Chỉ số (%)", "Xếp loại", "Chỉ số năm trước (%)",
             "Thay đổi so với năm trước", "Lĩnh vực mạnh nhất", "Lĩnh vực yếu nhất"]
DETAIL_COLS = ["Mã đơn vị", "Đơn vị", "Lĩnh vực", "Mã tiêu chí", "Tiêu chí", "Cách chấm", "Điểm tối đa", "Tự chấm",
               "Thẩm định", "Lý do thẩm định", "Giải trình", "Áp dụng", "Số liệu", "Cách tính số liệu", "Điểm đạt",
               "Ghi chú tự chấm"]
KEEP = os.environ.get("MOTCUA_KEEP_EXPORTS")  # a folder to keep the files in (to look at them)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def workbook(data):
    """{sheet name: {"rows": {row number: [cells]}, "kinds": {ref: t}, "xml": bytes}} of an .xlsx."""
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).iter("{%s}sheet" % NS["m"]):
        target = rels[sh.get("{%s}id" % R_NS)]
        xml = z.read("xl/" + target.lstrip("/").replace("xl/", "", 1))
        rows, kinds = {}, {}
        for c in ET.fromstring(xml).iter("{%s}c" % NS["m"]):
            ref, t = c.get("r"), c.get("t")
            kinds[ref] = t
            v = c.find("m:v", NS)
            if v is None:
                val = ""
            elif t == "s":
                val = shared[int(v.text)]
            else:
                val = float(v.text)
            row = int(re.search(r"\d+", ref).group(0))
            cells = rows.setdefault(row, [])
            k = col_index(ref)
            cells.extend([""] * (k + 1 - len(cells)))
            cells[k] = val
        out[sh.get("name")] = {"rows": rows, "kinds": kinds, "xml": xml}
    return out


def table(sheet, ncols):
    """The header (row 4) and the data rows (5 on) of a list sheet, padded to ncols."""
    rows = sheet["rows"]
    pad = [(rows.get(i, []) + [""] * ncols)[:ncols] for i in range(4, max(rows) + 1)]
    return pad[0], pad[1:]


def num(cell):
    """A numeric cell in hundredths; None for an empty one."""
    if cell == "":
        return None
    assert isinstance(cell, float), "expected a number cell, got %r" % (cell,)
    return h(cell)


def hn(x):
    return None if x is None else h(x)


def vn(x):
    """An index or points of the API as the annex prints them: "87,50"."""
    v = h(x)
    return "%s%d,%02d" % ("-" if v < 0 else "", abs(v) // 100, abs(v) % 100)


def check_workbook(s, tok, rid, data, final):
    """Every figure of the workbook against GET /par/rounds/{id} and each unit's assessment."""
    book = workbook(data)
    assert list(book) == ["Xếp hạng", "Chi tiết"], list(book)
    for name, sh in book.items():
        assert b"<f>" not in sh["xml"] and b"<f " not in sh["xml"], "no formula cell in " + name
        title = sh["rows"][1][0]
        assert ("TẠM TÍNH" in title) == (not final), title
        assert "Chỉ số cải cách hành chính năm 2026 của các xã, phường, đặc khu" in title, title
    rd = ok(s.get("/api/v1/par/rounds/%d" % rid, token=tok))
    sub = book["Xếp hạng"]["rows"][2][0]
    if final:
        fin = rd["finalised_at"][:10].split("-")
        assert "công bố ngày %s/%s/%s" % (fin[2], fin[1], fin[0]) in sub, sub
    else:
        assert sub.startswith("TẠM TÍNH"), sub
    assert "bộ minh họa" in sub and rd["set"] in sub, sub
    domains = {n["code"]: n["name"] for n in rd["set_detail"]["nodes"] if n["depth"] == 0}

    head, rows = table(book["Xếp hạng"], len(RANK_COLS))
    assert head == RANK_COLS, head
    assert len(rows) == len(rd["units"]) and rd["units"], (len(rows), len(rd["units"]))
    for row, line in zip(rows, rd["units"]):
        prev = line["previous"]
        want = [h(line["rank"]), line["unit"]["code"], line["unit"]["name"], line["head"] or "", line["state_label"],
                h(line["points"]), h(line["max"]), h(line["index"]), line["band"]["label"] if line["band"] else "",
                hn(prev and prev["index"]), hn(prev and prev["change"]),
                "%s. %s" % (line["strongest"], domains[line["strongest"]]) if line["strongest"] else "",
                "%s. %s" % (line["weakest"], domains[line["weakest"]]) if line["weakest"] else ""]
        got = [num(row[0]), row[1], row[2], row[3], row[4], num(row[5]), num(row[6]), num(row[7]), row[8],
               num(row[9]), num(row[10]), row[11], row[12]]
        assert got == want, (got, want)

    head, rows = table(book["Chi tiết"], len(DETAIL_COLS))
    assert head == DETAIL_COLS, head
    assert len(rows) == len(rd["units"]) * len(LEAVES), (len(rows), len(rd["units"]), len(LEAVES))
    by_unit = {}
    for row in rows:
        by_unit.setdefault(row[0], []).append(row)
    assert list(by_unit) == [x["unit"]["code"] for x in rd["units"]]
    for line in rd["units"]:
        code = line["unit"]["code"]
        a = ok(s.get(url(rid, code), token=tok))
        assert h(a["index"]) == h(line["index"]) and h(a["points"]) == h(line["points"]), (a["index"], line)
        domain = None
        leaves = []
        for n in a["nodes"]:
            if n["depth"] == 0:
                domain = "%s. %s" % (n["code"], n["name"])
            if n["leaf"]:
                leaves.append((domain, n))
        assert len(leaves) == len(by_unit[code])
        total = 0
        for row, (dom, n) in zip(by_unit[code], leaves):
            val = n.get("value")
            want = [code, a["unit"]["name"], dom, n["code"], n["name"], n["method_label"], h(n["max"]),
                    hn(n["self"] and n["self"]["score"]), hn(n["appraisal"] and n["appraisal"]["score"]),
                    (n["appraisal"] or {}).get("reason") or "", n["explanation"] or "",
                    "Có" if n["applicable"] else "Không",
                    hn(val["value"]) if val else None, (val["formula"] or "") if val else "", h(n["points"]),
                    (n["self"] or {}).get("note") or ""]
            got = [row[0], row[1], row[2], row[3], row[4], row[5], num(row[6]), num(row[7]), num(row[8]), row[9],
                   row[10], row[11], num(row[12]), row[13], num(row[14]), row[15]]
            assert got == want, (code, got, want)
            total += num(row[14])
        assert total == h(line["points"]), (code, total, line["points"])
    # the formula-like name: a string cell holding exactly the text, in both sheets
    for name, col in (("Xếp hạng", "C"), ("Chi tiết", "B")):
        sh = book[name]
        refs = [r for r, cells in sh["rows"].items() if r >= 5 and len(cells) > col_index(col)
                and cells[col_index(col)] == FORMULA]
        assert refs, "the trap unit is in " + name
        for r in refs:
            assert sh["kinds"]["%s%d" % (col, r)] == "s", (name, r, sh["kinds"]["%s%d" % (col, r)])
    return rd


def pdf_text(data, mode="-layout"):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "a.pdf")
        with open(p, "wb") as f:
            f.write(data)
        r = subprocess.run(["pdftotext", mode, p, "-"], capture_output=True, text=True, check=True)
        return r.stdout


def keep(name, data):
    if KEEP:
        os.makedirs(KEEP, exist_ok=True)
        with open(os.path.join(KEEP, name), "wb") as f:
            f.write(data)
        if name.endswith(".pdf"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", os.path.join(KEEP, name),
                            os.path.join(KEEP, name[:-4])], check=True, capture_output=True)


def test_a_round_exported(_shared):
    with clock_server(when(2, "08:00")) as s:
        desk = Desk(s)
        ok(s.post("/api/v1/units", {"code": TRAP, "name": FORMULA, "kind": "commune", "parent": "04",
                                    "active_from": "2025-07-01"}, token=desk("admin")), 201)
        s.clock.set(when(1, "08:00", 12))
        rid = ok(s.post("/api/v1/par/rounds", ROUND, token=desk(COUNCIL_LEAD)), 201)["id"]
        dep = ok(s.post("/api/v1/par/rounds", dict(ROUND, level="department", set="cb-2026-so.1"),
                        token=desk(COUNCIL_LEAD)), 201)["id"]
        lead = desk(LEADER)
        for i, c in enumerate(SELF):
            score = [c["max"], c["max"] / 2, 0.25 * (i % 3)][i % 3]
            ok(self_score(s, lead, rid, WARD, c["code"], score, "Kế hoạch số %d/KH-UBND" % (i + 1)))
            if c.get("evidence_required") and score > 0:
                ok(evidence(s, lead, rid, WARD, c["code"]), 201)
        ok(self_score(s, lead, rid, WARD, SELF[0]["code"], SELF[0]["max"],
                      "=1+1 ghi chú như công thức"))
        ok(s.post(url(rid, WARD, "/submit"), token=lead))
        changed = [SELF[0]["code"], SELF[3]["code"]]
        for code in changed:
            ok(s.post(url(rid, WARD, "/appraisal"), {"criterion": code, "score": 0,
                                                     "reason": "Tài liệu kiểm chứng chưa đủ: thiếu văn bản ban hành"},
                      token=desk(COUNCIL)))
        ok(s.post(url(rid, WARD, "/appraisal/send"), token=desk(COUNCIL_LEAD)))
        ok(s.post(url(rid, WARD, "/explanation"),
                  {"items": [{"criterion": changed[0], "text": "Kế hoạch ban hành ngày 28/12/2025, gửi kèm bản scan."}]},
                  token=lead))

        xlsx_url, pdf_url = "/api/v1/par/rounds/%d/export.xlsx" % rid, "/api/v1/par/rounds/%d/ranking.pdf" % rid
        # while open: the council has the provisional workbook, the annex is 409
        for who in (COUNCIL, COUNCIL_LEAD):
            x = s.get(xlsx_url, token=desk(who))
            assert x.status == 200 and x.header("Content-Type").startswith(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), x
            assert "tam-tinh" in (x.header("Content-Disposition") or ""), x.headers
        check_workbook(s, desk(COUNCIL), rid, x.body, final=False)
        keep("vong-tam-tinh.xlsx", x.body)
        e = expect_error(s.get(pdf_url, token=desk(COUNCIL_LEAD)), 409)
        assert is_vietnamese(e["message"]) and "chưa công bố" in e["message"], e
        # a commune officer: the same 404 as the round page, on the departments' round and on the files of its own
        # round (where it sees its own line only); the province's supervisor before publication likewise
        page = expect_error(s.get("/api/v1/par/rounds/%d" % dep, token=lead), 404)
        for path in ("/api/v1/par/rounds/%d/export.xlsx" % dep, "/api/v1/par/rounds/%d/ranking.pdf" % dep,
                     xlsx_url, pdf_url, "/api/v1/par/rounds/999999/export.xlsx", "/api/v1/par/rounds/x/ranking.pdf"):
            assert expect_error(s.get(path, token=lead), 404) == page, path
        for path in (xlsx_url, pdf_url):
            assert expect_error(s.get(path, token=desk("giamsat")), 404) == page
        assert s.get(xlsx_url).status == 401

        # finalised: the province's readers too, figures frozen
        s.clock.set(when(23, "08:00", 12))
        desk.tokens.clear()
        ok(s.post("/api/v1/par/rounds/%d/finalise" % rid, token=desk(COUNCIL_LEAD)))
        s.clock.set(when(24, "10:00", 12))
        for who in (COUNCIL, "giamsat"):
            x = s.get(xlsx_url, token=desk(who))
            assert x.status == 200 and "tam-tinh" not in (x.header("Content-Disposition") or ""), x
            rd = check_workbook(s, desk(who), rid, x.body, final=True)
        keep("vong-cong-bo.xlsx", x.body)
        for path in (xlsx_url, pdf_url):
            assert expect_error(s.get(path, token=lead), 404) == page

        p = s.get(pdf_url, token=desk("giamsat"))
        assert p.status == 200 and p.header("Content-Type") == "application/pdf" and p.body.startswith(b"%PDF"), p
        assert p.body == s.get(pdf_url, token=desk(COUNCIL)).body  # the same bytes for the same round
        keep("phu-luc.pdf", p.body)
        text = pdf_text(p.body)
        raw = "".join(pdf_text(p.body, "-raw").split())  # in drawing order: a wrapped cell's lines together
        flat = " ".join(text.split())
        for want in ("ỦY BAN NHÂN DÂN TỈNH CAO BẰNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "PHỤ LỤC",
                     "Kết quả xác định Chỉ số cải cách hành chính năm 2026 của các xã, phường, đặc khu",
                     "(Kèm theo Quyết định số ……/QĐ-UBND ngày …… tháng …… năm …… của Ủy ban nhân dân tỉnh Cao Bằng)",
                     "bộ tiêu chí dùng để tính là bộ minh họa", "STT", "Xếp hạng", "Xếp loại"):
            assert want in flat, (want, text[:2000])
        assert SET["illustrative"] is True
        # each unit with its index, band and rank on its row (STT in the ranking's order)
        lines = text.splitlines()
        at = 0
        for k, line in enumerate(rd["units"], 1):
            name = line["unit"]["name"]
            pat = re.compile(r"^\s*%d\s+%s\s+%s\s+%s\s+%s\s+%d\s*$" % (
                k, re.escape(name[:20]) + r".*?", re.escape(vn(line["points"])), re.escape(vn(line["index"])),
                re.escape(line["band"]["label"]), line["rank"]))
            while at < len(lines) and not pat.match(lines[at]):
                at += 1
            assert at < len(lines), ("row of", k, name, vn(line["index"]), text)
            assert "".join(name.split()) in raw, name  # whole, even when it wraps in its cell


if __name__ == "__main__":
    harness.main(globals())
