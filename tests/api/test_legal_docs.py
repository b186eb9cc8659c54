"""The register of legal normative documents (VBQPPL, issue 16), black-box on a test clock: documents of the
province and of a ward, refused input in Vietnamese with nothing written, who may do what (a ward's
officers keep their own documents and not the province's; Sở Tư pháp keeps every one; 404 for none);
changes of validity and relations; expiring, replacing and amending a document flags exactly the
procedures whose current version cites it (the expected set computed here from data/catalog.json with
this test's own reading of the number and symbol), never twice, and a flag is cleared once; reviews and
the statistics' exact counts; the systematisation's three lists at a cut-off and their CSV (cells
guarded); the hash-chained journal and `motcua journal verify`; the pages and the public list.

Demo register (data/legal_docs.json): national documents as the demo catalog cites them, illustrative
provincial entries 901/2019 (replaced by 903/2025 from 01/07/2025), 902/2021 (reviewed 2023: amend),
904/2022 (expires 31/12/2023), 903/2025, and ward 01273's 905/2025.
"""
import csv
import io
import json
import os
import re
import unicodedata

import harness
from harness import clock_server, expect_error, is_vietnamese

KEEPER, KEEPER_LEAD = "chuyenvien.tuphap", "lanhdao.tuphap"
WARD_LEAD, WARD_SPEC, OTHER_RCV = "lanhdao.thucphan", "chuyenvien.thucphan", "tiepnhan.nungtricao"
START = "2026-03-02T08:00:00+07:00"

NUMBER = re.compile(r"(?<![\w./-])(\d{1,6}(?:\.?[0-9A-Za-z]{1,4})?)\s*/\s*(\d{4})\s*/\s*([A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*)")


def key(number):
    """This test's own key of a number-and-symbol: no spaces, capitals, Đ as D."""
    return re.sub(r"\s+", "", number).upper().replace("Đ", "D")


def cited(line):
    """The document a legal basis line cites: its first number-and-symbol (a date is not one)."""
    m = NUMBER.search(unicodedata.normalize("NFC", line))
    return key("%s/%s/%s" % m.groups()) if m else None


def citing(number):
    """Codes of the demo catalog's procedures with a legal basis line citing `number`."""
    cat = json.load(open(os.path.join(harness.DATA, "catalog.json")))
    return sorted({p["code"] for p in cat["procedures"] for line in p.get("legal_basis", [])
                   if cited(line) == key(number)})


def ok(r, status=200):
    assert r.status == status, r
    return r.json()


class Desk:
    def __init__(self, s):
        self.s, self.tokens = s, {}

    def __call__(self, who):
        if who not in self.tokens:
            self.tokens[who] = self.s.login(who)
        return self.tokens[who]


def doc_id(s, token, number):
    found = [d for d in ok(s.get("/api/v1/legal-docs?per_page=200", token=token))["docs"] if d["number"] == number]
    assert len(found) == 1, number
    return found[0]["id"]


def province_doc(**kw):
    b = {"number": "911/2026/QĐ-UBND", "doc_type": "qd_ubnd_tinh", "issuer": "UBND-T",
         "signer": "Nguyễn Văn Thử", "summary": "Quy định thử nghiệm về tiếp nhận hồ sơ", "field": "Kiểm soát TTHC",
         "issued_on": "2026-02-10", "effective_on": "2026-02-20"}
    b.update(kw)
    return b


