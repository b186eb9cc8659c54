"""Periodic CCHC reports (issue 16), black-box on a test clock: a generated first quarter of ward
01273 (dossiers on time and late, feedback, an inspection finding); every annex figure equals the
same figure from the API it comes from (II.06a, the 766 index, feedback, inspections); the PDF's
text (pdftotext) carries the national title and the report's number; the DOCX is a valid package
whose word/document.xml holds the same figures; the XLSX annex too; a submitted report is frozen
and does not change when data changes later; the province's report shows who has not reported;
who may write, submit and read; Vietnamese 4xx; the journal verifies.

Q1 2026's window (581/BNV-CCHC as read in measurement.md): 15/12/2025 – 14/03/2026, due 20/03.
"""
import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile

import harness
from harness import clock_server, expect_error, is_vietnamese, run_cli
from test_index766 import Desk, act, decide, intake, ok

WARD, OTHER = "01273", "01279"
RECEIVER, SPECIALIST, LEADER, SUPERVISOR = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan", "giamsat"
FROM, TO = "2026-12-15", "2026-03-14"
Q = "from=2025-12-15&to=2026-03-14"
URL = "/api/v1/cchc-reports/%s/2026/q1" % WARD
SECTIONS = {"chi_dao": "Ban hành Kế hoạch CCHC năm 2026 số 05/KH-UBND.",
            "the_che": "Rà soát 3 văn bản; không phát hiện văn bản trái pháp luật.",
            "tthc": "Niêm yết công khai đầy đủ TTHC tại bộ phận một cửa.\nTiếp nhận, trả lời phản ánh đúng hạn.",
            "bo_may": "Ổn định tổ chức bộ máy phường sau sắp xếp.",
            "cong_vu": "Đánh giá công chức hằng tháng.",
            "tai_chinh": "Thực hiện cơ chế tự chủ theo quy định.",
            "so_hoa": "Đẩy mạnh nộp hồ sơ trực tuyến & thanh toán qua VietQR <100%>.",
            "danh_gia": "Hoàn thành cơ bản nhiệm vụ quý I.",
            "phuong_huong": "Nâng tỷ lệ hồ sơ trực tuyến trong quý II.",
            "kien_nghi": ""}


def at(day, month, hm):
    return "2026-%02d-%02dT%s:00+07:00" % (month, day, hm)


def history(s, desk):
    """A quarter of the ward: 2 on time, 1 late, 1 open and overdue at the window's end; feedback; a finding."""
    a = intake(s, desk, at(2, 3, "09:00"))
    decide(s, desk, a, 2, "10:00")
    b = intake(s, desk, at(3, 3, "09:00"))
    decide(s, desk, b, 3, "10:00")
    c = intake(s, desk, at(4, 3, "09:00"))        # due Thu 05/03 09:00, decided Fri 06/03: late
    decide(s, desk, c, 6, "10:00")
    d = intake(s, desk, at(5, 3, "09:00"))        # never decided: overdue from Fri 06/03
    s.clock.set(at(5, 3, "09:30"))
    act(s, d, "claim", desk(SPECIALIST))
    ok(s.post("/api/v1/feedback", {"name": "Hoàng Văn Pả", "phone": "0911222333", "unit": WARD, "title": "Chờ lâu",
                                   "content": "Chờ lâu khi nộp hồ sơ."}), 201)
    insp = ok(s.post("/api/v1/inspections", {"unit": WARD, "period_from": "2026-01-01", "period_to": "2026-03-10",
                                             "inspected_on": "2026-03-10", "team": "Sở Nội vụ"},
                     token=desk(SUPERVISOR)), 201)
    s.clock.set(at(10, 3, "14:00"))
    ok(s.post("/api/v1/inspections/%d/findings" % insp["id"],
              {"area": "publicity", "description": "Thiếu niêm yết 2 TTHC", "recommendation": "Niêm yết bổ sung",
               "responsible_unit": WARD, "due_date": "2026-03-12"}, token=desk(SUPERVISOR)), 201)


def annex(rep):
    return {f["key"]: f["value"] for f in rep["figures"]}