def test_register_changes_and_flags(_):
    with clock_server(START) as s:
        desk = Desk(s)
        kp = desk(KEEPER)
        base = ok(s.get("/api/v1/legal-docs?per_page=200", token=kp))
        assert base["total"] == 15 and base["may_create"], base["total"]
        assert ok(s.get("/api/v1/legal-docs/keepers", token=kp))["units"] == [{"code": "S03", "name": "Sở Tư pháp"}]
        # Readers: officers; a citizen is refused, nobody logged in is asked to log in.
        expect_error(s.get("/api/v1/legal-docs", token=desk("0912345678")), 403)
        expect_error(s.get("/api/v1/legal-docs"), 401)
        assert ok(s.get("/api/v1/legal-docs?per_page=200", token=desk(OTHER_RCV)))["total"] == 15
        e = expect_error(s.get("/api/v1/legal-docs/999999", token=kp), 404)
        assert is_vietnamese(e["message"])

        # Refused input: Vietnamese, naming the field, nothing written.
        for bad, field in [(province_doc(number="15-2026-QĐ"), "number"), (province_doc(number=""), "number"),
                           (province_doc(doc_type="cong_van"), "doc_type"), (province_doc(issuer=None), "issuer"),
                           (province_doc(issuer="01273"), "issuer"), (province_doc(issuer="XX"), "issuer"),
                           (province_doc(issued_on="2025-12-30"), "issued_on"),
                           (province_doc(effective_on="2026-02-01"), "effective_on"),
                           (province_doc(effective_on="2026-13-01"), "effective_on"),
                           (province_doc(expires_on="2026-02-20"), "expires_on"),
                           (province_doc(summary=""), "summary"), (province_doc(summary="x" * 2001), "summary"),
                           (dict(province_doc(), doc_type="nd_cp", issuer=None), "issuer_name")]:
            e = expect_error(s.post("/api/v1/legal-docs", bad, token=kp), 400, field=field)
            assert is_vietnamese(e["message"]), e
        assert harness.count_rows(s.db, "legal_docs") == 15, "a refused document leaves nothing"
        d = ok(s.post("/api/v1/legal-docs", province_doc(number="911 / 2026 / qd-ubnd"), token=kp), 201)
        assert (d["number"], d["issuer_name"], d["status"]["name"]) == (
            "911/2026/QĐ-UBND", "Ủy ban nhân dân tỉnh Cao Bằng", "in_force"), d
        e = expect_error(s.post("/api/v1/legal-docs", province_doc(number="911/2026/QD-UBND"), token=kp), 409,
                         field="number")
        assert is_vietnamese(e["message"])

        # A ward's officers keep their own documents, not the province's.
        e = expect_error(s.post("/api/v1/legal-docs", province_doc(number="912/2026/QĐ-UBND"), token=desk(WARD_LEAD)),
                         403)
        assert is_vietnamese(e["message"])
        w = ok(s.post("/api/v1/legal-docs", province_doc(number="913/2026/QĐ-UBND", doc_type="qd_ubnd_xa",
                                                         issuer="01273"), token=desk(WARD_SPEC)), 201)
        assert w["issuer_name"] == "Ủy ban nhân dân phường Thục Phán" and w["may_manage"]
        seen = ok(s.get("/api/v1/legal-docs/%d" % d["id"], token=desk(WARD_LEAD)))
        assert seen["may_manage"] is False
        change = {"action": "expire", "effective_on": "2026-04-01", "reason": "Thử"}
        expect_error(s.post("/api/v1/legal-docs/%d/changes" % d["id"], change, token=desk(WARD_LEAD)), 403)
        expect_error(s.request("PUT", "/api/v1/legal-docs/%d" % d["id"], province_doc(summary="Sửa"),
                               token=desk(WARD_LEAD)), 403)
        expect_error(s.post("/api/v1/legal-docs/%d/changes" % w["id"], change, token=desk(OTHER_RCV)), 403)
        # The keeper edits any document; the edit is journaled.
        d = ok(s.request("PUT", "/api/v1/legal-docs/%d" % d["id"], province_doc(summary="Quy định về tiếp nhận hồ sơ"),
                         token=kp))
        assert d["summary"] == "Quy định về tiếp nhận hồ sơ"

        # Expiring 123/2015/NĐ-CP flags exactly the procedures that cite it.
        nd123 = doc_id(s, kp, "123/2015/NĐ-CP")
        want = citing("123/2015/NĐ-CP")
        assert len(want) > 10, want
        doc = ok(s.get("/api/v1/legal-docs/%d" % nd123, token=kp))
        assert sorted(c["code"] for c in doc["citing"]) == want
        rows = harness.count_rows(s.db, "legal_proc_flags"), harness.count_rows(s.db, "legal_doc_changes")
        for bad, field in [({"action": "xoa"}, "action"), ({"action": "replace"}, "by"),
                           ({"action": "replace", "by": "1/2026/NĐ-CP"}, "by"),
                           ({"action": "replace", "by": "123/2015/NĐ-CP"}, "by"),
                           ({"scope": "nua"}, "scope"), ({"effective_on": "2015-01-01"}, "effective_on"),
                           ({"effective_on": "mai"}, "effective_on"), ({"reason": ""}, "reason")]:
            body = dict({"action": "expire", "effective_on": "2026-07-01", "reason": "Được thay thế"}, **bad)
            e = expect_error(s.post("/api/v1/legal-docs/%d/changes" % nd123, body, token=kp), 400, field=field)
            assert is_vietnamese(e["message"]), e
        assert (harness.count_rows(s.db, "legal_proc_flags"), harness.count_rows(s.db, "legal_doc_changes")) == rows
        complete_before = ok(s.get("/api/v1/index766?unit=04&from=2026-03-01&to=2026-03-31",
                                   token=desk("giamsat")))["inputs"]["procedures_complete"]
        s.clock.set("2026-03-03T09:00:00+07:00")
        r = ok(s.post("/api/v1/legal-docs/%d/changes" % nd123,
                      {"action": "expire", "scope": "whole", "effective_on": "2026-07-01",
                       "reason": "Nghị định mới về hộ tịch thay thế (thử nghiệm)"}, token=kp), 201)
        assert r["flagged"] == len(want), (r["flagged"], len(want))
        assert r["doc"]["status"]["name"] == "in_force", "not before the day it takes effect"
        assert sorted(f["procedure"]["code"] for f in r["doc"]["flags"]) == want
        flags = ok(s.get("/api/v1/legal-flags", token=kp))
        assert sorted(f["procedure"]["code"] for f in flags["flags"]) == want and flags["procedures_flagged"] == len(want)
        # The 766 index sees it: a flagged procedure no longer counts as published in full (item 1.3).
        i766 = ok(s.get("/api/v1/index766?unit=04&from=2026-03-01&to=2026-03-31", token=desk("giamsat")))
        # (every procedure citing 123/2015 is complete in the demo catalog, so each flag takes one away)
        assert want and i766["inputs"]["procedures_complete"] == complete_before - len(want), (i766["inputs"],
                                                                                             complete_before)
        cat = json.load(open(os.path.join(harness.DATA, "catalog.json")))
        others = [p["code"] for p in cat["procedures"] if p["code"] not in want]
        p = ok(s.get("/api/v1/procedures/" + want[0]))
        assert p["legal_update"]["needs_update"] and p["legal_update"]["flags"][0]["doc"]["number"] == "123/2015/NĐ-CP"
        for code in others:
            assert not ok(s.get("/api/v1/procedures/" + code))["legal_update"]["needs_update"], code
        # Its status on a later day, and a second whole expiry refused.
        later = ok(s.get("/api/v1/legal-docs?per_page=200&status=expired_whole&day=2026-07-01", token=kp))
        assert "123/2015/NĐ-CP" in [x["number"] for x in later["docs"]]
        e = expect_error(s.post("/api/v1/legal-docs/%d/changes" % nd123, {"action": "expire", "effective_on":
                                "2026-08-01", "reason": "Lần nữa"}, token=kp), 409)
        assert is_vietnamese(e["message"])

        # Replacing 08/2025/TT-BTP by a new circular flags its citing procedures (some already flagged for
        # 123/2015: a flag is per procedure and document).
        tt = ok(s.post("/api/v1/legal-docs", {"number": "20/2026/TT-BTP", "doc_type": "tt", "issuer_name":
                                              "Bộ trưởng Bộ Tư pháp", "summary": "Thông tư thử nghiệm",
                                              "issued_on": "2026-02-27"}, token=kp), 201)
        tt08 = doc_id(s, kp, "08/2025/TT-BTP")
        want08 = citing("08/2025/TT-BTP")
        r = ok(s.post("/api/v1/legal-docs/%d/changes" % tt08, {"action": "replace", "by": "20/2026/tt-btp",
                                                                "effective_on": "2026-03-15",
                                                                "reason": "Thay thế (thử nghiệm)"}, token=kp), 201)
        assert r["flagged"] == len(want08) and r["doc"]["changes"][-1]["by"]["number"] == "20/2026/TT-BTP"
        assert r["doc"]["changes"][-1]["relation"] == {"code": "replaces", "label": "được thay thế bởi"}
        acts = ok(s.get("/api/v1/legal-docs/%d" % tt["id"], token=kp))["acts"]
        assert [(a["relation"]["code"], a["doc"]["number"]) for a in acts] == [("replaces", "08/2025/TT-BTP")]
        # Amending 104/2022 flags its procedures; a second amendment while they are open flags none again.
        nd104 = doc_id(s, kp, "104/2022/NĐ-CP")
        want104 = citing("104/2022/NĐ-CP")
        amend = {"action": "amend", "by": "20/2026/TT-BTP", "part": "Điều 2", "effective_on": "2026-03-15",
                 "reason": "Sửa đổi (thử nghiệm)"}
        assert ok(s.post("/api/v1/legal-docs/%d/changes" % nd104, amend, token=kp), 201)["flagged"] == len(want104)
        assert ok(s.post("/api/v1/legal-docs/%d/changes" % nd104, amend, token=kp), 201)["flagged"] == 0
        # A relation alone (details) changes nothing and flags nothing.
        nd87 = doc_id(s, kp, "87/2020/NĐ-CP")
        r = ok(s.post("/api/v1/legal-docs/%d/changes" % nd87, {"action": "relate", "relation": "details", "by":
                      "20/2026/TT-BTP", "effective_on": "2026-03-15", "reason": "Quy định chi tiết"}, token=kp), 201)
        assert r["flagged"] == 0 and r["doc"]["status"]["name"] == "in_force"
        union = set(want) | set(want08) | set(want104)
        assert ok(s.get("/api/v1/legal-flags", token=kp))["procedures_flagged"] == len(union)

        # Clearing: the keeper (or a competent unit named by the procedure), with a note, once.
        fl = [f for f in ok(s.get("/api/v1/legal-flags", token=desk(WARD_LEAD)))["flags"]
              if f["procedure"]["code"] == want[0]]
        assert fl and not any(f["may_clear"] for f in fl), "kind:commune procedures: no ward clears them"
        expect_error(s.post("/api/v1/legal-flags/%d/clear" % fl[0]["id"], {"note": "x"}, token=desk(WARD_LEAD)), 403)
        expect_error(s.post("/api/v1/legal-flags/%d/clear" % fl[0]["id"], {"note": ""}, token=kp), 400, field="note")
        for f in fl:
            ok(s.post("/api/v1/legal-flags/%d/clear" % f["id"], {"note": "Đã công bố lại theo QĐ thử"}, token=kp))
        expect_error(s.post("/api/v1/legal-flags/%d/clear" % fl[0]["id"], {"note": "x"}, token=kp), 409)
        expect_error(s.post("/api/v1/legal-flags/999999/clear", {"note": "x"}, token=kp), 404)
        assert not ok(s.get("/api/v1/procedures/" + want[0]))["legal_update"]["needs_update"]
        assert ok(s.get("/api/v1/legal-flags", token=kp))["procedures_flagged"] == len(union) - 1
        all_flags = ok(s.get("/api/v1/legal-flags?all=1", token=kp))["flags"]
        assert len([f for f in all_flags if not f["open"]]) == len(fl)

        # The journal: every change in the hash chain; the chain verifies.
        j = ok(s.get("/api/v1/legal-docs/%d/journal" % nd123, token=kp))["entries"]
        assert [x["action"] for x in j] == ["change.expire"], j
        assert j[0]["actor"] == KEEPER and j[0]["role"] == "specialist" and "%d" % len(want) in j[0]["note"]
        j = ok(s.get("/api/v1/legal-docs/%d/journal" % d["id"], token=kp))["entries"]
        assert [x["action"] for x in j] == ["doc.create", "doc.edit"]
        p = harness.run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr
        n_flags_journal = harness.count_rows(s.db, "journal WHERE subject = 'legal_flag'")
        assert n_flags_journal == len(want) + len(want08) + len(want104) + len(fl)


def test_reviews_stats_and_systematisation(_):
    with clock_server(START) as s:
        desk = Desk(s)
        kp = desk(KEEPER)
        nq = doc_id(s, kp, "902/2021/NQ-HĐND")
        ward_doc = doc_id(s, kp, "905/2025/QĐ-UBND")
        review = {"kind": "review", "basis": "plan", "basis_note": "Kế hoạch rà soát năm 2026", "started_on":
                  "2026-02-01", "done_on": "2026-02-20", "result": "fit", "findings": "Phù hợp"}
        rows = harness.count_rows(s.db, "legal_doc_reviews")
        for bad, field in [({"result": "tot"}, "result"), ({"basis": "x"}, "basis"), ({"kind": "x"}, "kind"),
                           ({"done_on": "2026-03-05"}, "done_on"), ({"done_on": "2020-01-01", "started_on": None}, "done_on"),
                           ({"started_on": "2026-02-25"}, "started_on"), ({"result": "amend"}, "proposal"),
                           ({"unit": "XX"}, "unit"), ({"handler": "XX"}, "handler"),
                           ({"deadline": "2026-01-01"}, "deadline"), ({"findings": "x" * 5001}, "findings")]:
            e = expect_error(s.post("/api/v1/legal-docs/%d/reviews" % nq, dict(review, **bad), token=kp), 400,
                             field=field)
            assert is_vietnamese(e["message"]), e
        assert harness.count_rows(s.db, "legal_doc_reviews") == rows
        ok(s.post("/api/v1/legal-docs/%d/reviews" % nq, review, token=kp), 201)
        ok(s.post("/api/v1/legal-docs/%d/reviews" % nq, dict(review, done_on="2026-02-25", result="amend",
                                                            proposal="Sửa mức thu", handler="S04",
                                                            deadline="2026-06-30"), token=kp), 201)
        ok(s.post("/api/v1/legal-docs/%d/reviews" % doc_id(s, kp, "903/2025/QĐ-UBND"),
                  dict(review, result="replace", proposal="Thay thế quy chế"), token=kp), 201)
        # The ward self-checks its own document; it may not review the province's.
        ok(s.post("/api/v1/legal-docs/%d/reviews" % ward_doc, dict(review, kind="self_check", basis="other"),
                  token=desk(WARD_LEAD)), 201)
        expect_error(s.post("/api/v1/legal-docs/%d/reviews" % nq, review, token=desk(WARD_LEAD)), 403)

        # The statistics, exact: Q1 2026 for the province, per reviewing unit.
        st = ok(s.get("/api/v1/legal-docs/stats?unit=04&from=2026-01-01&to=2026-03-31", token=kp))
        t = st["total"]
        assert (t["reviews"], t["reviewed"], t["self_checked"], t["to_act"]) == (4, 2, 1, 2), t
        assert t["by_result"] == {"fit": 2, "amend": 1, "replace": 1, "repeal": 0, "suspend": 0, "new": 0}, t
        by = {r["unit"]["code"]: r for r in st["rows"]}
        assert (by["S03"]["reviews"], by["S03"]["reviewed"]) == (3, 2)
        assert (by["01273"]["reviews"], by["01273"]["self_checked"]) == (1, 1)
        # Documents counted by their issuing unit: in force on the last day, issued in the period.
        assert by["UBND-T"]["in_force"] == 1 and by["04"]["in_force"] == 1 and by["01273"]["in_force"] == 1, by
        st = ok(s.get("/api/v1/legal-docs/stats?unit=01273&from=2025-01-01&to=2025-12-31", token=desk(WARD_LEAD)))
        assert st["total"]["issued"] == 1 and st["total"]["reviews"] == 0
        st = ok(s.get("/api/v1/legal-docs/stats?unit=04&from=2023-01-01&to=2023-12-31", token=kp))
        assert (st["total"]["reviews"], st["total"]["reviewed"], st["total"]["changed"]) == (1, 1, 0), st["total"]
        expect_error(s.get("/api/v1/legal-docs/stats?unit=04&from=2026-03-31&to=2026-01-01", token=kp), 400, field="to")

        # Systematisation, cycle 2019-2023 (cut-off 31/12/2023), the province's documents.
        sy = ok(s.get("/api/v1/legal-docs/system?cycle=2019&issuer=04", token=kp))
        assert (sy["start"], sy["cutoff"]) == ("2019-01-01", "2023-12-31")
        nums = lambda k: [x["number"] for x in sy[k]]
        assert nums("in_force") == ["901/2019/QĐ-UBND", "902/2021/NQ-HĐND"], sy
        assert nums("ended") == ["904/2022/QĐ-UBND"] and nums("to_act") == ["902/2021/NQ-HĐND"], sy
        assert sy["to_act"][0]["review"]["result"]["code"] == "amend"
        sy = ok(s.get("/api/v1/legal-docs/system?cycle=2024&issuer=UBND-T", token=kp))
        assert nums("in_force") == ["902/2021/NQ-HĐND", "903/2025/QĐ-UBND"], sy
        assert nums("ended") == ["901/2019/QĐ-UBND"] and sy["ended"][0]["ended_by"]["by"]["number"] == "903/2025/QĐ-UBND"
        assert nums("to_act") == ["902/2021/NQ-HĐND", "903/2025/QĐ-UBND"], sy
        sy = ok(s.get("/api/v1/legal-docs/system?cycle=2024&issuer=01273", token=kp))
        assert nums("in_force") == ["905/2025/QĐ-UBND"] and nums("to_act") == []
        expect_error(s.get("/api/v1/legal-docs/system?cycle=2020", token=kp), 400, field="cycle")
        # The CSV: one row a line of the three lists, every cell a guarded string.
        ok(s.post("/api/v1/legal-docs", province_doc(number="914/2026/QĐ-UBND",
                                                     summary="=HYPERLINK(\"http://x\")"), token=kp), 201)
        r = s.get("/api/v1/legal-docs/system.csv?cycle=2024&issuer=04", token=kp)
        assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
        text = r.body.decode("utf-8")
        assert text.startswith("\ufeff")
        lines = list(csv.reader(io.StringIO(text[1:])))
        assert lines[0][:4] == ["Danh mục", "STT", "Loại văn bản", "Số, ký hiệu"]
        assert len(lines) == 1 + 3 + 1 + 2, lines
        assert any(row[5] == "'=HYPERLINK(\"http://x\")" for row in lines), "a formula is guarded"