def expected(s, token, unit):
    """The same figures, each from the API it comes from."""
    t = ok(s.get("/api/v1/stats/processing?unit=%s&%s" % (unit, Q), token=token))["total"]
    i = ok(s.get("/api/v1/index766?unit=%s&%s" % (unit, Q), token=token))
    items = {x["id"]: x for g in i["groups"] for x in g["items"]}
    fb = ok(s.get("/api/v1/feedback-stats?unit=%s&%s" % (unit, Q), token=token))["figures"]
    ins = ok(s.get("/api/v1/inspections/stats?unit=%s&%s" % (unit, Q), token=token))["total"]
    ld = ok(s.get("/api/v1/legal-docs/stats?unit=%s&%s" % (unit, Q), token=token))["total"]
    tk = ok(s.get("/api/v1/task-stats?unit=%s&%s" % (unit, Q), token=token))["figures"]
    return {
        "procedures": i["inputs"]["procedures"], "procedures_online": i["inputs"]["procedures_online"],
        "procedures_fee": i["inputs"]["procedures_fee"],
        "dossiers_received": t["received"]["total"], "dossiers_carried_over": t["received"]["carried_over"],
        "dossiers_new_online": t["received"]["online"], "dossiers_new_direct": t["received"]["direct_postal"],
        "dossiers_resolved": t["resolved"]["total"],
        "dossiers_resolved_on_time": t["resolved"]["early"] + t["resolved"]["on_time"],
        "dossiers_resolved_late": t["resolved"]["late"], "dossiers_pending": t["pending"]["total"],
        "dossiers_pending_overdue": t["pending"]["overdue"], "dossiers_paused": t["paused"],
        "online_share": items["3.3"]["value"], "paid_online_share": items["3.6"]["value"],
        "digitised_share": items["4.2"]["value"], "e_result_share": items["4.1"]["value"], "index766": i["score"],
        "feedback_received": fb["received"], "feedback_answered_on_time": fb["answered_on_time"],
        "feedback_answered_late": fb["answered_late"], "feedback_pending": fb["pending"],
        "feedback_overdue": fb["overdue"],
        "findings_raised": ins["raised"], "findings_closed_on_time": ins["closed_on_time"],
        "findings_closed_late": ins["closed_late"], "findings_open": ins["open"], "findings_overdue": ins["overdue"],
        "legal_docs_issued": ld["issued"], "legal_docs_in_force": ld["in_force"], "legal_docs_reviewed": ld["reviewed"],
        "legal_docs_self_checked": ld["self_checked"], "legal_docs_to_act": ld["to_act"],
        "tasks": tk["total"], "tasks_done_on_time": tk["done_on_time"], "tasks_done_late": tk["done_late"],
        "tasks_overdue": tk["overdue"], "tasks_in_progress": tk["in_progress"], "tasks_not_started": tk["not_started"],
    }


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def test_a_quarter_reported_frozen_and_rendered(_):
    with clock_server(at(2, 3, "08:00")) as s:
        desk = Desk(s)
        history(s, desk)
        s.clock.set(at(16, 3, "09:00"))  # after the window, before the due day (20/03)
        spec, lead, sup = desk(SPECIALIST), desk(LEADER), desk(SUPERVISOR)

        # A blank report: the window and due day, live figures equal to their APIs.
        rep = ok(s.get(URL, token=spec))
        assert rep["state"] == "none" and rep["may_write"] and not rep["may_submit"], rep
        assert rep["window"]["from"] == "2025-12-15" and rep["window"]["to"] == "2026-03-14", rep["window"]
        assert rep["window"]["due"] == "2026-03-20" and "581/BNV-CCHC" in rep["window"]["source"]
        want = expected(s, sup, WARD)
        assert annex(rep) == want, (annex(rep), want)
        assert (want["dossiers_received"], want["dossiers_resolved_on_time"], want["dossiers_resolved_late"],
                want["dossiers_pending_overdue"], want["feedback_received"], want["findings_raised"]) == \
            (4, 2, 1, 1, 1, 1), want
        assert want["online_share"] == 0 and want["index766"] is not None

        # The specialist drafts; the leader submits; nothing is sent half-written.
        body = {"number": "12/BC-UBND", "place": "Thục Phán", "signer_title": "Chủ tịch",
                "signer_name": "Hà Văn Quang", "recipients": "UBND tỉnh Cao Bằng;\nSở Nội vụ;\nLưu: VT.",
                "sections": dict(SECTIONS, so_hoa="")}
        rep = ok(s.post(URL, body, token=spec))
        assert rep["state"] == "draft" and rep["number"] == "12/BC-UBND"
        expect_error(s.post(URL + "/submit", {}, token=spec), 403)
        e = expect_error(s.post(URL + "/submit", {}, token=lead), 400, "sections.so_hoa")
        assert "7. Xây dựng" in e["message"] and is_vietnamese(e["message"])
        rep = ok(s.post(URL, {"sections": {"so_hoa": SECTIONS["so_hoa"]}}, token=spec))
        assert [x["text"] for x in rep["sections"]] == list(SECTIONS.values())
        assert rep["number"] == "12/BC-UBND"  # fields not sent are kept
        rep = ok(s.post(URL + "/submit", {}, token=lead))
        assert rep["state"] == "submitted" and rep["submitted_by"] == LEADER and not rep["may_write"]
        frozen = annex(rep)
        assert frozen == want

        # Later data do not change it: a new dossier of the window, a finding closed.
        s.clock.set(at(13, 3, "09:00"))
        intake(s, desk, at(13, 3, "09:00"))
        s.clock.set(at(17, 3, "09:00"))
        assert expected(s, sup, WARD)["dossiers_received"] == 5
        rep = ok(s.get(URL, token=sup))
        assert annex(rep) == frozen and rep["figures_asof"]["iso"] == at(16, 3, "09:00"), rep["figures_asof"]
        e = expect_error(s.post(URL, {"number": "13/BC-UBND"}, token=spec), 409)
        assert is_vietnamese(e["message"])
        expect_error(s.post(URL + "/submit", {}, token=lead), 409)

        # The PDF: national title, number, place and date, a figure; the DOCX and XLSX hold the same.
        r = s.get(URL + "/report.pdf", token=sup)
        assert r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body[:5] == b"%PDF-"
        text = pdf_text(r.body)
        flat = re.sub(r"\s+", " ", text)
        for want_text in ("I. Kết quả thực hiện nhiệm vụ cải cách hành chính", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 12/BC-UBND",
                          "Thục Phán, ngày 16 tháng 3 năm 2026", "BÁO CÁO", "PHƯỜNG THỤC PHÁN",
                          "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
                          "Nơi nhận:", "HÀ VĂN QUANG".title(), "PHỤ LỤC"):
            assert want_text in flat, (want_text, flat[:2000])
        assert re.search(r"Đã giải quyết quá hạn\s+1\b", flat), flat
        assert re.search(r"Hồ sơ tiếp nhận trong kỳ .*?\s4\b", flat), flat

        r = s.get(URL + "/report.docx", token=sup)
        assert r.status == 200 and "wordprocessingml" in r.header("Content-Type")
        z = zipfile.ZipFile(io.BytesIO(r.body))
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} <= names, names
        ET.fromstring(z.read("[Content_Types].xml"))
        doc = ET.fromstring(z.read("word/document.xml"))
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        paras = ["".join(t.text or "" for t in p.iter(ns + "t")) for p in doc.iter(ns + "p")]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paras and "Số: 12/BC-UBND" in paras, paras[:12]
        assert SECTIONS["so_hoa"] in paras  # escaped in the XML, read back whole
        rows = [["".join(t.text or "" for t in c.iter(ns + "t")) for c in tr.iter(ns + "tc")]
                for tr in doc.iter(ns + "tr")]
        by_label = {row[1]: row[2] for row in rows if len(row) == 3}
        labels = {f["key"]: f["label"] for f in rep["figures"]}
        texts = {f["key"]: f["text"] for f in rep["figures"]}
        for key in frozen:
            assert by_label[labels[key]] == texts[key], (key, by_label.get(labels[key]), texts[key])
        assert texts["dossiers_received"] == "4" and by_label[labels["dossiers_resolved_late"]] == "1"

        r = s.get(URL + "/annex.xlsx", token=sup)
        assert r.status == 200 and "spreadsheetml" in r.header("Content-Type")
        x = zipfile.ZipFile(io.BytesIO(r.body))
        sheet = x.read("xl/worksheets/sheet1.xml").decode()
        shared = x.read("xl/sharedStrings.xml").decode()
        assert "dossiers_received" in shared and "<v>4</v>" in sheet

        # Who reads: the ward and the province; another commune, another department: 404.
        for who in ("tiepnhan.nungtricao", "lanhdao.tuphap"):
            expect_error(s.get(URL, token=desk(who)), 404)
            expect_error(s.get(URL + "/report.pdf", token=desk(who)), 404)
        expect_error(s.post("/api/v1/cchc-reports/%s/2026/q1" % OTHER, {"number": "1/BC"}, token=spec), 404)

        # The province: who has reported; its own report aggregates the subtree and names the missing.
        ov = ok(s.get("/api/v1/cchc-reports?unit=04&year=2026&kind=q1", token=sup))
        states = {u["code"]: u["state"] for u in ov["units"]}
        assert states[WARD] == "submitted" and states[OTHER] == "none" and ov["reported"] == 1, ov["reported"]
        assert ov["expected"] == len(states) > 50 and "S03" in states, ov["expected"]
        prov = ok(s.get("/api/v1/cchc-reports/04/2026/q1", token=sup))
        assert prov["units"]["reported"] == 1 and prov["units"]["expected"] == ov["expected"]
        assert "Phường Thục Phán" not in prov["units"]["missing"] and "Sở Tư pháp" in prov["units"]["missing"]
        assert annex(prov) == expected(s, sup, "04")
        assert annex(prov)["dossiers_received"] == 5  # live: the draft's figures move with the data
        # A draft without a place is dated at the province's name.
        assert prov["place"] == "Cao Bằng" and prov["sections"][0]["part"].startswith("I. Kết quả"), prov["place"]
        ok(s.post("/api/v1/cchc-reports/04/2026/q1", {"number": "30/BC-UBND"}, token=sup))
        flat = re.sub(r"\s+", " ", pdf_text(s.get("/api/v1/cchc-reports/04/2026/q1/report.pdf", token=sup).body))
        assert "Cao Bằng, ngày 17 tháng 3 năm 2026" in flat and "Số: 30/BC-UBND" in flat, flat[:400]
        # A special zone (đặc khu) reports like a commune.
        admin = desk("admin")
        ok(s.post("/api/v1/units", {"code": "DK01", "name": "Đặc khu Thử", "kind": "special_zone", "parent": "04"},
                  token=admin), 201)
        ov = ok(s.get("/api/v1/cchc-reports?unit=04&year=2026&kind=q1", token=sup))
        assert {u["code"]: u["state"] for u in ov["units"]}.get("DK01") == "none", [u["code"] for u in ov["units"]][-5:]

        # Every change journaled; the chain verifies.
        p = run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr


def test_bad_input_gets_vietnamese_4xx(s):
    desk = Desk(s)
    spec = desk(SPECIALIST)
    for url, field in [("/api/v1/cchc-reports/%s/2026/q2" % WARD, "kind"),
                       ("/api/v1/cchc-reports/%s/1999/q1" % WARD, "year"),
                       ("/api/v1/cchc-reports/%s/20x6/q1" % WARD, "year")]:
        e = expect_error(s.get(url, token=spec), 400, field)
        assert is_vietnamese(e["message"])
    expect_error(s.get("/api/v1/cchc-reports/99999/2026/q1", token=spec), 404)
    expect_error(s.post(URL, {"sections": {"khong_co": "x"}}, token=spec), 400, "sections")
    expect_error(s.post(URL, {"sections": "x"}, token=spec), 400, "sections")
    expect_error(s.post(URL, {"sections": {"tthc": 5}}, token=spec), 400, "sections.tthc")
    expect_error(s.post(URL, {"number": "x" * 65}, token=spec), 400, "number")
    expect_error(s.post(URL, {"sections": {"tthc": "ả" * 20001}}, token=spec), 400, "sections.tthc")
    assert harness.count_rows(s.db, "cchc_reports") == 0
    ok(s.post(URL, {"sections": {"tthc": "ả" * 20000}}, token=spec))
    expect_error(s.post(URL, {"number": "1/BC"}, token=desk(RECEIVER)), 403)
    expect_error(s.get("/api/v1/cchc-reports?unit=%s&year=2026&kind=h2" % WARD, token=spec), 400, "kind")
    expect_error(s.get(URL), 401)


def test_windows_of_the_four_periods(s):
    spec = Desk(s)(SPECIALIST)
    got = {}
    for kind in ("q1", "h1", "q3", "year"):
        w = ok(s.get("/api/v1/cchc-reports/%s/2027/%s" % (WARD, kind), token=spec))["window"]
        got[kind] = (w["from"], w["to"], w["due"])
    assert got == {"q1": ("2026-12-15", "2027-03-14", "2027-03-20"), "h1": ("2026-12-15", "2027-06-14", "2027-06-20"),
                   "q3": ("2027-06-15", "2027-09-14", "2027-09-20"),
                   "year": ("2026-12-15", "2027-12-14", "2027-12-20")}, got


if __name__ == "__main__":
    harness.main(globals())