def test_pages_and_public_list(_):
    from test_text_limits import check_form_limits
    from test_web_forms import Browser, html_of
    with clock_server(START) as s:
        b = Browser(s)
        b.login(KEEPER)
        html = html_of(b.get("/can-bo/van-ban"))
        assert "123/2015/NĐ-CP" in html and 'href="/can-bo/van-ban"' in html
        check_form_limits(html, "list")
        html = html_of(b.get("/can-bo/van-ban?status=expired_whole"))
        assert "901/2019/QĐ-UBND" in html and "905/2025" not in html
        check_form_limits(html_of(b.get("/can-bo/van-ban/moi")), "new")
        kp = s.login(KEEPER)
        nd123 = doc_id(s, kp, "123/2015/NĐ-CP")
        page = "/can-bo/van-ban/%d" % nd123
        html = html_of(b.get(page))
        assert "Thủ tục hành chính trích dẫn văn bản" in html and "1.001193" in html
        check_form_limits(html, "doc")
        r = b.post(page + "/hieu-luc", {"csrf": "0" * 32, "action": "expire"})
        assert r.status == 403
        r = b.post(page + "/hieu-luc", {"csrf": b.csrf(page), "action": "expire", "scope": "whole",
                                        "effective_on": "2026-07-01", "reason": ""})
        assert r.status == 400 and "lý do" in html_of(r), html_of(r)[:500]
        r = b.post(page + "/hieu-luc", {"csrf": b.csrf(page), "action": "expire", "scope": "whole",
                                        "effective_on": "2026-07-01", "reason": "Hết hiệu lực (thử)"})
        assert r.status == 303, r
        html = html_of(b.get("/can-bo/thu-tuc-can-cap-nhat"))
        assert "1.001193" in html and "Xác nhận" in html
        check_form_limits(html, "flags")
        html = html_of(b.get("/thu-tuc/1.001193"))
        assert "Thủ tục cần cập nhật căn cứ pháp lý" in html
        fid = re.search(r'action="/can-bo/thu-tuc-can-cap-nhat/(\d+)/xong"', html_of(b.get("/can-bo/thu-tuc-can-cap-nhat"))).group(1)
        r = b.post("/can-bo/thu-tuc-can-cap-nhat/%s/xong" % fid, {"csrf": b.csrf("/can-bo/thu-tuc-can-cap-nhat"),
                                                                   "note": "Đã công bố lại"})
        assert r.status == 303, r
        r = b.post(page + "/ra-soat", {"csrf": b.csrf(page), "kind": "review", "basis": "plan", "done_on":
                                       "2026-02-20", "result": "fit"})
        assert r.status == 303, r
        html = html_of(b.get(page))
        assert "Còn phù hợp" in html and "Nhật ký văn bản" in html
        html = html_of(b.get("/can-bo/van-ban/he-thong-hoa?cycle=2019&issuer=04"))
        assert "904/2022/QĐ-UBND" in html and "system.csv?cycle=2019" in html
        # A new document with its file, through the page (multipart).
        from test_web_forms import PDF
        r = b.post_multipart("/can-bo/van-ban/moi", dict(province_doc(number="915/2026/QĐ-UBND"),
                                                         csrf=b.csrf("/can-bo/van-ban/moi")),
                             {"file": ("qd-915.pdf", PDF)})
        assert r.status == 303, html_of(r)[:800]
        d = ok(s.get("/api/v1/legal-docs/%s" % r.header("Location").rsplit("/", 1)[1], token=kp))
        assert d["file"]["name"] == "qd-915.pdf"
        got = s.get(d["file"]["url"])
        assert got.status == 200 and got.body == PDF
        # Over the API: one file a document; a refused document keeps nothing.
        from test_uploads import multipart
        n = harness.count_rows(s.db, "legal_docs")
        raw, ctype = multipart(province_doc(number="916/2026/QĐ-UBND"), [("file", "a.pdf", PDF), ("file", "b.pdf", PDF)])
        expect_error(s.request("POST", "/api/v1/legal-docs", raw=raw, ctype=ctype, token=kp), 413, field="file")
        raw, ctype = multipart(province_doc(number="917/2026/QĐ-UBND", issued_on="2025-01-01"), [("file", "c.pdf", PDF)])
        expect_error(s.request("POST", "/api/v1/legal-docs", raw=raw, ctype=ctype, token=kp), 400, field="issued_on")
        assert harness.count_rows(s.db, "legal_docs") == n
        # The public list: local documents in force, no login; nothing national, nothing expired.
        anon = Browser(s)
        html = html_of(anon.get("/van-ban"))
        assert "902/2021/NQ-HĐND" in html and "915/2026/QĐ-UBND" in html
        assert "901/2019/QĐ-UBND" not in html and "123/2015/NĐ-CP" not in html
        check_form_limits(html, "public")
        pub = ok(s.get("/api/v1/public/legal-docs"))
        assert all(x["level"] != "national" and x["status"]["name"] in ("in_force", "expired_part", "suspended_part")
                   for x in pub["docs"]), pub
        assert anon.get("/can-bo/van-ban").status in (302, 303)
        # A ward's officer sees the register, but no form on the province's documents.
        wb = Browser(s)
        wb.login(WARD_LEAD)
        html = html_of(wb.get(page))
        assert "/hieu-luc" not in html and "/ra-soat" not in html


if __name__ == "__main__":
    harness.main(globals())
