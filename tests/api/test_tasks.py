"""Directives, plans and tasks (issue 16), black-box on a test clock: deadlines and recurrence on the
working-time calendar across Tết 2026 (off Sat 14 – Sun 22/02) and the 2/9 holidays (off Sat 29/08 –
Wed 02/09, make-up Saturday 22/08) and the make-up Saturday 10/01/2026, from data/holidays.csv, computed
here by hand; the due-soon and overdue marks of `motcua jobs deadlines --at`, once each, at the right
working hour, shown to the assigning body; a ward's sub-plan rolling up into the task it implements;
a body seeing and reporting only its own tasks; the People's Council and Fatherland Front accounts
reading everything and refused every write; the demo's Directive 10-CT/TU with the bodies it names;
the figures of tasks_stats_of against a count made here; reform news; bad input refused in Vietnamese
with nothing written; `motcua journal verify`.

Rules (docs/TASKS.md): a task is due at the end (17:00) of a working day; a day that is not a working
day moves to the next one; N working days count from the day after the start; a recurrence's
occurrence is due on day `due_day` of its period's last month (moved the same way); due soon from 2
working days before.
"""
import os
import re
import unicodedata

import harness
from harness import clock_server, count_rows, expect_error, is_vietnamese, run_cli
from test_index766 import Desk, ok

WARD, OTHER_WARD = "01273", "01279"
ADMIN, UBND, WARD_LEADER, WARD_SPEC = "admin", "lanhdao.ubnd", "lanhdao.thucphan", "chuyenvien.thucphan"
NOIVU, TUPHAP, HDND, MTTQ, TINHUY = "chuyenvien.noivu", "chuyenvien.tuphap", "giamsat.hdnd", "giamsat.mttq", \
    "lanhdao.tinhuy"
PASSWORD = "MatKhau@2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def iso(d, hm="09:00"):
    return "%sT%s:00+07:00" % (d, hm)


def jobs(s, when):
    out = run_cli("jobs", "deadlines", "--at", when, db=s.db).stdout.strip()
    m = re.fullmatch(r"Đã đánh dấu (\d+) hồ sơ, (\d+) phản ánh, kiến nghị, (\d+) nhiệm vụ\.", out)
    assert m, out
    return int(m.group(3))


def new_doc(s, token, status=201, **kw):
    body = {"kind": "plan", "number": "KH-THU", "issued_on": "2026-01-05", "title": "Kế hoạch thử nghiệm"}
    body.update(kw)
    r = s.post("/api/v1/task-docs", body, token=token)
    return ok(r, status) if status < 400 else expect_error(r, status)


def add(s, token, doc, status=201, **kw):
    body = {"title": "Nhiệm vụ thử", "lead": WARD}
    body.update(kw)
    r = s.post("/api/v1/task-docs/%d/tasks" % doc, body, token=token)
    return ok(r, status) if status < 400 else expect_error(r, status)


def report(s, token, tid, expect=201, **kw):
    r = s.post("/api/v1/tasks/%d/reports" % tid, kw, token=token)
    return ok(r, expect) if expect < 400 else expect_error(r, expect)


def task(s, token, tid):
    return ok(s.get("/api/v1/tasks/%d" % tid, token=token))


def officer(s, desk, username, unit, roles):
    ok(s.post("/api/v1/users", {"username": username, "name": "Cán bộ " + username, "unit": unit, "roles": roles,
                                "password": PASSWORD}, token=desk(ADMIN)), 201)
    return s.login(username, PASSWORD)


def test_deadlines_and_recurrence_across_real_holidays(_):
    with clock_server(iso("2026-01-05")) as s:
        desk = Desk(s)
        t = desk(UBND)
        d = new_doc(s, t)
        assert d["issuer"]["code"] == "UBND-T" and d["kind"] == "plan", d
        doc = d["id"]
        # N working days from a start: Fri 13/02 + 5 → Mon 23 … Fri 27/02 (Tết 14–22/02 off).
        a = add(s, t, doc, working_days=5, start_on="2026-02-13")
        assert a["due_on"] == "2026-02-27" and a["due_at"] == iso("2026-02-27", "17:00"), a
        # A day in Tết moves to the next working day (Civil Code 2015 Art. 148(5)).
        assert add(s, t, doc, due_on="2026-02-17")["due_on"] == "2026-02-23"
        # The swapped Monday 31/08 and 01–02/09 are off: Thursday 03/09.
        assert add(s, t, doc, due_on="2026-08-31")["due_on"] == "2026-09-03"
        # The make-up Saturdays work: 22/08 (for 31/08) and 10/01 (for 02/01).
        assert add(s, t, doc, working_days=1, start_on="2026-08-21")["due_on"] == "2026-08-22"
        assert add(s, t, doc, due_on="2026-01-10")["due_on"] == "2026-01-10"
        # Thu 27/08 + 3: Fri 28/08, Thu 03/09, Fri 04/09.
        assert add(s, t, doc, working_days=3, start_on="2026-08-27")["due_on"] == "2026-09-04"
        # Monthly on the 17th: Sat 17/01 → Mon 19/01; 17/02 (Tết) → Mon 23/02; Tue 17/03.
        m = add(s, t, doc, code="THANG", every="month", start_on="2026-01-01", until="2026-03-31", due_day=17)
        assert m["every"]["name"] == "month" and m["children"] == 3 and m["rolled_up"], m
        occ = task(s, t, m["id"])["child_tasks"]
        assert [(x["code"], x["period"], x["due_on"]) for x in occ] == [
            ("THANG-2026-01", "2026-01", "2026-01-19"), ("THANG-2026-02", "2026-02", "2026-02-23"),
            ("THANG-2026-03", "2026-03", "2026-03-17")], occ
        assert all(x["due_at"].endswith("T17:00:00+07:00") for x in occ)
        # Quarterly on the 20th: Q3 Sun 20/09 → Mon 21/09; Q4 Sun 20/12 → Mon 21/12; from a start inside Q3.
        q = add(s, t, doc, code="QUY", every="quarter", start_on="2026-08-10", until="2026-12-31")
        occ = task(s, t, q["id"])["child_tasks"]
        assert [(x["code"], x["due_on"]) for x in occ] == [("QUY-2026-Q3", "2026-09-21"), ("QUY-2026-Q4", "2026-12-21")]
        assert q["due_on"] == "2026-12-21"
        # Yearly on the 31st of December (Thursday 31/12/2026).
        y = add(s, t, doc, code="NAM", every="year", start_on="2026-01-05", until="2026-12-31", due_day=31)
        assert [x["due_on"] for x in task(s, t, y["id"])["child_tasks"]] == ["2026-12-31"]
        # Codes: given, or "<document number>-<n>".
        assert a["code"] == "KH-THU-1", a["code"]
        assert run_cli("journal", "verify", db=s.db).returncode == 0


def test_due_soon_and_overdue_marked_once_each_and_shown_to_the_assigner(_):
    with clock_server(iso("2026-02-10")) as s:
        desk = Desk(s)
        doc = new_doc(s, desk(UBND))["id"]
        a = add(s, desk(UBND), doc, title="Báo cáo số hóa hồ sơ", working_days=5, start_on="2026-02-13")
        assert a["due_at"] == iso("2026-02-27", "17:00")
        jobs(s, iso("2026-02-25", "08:00"))  # the demo's tasks past their deadlines are marked first
        assert jobs(s, iso("2026-02-25", "16:59")) == 0
        assert jobs(s, iso("2026-02-25", "17:00")) == 1  # 2 working days before: due soon
        assert jobs(s, iso("2026-02-26", "09:00")) == 0  # once
        assert jobs(s, iso("2026-02-27", "17:00")) == 0  # at the deadline: still on time
        assert jobs(s, iso("2026-02-27", "17:01")) == 1  # past it: overdue
        assert jobs(s, iso("2026-03-02", "09:00")) == 0  # once
        s.clock.set(iso("2026-03-02"))
        x = task(s, desk(UBND), a["id"])
        assert x["alert"] == "overdue" and x["state"]["name"] == "overdue", x
        marks = [(j["action"], j["actor"], j["to"]) for j in x["journal"] if j["action"] != "task.assign"]
        assert marks == [("task.remind", "motcua", "due_soon"), ("task.overdue", "motcua", "overdue")], marks
        assert all("Ủy ban nhân dân tỉnh Cao Bằng" in j["note"] for j in x["journal"][1:]), x["journal"]
        # The assigning body sees it among the overdue tasks it assigned; the ward among its own.
        mine = ok(s.get("/api/v1/tasks?view=assigned&overdue=1", token=desk(UBND)))
        assert a["id"] in [t["id"] for t in mine["tasks"]] and mine["counts"]["overdue"] >= 1, mine["counts"]
        ward = ok(s.get("/api/v1/tasks?view=mine&state=overdue", token=desk(WARD_LEADER)))
        assert a["id"] in [t["id"] for t in ward["tasks"]]
        # Done late once reported done after the deadline; no more marks for it.
        report(s, desk(WARD_SPEC), a["id"], status="done", text="Đã số hóa toàn bộ hồ sơ")
        x = task(s, desk(UBND), a["id"])
        assert x["state"]["name"] == "done_late" and x["percent"] == 100, x["state"]
        assert jobs(s, iso("2026-03-03", "09:00")) == 0
        assert run_cli("journal", "verify", db=s.db).returncode == 0


def test_a_sub_plan_rolls_up_into_the_task_it_implements(_):
    with clock_server(iso("2026-03-02")) as s:
        desk = Desk(s)
        doc = new_doc(s, desk(UBND))["id"]
        p = add(s, desk(UBND), doc, title="Triển khai kế hoạch tại phường", lead=WARD, due_on="2026-06-30")
        # Only the lead (or a unit under it) issues the sub-plan; another ward may not.
        other = officer(s, desk, "lanhdao.nungtricao", OTHER_WARD, ["leader"])
        e = new_doc(s, other, 400, kind="subplan", number="KH-NTC", implements=p["id"], title="Kế hoạch con")
        assert e["field"] in ("implements", "issuer") and is_vietnamese(e["message"]), e
        new_doc(s, desk(WARD_LEADER), 400, kind="plan", number="KH-TP", implements=p["id"], title="x")
        sp = new_doc(s, desk(WARD_LEADER), kind="subplan", number="KH-TP-2026", issued_on="2026-03-02",
                     implements=p["id"], title="Kế hoạch thực hiện của phường Thục Phán")
        assert sp["issuer"]["code"] == WARD and sp["implements"]["id"] == p["id"], sp
        kids = [add(s, desk(WARD_LEADER), sp["id"], title="Việc %d" % i, due_on="2026-05-29") for i in (1, 2, 3)]
        assert all(k["parent"]["id"] == p["id"] and k["depth"] == 0 for k in kids)
        x = task(s, desk(UBND), p["id"])
        assert x["rolled_up"] and x["children"] == 3 and x["percent"] == 0 and x["status"]["name"] == "not_started"
        # The parent's progress is its children's: reporting on it directly is refused.
        e = report(s, desk(WARD_SPEC), p["id"], 400, percent=50, text="Đã làm một nửa")
        assert e["field"] == "percent" and is_vietnamese(e["message"]), e
        report(s, desk(WARD_SPEC), kids[0]["id"], percent=100, text="Xong việc 1")
        report(s, desk(WARD_SPEC), kids[1]["id"], status="in_progress", percent=50, text="Việc 2 được một nửa")
        x = task(s, desk(UBND), p["id"])
        assert (x["percent"], x["status"]["name"]) == (50, "in_progress"), (x["percent"], x["status"])  # (100+50+0)/3
        report(s, desk(WARD_SPEC), kids[1]["id"], status="done", text="Xong việc 2")
        s.clock.set(iso("2026-03-04", "10:00"))
        report(s, desk(WARD_SPEC), kids[2]["id"], status="done", text="Xong việc 3")
        x = task(s, desk(UBND), p["id"])
        assert (x["percent"], x["status"]["name"], x["state"]["name"]) == (100, "done", "done"), x["state"]
        assert x["done_at"] == iso("2026-03-04", "10:00"), x["done_at"]
        # The assigning body (the province) reads the sub-plan's tasks, through the task they implement.
        assigned = [t["id"] for t in ok(s.get("/api/v1/tasks?view=assigned", token=desk(UBND)))["tasks"]]
        assert all(k["id"] in assigned for k in kids)
        tree = ok(s.get("/api/v1/task-docs/%d" % doc, token=desk(UBND)))["tasks"]
        assert tree[0]["subplans"][0]["number"] == "KH-TP-2026", tree[0]
        # Done: nothing more to report.
        report(s, desk(WARD_SPEC), kids[0]["id"], 409, text="thêm")
        assert run_cli("journal", "verify", db=s.db).returncode == 0


def test_a_body_sees_and_reports_only_its_own_tasks(_):
    with clock_server(iso("2026-03-02")) as s:
        desk = Desk(s)
        doc = new_doc(s, desk(UBND))["id"]
        a = add(s, desk(UBND), doc, title="Niêm yết thủ tục", lead=WARD, coop=["S02"], due_on="2026-04-30")
        b = add(s, desk(UBND), doc, title="Việc của phường khác", lead=OTHER_WARD, due_on="2026-04-30")
        other = officer(s, desk, "chuyenvien.nungtricao", OTHER_WARD, ["specialist"])
        # Another ward: the same 404 as for an unknown task, for reading and for reporting.
        e = expect_error(s.get("/api/v1/tasks/%d" % a["id"], token=other), 404)
        assert is_vietnamese(e["message"])
        report(s, other, a["id"], 404, percent=10, text="x")
        expect_error(s.get("/api/v1/tasks/%d/evidence/1" % a["id"], token=other), 404)
        theirs = [t["id"] for t in ok(s.get("/api/v1/tasks", token=other))["tasks"]]
        assert b["id"] in theirs and a["id"] not in theirs, theirs
        assert [t["id"] for t in ok(s.get("/api/v1/tasks?view=assigned", token=other))["tasks"]] == []
        # A department that is neither lead nor cooperating: 404 too.
        expect_error(s.get("/api/v1/tasks/%d" % a["id"], token=desk(TUPHAP)), 404)
        # The ward's own officers read and report it; it is theirs, not the other ward's.
        mine = [t["id"] for t in ok(s.get("/api/v1/tasks", token=desk(WARD_SPEC)))["tasks"]]
        assert a["id"] in mine and b["id"] not in mine
        x = report(s, desk(WARD_SPEC), a["id"], percent=40, text="Đã niêm yết 40% thủ tục")
        assert (x["percent"], x["status"]["name"]) == (40, "in_progress")
        # The cooperating department comments, but does not set status or percent.
        e = report(s, desk(NOIVU), a["id"], 403, percent=90, text="x")
        assert e["field"] == "percent" and is_vietnamese(e["message"]), e
        x = report(s, desk(NOIVU), a["id"], text="Sở Nội vụ đã hướng dẫn phường")
        assert x["percent"] == 40 and x["reports"][-1]["lead"] is False and x["reports"][-1]["status"] is None
        # The assigning body reads, and reports nothing on a task it neither leads nor cooperates in (the
        # province's leaders do cooperate, through its departments, in a task a department cooperates in).
        assert task(s, desk(UBND), b["id"])["my_role"] == {"lead": False, "coop": False, "assigner": True}
        assert task(s, desk(UBND), a["id"])["my_role"] == {"lead": False, "coop": True, "assigner": True}
        report(s, desk(UBND), b["id"], 403, text="x")
        # A counter officer of the ward has no task permission at all.
        expect_error(s.get("/api/v1/tasks/%d" % a["id"], token=desk("tiepnhan.thucphan")), 404)


def test_the_supervision_accounts_read_everything_and_change_nothing(_):
    with clock_server(iso("2026-03-02")) as s:
        desk = Desk(s)
        doc = new_doc(s, desk(UBND))["id"]
        a = add(s, desk(UBND), doc, lead=WARD, due_on="2026-04-30")
        for who in (HDND, MTTQ):
            t = desk(who)
            me = ok(s.get("/api/v1/auth/me", token=t))["user"]
            assert me["roles"] == ["observer"], me
            docs = ok(s.get("/api/v1/task-docs", token=t))["docs"]
            assert {"10-CT/TU", "KH-THU"} <= {d["number"] for d in docs} and not ok(
                s.get("/api/v1/task-docs", token=t))["may_create"]
            assert task(s, t, a["id"])["may_report"] is False
            n_all = len(ok(s.get("/api/v1/tasks?view=assigned", token=t))["tasks"])
            assert n_all == count_rows(s.db, "tasks"), n_all
            ok(s.get("/api/v1/task-stats?unit=04&from=2026-01-01&to=2026-12-31", token=t))
            ok(s.get("/api/v1/stats/processing?unit=04&from=2026-01-01&to=2026-03-31", token=t))
            ok(s.get("/api/v1/index766?unit=04&from=2026-01-01&to=2026-03-31", token=t))
            ok(s.get("/api/v1/index766/ranking?unit=04&from=2026-01-01&to=2026-03-31&kind=commune,ward", token=t))
        # Every write of the API is refused with 403 before its handler runs, whatever the body.
        spec = ok(s.get("/api/v1/openapi.json"))
        t = desk(HDND)
        before = count_rows(s.db, "journal")
        tried = 0
        for path, ops in spec["paths"].items():
            for method in ops:
                if method.upper() in ("GET", "HEAD") or path in ("/api/v1/auth/login", "/api/v1/auth/logout"):
                    continue
                url = re.sub(r"\{[^}]+\}", "1", path)
                r = s.request(method.upper(), url, body={}, token=t)
                e = expect_error(r, 403)
                assert is_vietnamese(e["message"]), (method, path, e)
                tried += 1
        assert tried >= 30, tried
        # And the pages' forms.
        for path in ("/can-bo/nhiem-vu/%d/bao-cao" % a["id"], "/can-bo/tin-tuc", "/can-bo/tiep-nhan"):
            r = s.request("POST", path, raw=b"csrf=x", ctype="application/x-www-form-urlencoded", token=t)
            assert r.status == 403 and "chỉ được xem" in r.body.decode(), (path, r)
        assert count_rows(s.db, "journal") == before
        # Logging out is not a change of data.
        ok(s.post("/api/v1/auth/logout", token=t))


# Directive 10-CT/TU as it reads (../shared/seed/000_11e57ff0fd0230e9.txt): each item's words naming its
# bodies, and the bodies the demo gives each task.
DIRECTIVE = [
    ("CT10.1", "TU", [], "Tăng cường nâng cao trách nhiệm của các cấp uỷ, tổ chức đảng"),
    ("CT10.2", "BCSD-UBND", ["UBND-T"], "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Ủy ban nhân dân tỉnh"),
    ("CT10.3", "DD-HDND", ["HDND-T"], "Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tăng cường giám sát"),
    ("CT10.4", "MTTQ-T", ["UBND-T"], "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội tỉnh phối hợp "
                                      "với các cấp chính quyền"),
    ("CT10.5", "TU", ["BCSD-UBND", "DD-HDND", "DU-01273"], "ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Tỉnh ủy "
                                                            "chỉ đạo xây dựng kế hoạch thực hiện Chỉ thị"),
    ("CT10.6", "BTG-TU", [], "Ban Tuyên giáo Tỉnh uỷ chỉ đạo các cơ quan truyền thông"),
    ("CT10.7", "BCSD-UBND", ["BTG-TU"], "Giao Ban cán sự đảng Uỷ ban nhân dân tỉnh chủ trì, phối hợp với Ban Tuyên "
                                        "giáo Tỉnh uỷ"),
]
AREAS = ["Thường xuyên rà soát, hệ thống hoá văn bản quy phạm pháp luật",
         "Đẩy mạnh công tác cải cách thủ tục hành chính",
         "Tiếp tục rà soát, sắp xếp tổ chức bộ máy",
         "Đẩy mạnh thực hiện cải cách chế độ công vụ",
         "Triển khai thực hiện cơ chế tự chủ, tự chịu trách nhiệm về tài chính",
         "Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số",
         "Tăng cường công tác kiểm tra, giám sát, xác định kết quả cải cách hành chính hằng năm",
         "Bố trí ngân sách phù hợp"]
SEED = os.path.join(harness.ROOT, "..", "shared", "seed", "000_11e57ff0fd0230e9.txt")


def words(text):
    """For comparing with the directive: NFC, one space between words, lower case (a quote begins a task)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def test_the_demo_directive_has_its_tasks_with_the_bodies_it_names(s):
    t = s.login(HDND)
    docs = {d["number"]: d for d in ok(s.get("/api/v1/task-docs", token=t))["docs"]}
    d = docs["10-CT/TU"]
    assert (d["kind"], d["issued_on"], d["issuer"]["code"]) == ("directive", "2021-08-30", "BTV-TU"), d
    assert d["issuer"]["name"] == "Ban Thường vụ Tỉnh ủy Cao Bằng"
    tree = ok(s.get("/api/v1/task-docs/%d" % d["id"], token=t))["tasks"]
    by = {x["code"]: x for x in tree}
    seed = words(open(SEED, encoding="utf-8").read()) if os.path.exists(SEED) else None
    for code, lead, coop, quote in DIRECTIVE:
        x = by[code]
        assert x["lead"]["code"] == lead and sorted(c["code"] for c in x["coop"]) == sorted(coop), (code, x["coop"])
        if seed:
            assert words(quote) in seed, quote  # the words that name the bodies are the directive's
            assert words(x["title"]) in seed, x["title"]  # and the title is quoted, not paraphrased
    # The reform areas of item 2: eight sub-tasks of CT10.2, each quoted, each followed every year 2021–2025.
    areas = [x for x in tree if x["parent"] and x["parent"]["code"] == "CT10.2"]
    assert len(areas) == 8 and all(x["lead"]["code"] == "UBND-T" for x in areas)
    for x, start in zip(areas, AREAS):
        assert x["title"].startswith(start), (x["title"], start)
        if seed:
            assert words(x["title"]) in seed, x["title"]
        occ = task(s, t, x["id"])["child_tasks"]
        assert [o["period"] for o in occ] == ["2021", "2022", "2023", "2024", "2025"], occ
    # What the demo chose is labelled as chosen.
    assert "Chọn" in task(s, t, by["CT10.1"]["id"])["note"]
    # The bodies are units of their own kinds, outside the one-stop tree.
    kinds = {u["code"]: u["kind"] for u in ok(s.get("/api/v1/units"))["items"]}
    assert kinds["TU"] == kinds["BTV-TU"] == kinds["BCSD-UBND"] == kinds["BTG-TU"] == "party_committee"
    assert kinds["HDND-T"] == "peoples_council" and kinds["MTTQ-T"] == "fatherland_front"
    # The 2026 plan and the ward's sub-plan (illustrative).
    kh = docs["KH CCHC 2026 (minh họa)"]
    assert kh["issuer"]["code"] == "UBND-T" and "inh họa" in kh["note"]
    tp = docs["KH CCHC 2026 phường Thục Phán (minh họa)"]
    assert tp["kind"] == "subplan" and tp["implements"]["code"] == "KH26.5"
    # The default ranking of the province's direct units leaves the Party bodies out.
    sup = s.login("giamsat")
    rk = ok(s.get("/api/v1/index766/ranking?unit=04&from=2026-01-01&to=2026-01-31", token=sup))
    codes = {x["code"] for x in rk["rows"]}
    assert "UBND-T" in codes and WARD in codes and not {"TU", "HDND-T", "MTTQ-T"} & codes, codes


def test_the_figures_equal_a_count_made_here(_):
    with clock_server(iso("2026-02-12")) as s:
        desk = Desk(s)
        spec = officer(s, desk, "chuyenvien.congthuong", "S05", ["specialist"])
        doc = new_doc(s, desk(UBND), issued_on="2026-02-12")["id"]
        T = {}
        for name, due in (("dung-han", "2026-03-10"), ("tre-han", "2026-03-10"), ("qua-han", "2026-03-10"),
                          ("dang-lam", "2026-04-30"), ("chua-lam", "2026-04-30"), ("xong-truoc-ky", "2026-02-27")):
            T[name] = add(s, desk(UBND), doc, title=name, lead="S05", due_on=due)["id"]
        T["sau-ky"] = add(s, desk(UBND), doc, title="sau kỳ", lead="S05", start_on="2026-04-01",
                          due_on="2026-04-30")["id"]
        q = add(s, desk(UBND), doc, title="định kỳ", lead="S05", every="quarter", until="2026-06-30")["id"]
        report(s, spec, T["xong-truoc-ky"], status="done", text="Xong trước kỳ")
        s.clock.set(iso("2026-03-05"))
        spec = s.login("chuyenvien.congthuong", PASSWORD)  # the session of February has expired
        report(s, spec, T["dung-han"], status="done", text="Xong đúng hạn")
        s.clock.set(iso("2026-03-12"))
        report(s, spec, T["tre-han"], status="done", text="Xong trễ hạn")
        report(s, spec, T["dang-lam"], percent=30, text="Được 30%")
        s.clock.set(iso("2026-03-20"))
        desk = Desk(s)  # new sessions: those of February have expired
        # Counted here: March 2026 as of Fri 20/03 09:00. Open in the period: the first five, and the
        # recurrence's Q1 occurrence (due Fri 20/03 17:00: not yet overdue); not the one done in February,
        # not the one starting in April, not the Q2 occurrence, not the recurring task itself.
        want = {"total": 6, "done_on_time": 1, "done_late": 1, "overdue": 1, "in_progress": 1, "not_started": 2}
        st = ok(s.get("/api/v1/task-stats?unit=S05&from=2026-03-01&to=2026-03-31", token=desk(UBND)))
        assert st["figures"] == want, st["figures"]
        # The parent's row holds the same figures for its only child with tasks.
        st = ok(s.get("/api/v1/task-stats?unit=UBND-T&from=2026-03-01&to=2026-03-31", token=desk(UBND)))
        assert [r["figures"] for r in st["units"] if r["code"] == "S05"] == [want]
        # A quarter later the Q1 occurrence is overdue and the Q2 one counts.
        s.clock.set(iso("2026-04-01"))
        st = ok(s.get("/api/v1/task-stats?unit=S05&from=2026-03-01&to=2026-03-31", token=desk(UBND)))
        assert st["figures"] == dict(want, overdue=2, not_started=1), st["figures"]
        ok(s.get("/api/v1/tasks/%d" % q, token=spec))
        # Only readers of the unit's tasks or reports get its figures.
        expect_error(s.get("/api/v1/task-stats?unit=S05", token=desk(WARD_SPEC)), 403)


def test_reform_news_published_escaped_and_withdrawn(s):
    t = s.login(NOIVU)
    n = ok(s.post("/api/v1/news", {"title": "Cao Bằng <b>đẩy mạnh</b> số hóa", "summary": "Tóm tắt tin.",
                                   "body": "Đoạn một.\n\nĐoạn hai <script>alert(1)</script>.",
                                   "published_on": "2026-03-02"}, token=t), 201)
    key = n["key"]
    assert re.fullmatch(r"[a-z2-9]{10}", key), key
    assert key in [x["key"] for x in ok(s.get("/api/v1/public/news"))["items"]]
    page = s.get("/tin-cai-cach/" + key)
    assert page.status == 200, page
    html = page.body.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html and html.count("<p>Đoạn") == 2, html[-1500:]
    assert "Cao Bằng &lt;b&gt;đẩy mạnh&lt;/b&gt; số hóa" in html
    assert s.get("/tin-cai-cach").status == 200
    expect_error(s.post("/api/v1/news", {"title": "x", "summary": "y", "body": "z"}, token=s.login(HDND)), 403)
    e = expect_error(s.post("/api/v1/news", {"title": "", "summary": "y", "body": "z"}, token=t), 400, "title")
    assert is_vietnamese(e["message"])
    expect_error(s.post("/api/v1/news/%s/withdraw" % key, token=s.login(TUPHAP)), 403)
    ok(s.post("/api/v1/news/%s/withdraw" % key, token=t))
    expect_error(s.post("/api/v1/news/%s/withdraw" % key, token=t), 409)
    assert key not in [x["key"] for x in ok(s.get("/api/v1/public/news"))["items"]]
    expect_error(s.get("/api/v1/public/news/" + key), 404)
    assert s.get("/tin-cai-cach/" + key).status == 404


def test_public_progress_shows_no_internal_detail(s):
    p = ok(s.get("/api/v1/public/task-progress"))
    numbers = [d["number"] for d in p["docs"]]
    assert "10-CT/TU" in numbers, numbers
    t = p["docs"][numbers.index("10-CT/TU")]["tasks"][0]
    assert set(t) >= {"title", "lead", "due_on", "status", "percent"} and not {"note", "output", "alert",
                                                                                   "my_role"} & set(t), t
    page = s.get("/tien-do-nhiem-vu")
    assert page.status == 200 and "Ban cán sự đảng Ủy ban nhân dân tỉnh" in page.body.decode()
    assert 'href="/tien-do-nhiem-vu"' in s.get("/bang-cong-khai").body.decode()


def test_bad_input_is_refused_in_vietnamese_with_nothing_written(s):
    desk = Desk(s)
    t = desk(UBND)
    doc = new_doc(s, t, number="KH-LOI")["id"]
    tables = ("task_docs", "tasks", "task_units", "task_reports", "task_evidence", "journal")
    before = [count_rows(s.db, x) for x in tables]
    cases = [
        ({"kind": "plan", "issued_on": "2026-01-05", "title": "x"}, "number"),
        ({"kind": "memo", "number": "1", "issued_on": "2026-01-05", "title": "x"}, "kind"),
        ({"kind": "plan", "number": "1", "issued_on": "05/01/2026", "title": "x"}, "issued_on"),
        ({"kind": "plan", "number": "1", "issued_on": "2026-01-05", "title": "x" * 501}, "title"),
        ({"kind": "plan", "number": "1", "issued_on": "2026-01-05", "title": "x", "issuer": "ZZZ"}, "issuer"),
    ]
    for body, field in cases:
        e = expect_error(s.post("/api/v1/task-docs", body, token=t), 400, field)
        assert is_vietnamese(e["message"]), e
    e = expect_error(s.post("/api/v1/task-docs", {"kind": "plan", "number": "1", "issued_on": "2026-01-05",
                                                  "title": "x", "issuer": "01273"}, token=t), 403, "issuer")
    for kw, field in [({}, "due_on"), ({"due_on": "2026-03-02", "working_days": 3}, "due_on"),
                      ({"due_on": "2025-12-31"}, "due_on"), ({"working_days": 5000}, "working_days"),
                      ({"every": "week", "until": "2026-12-31"}, "every"), ({"every": "year"}, "until"),
                      ({"every": "month", "until": "2025-01-01"}, "until"),
                      ({"every": "month", "until": "2036-12-31"}, "until"),
                      ({"every": "quarter", "until": "2026-12-31", "due_day": 40}, "due_day"),
                      ({"due_on": "2026-03-02", "lead": "ZZZ"}, "lead"),
                      ({"due_on": "2026-03-02", "coop": [WARD]}, "coop[0]"),
                      ({"due_on": "2026-03-02", "coop": ["S02", "S02"]}, "coop[1]"),
                      ({"due_on": "2026-03-02", "parent": 999999}, "parent"),
                      ({"due_on": "2026-03-02", "title": ""}, "title"),
                      ({"due_on": "2026-03-02", "output": "x" * 2001}, "output")]:
        e = add(s, t, doc, 400, **kw)
        assert e["field"] == field and is_vietnamese(e["message"]), (kw, e)
    expect_error(s.post("/api/v1/task-docs/999999/tasks", {"title": "x", "lead": WARD, "due_on": "2026-03-02"},
                        token=t), 404)
    ok_task = add(s, t, doc, code="LOI-1", due_on="2026-03-02")
    after_one = [count_rows(s.db, x) for x in tables]
    e = add(s, t, doc, 409, code="LOI-1", due_on="2026-03-02")
    assert e["field"] == "code" and is_vietnamese(e["message"])
    sp = s.login(WARD_SPEC)
    for kw, field in [({"percent": 150, "text": "x"}, "percent"), ({"status": "done", "percent": 50, "text": "x"},
                                                                    "percent"),
                      ({"status": "finished", "text": "x"}, "status"), ({"percent": 30}, "text"),
                      ({"status": "in_progress", "percent": 100, "text": "x"}, "percent"),
                      ({"status": "not_started", "text": "x"}, "status"), ({"percent": "30", "text": "x"}, "percent")]:
        e = report(s, sp, ok_task["id"], 400, **kw)
        assert e["field"] == field and is_vietnamese(e["message"]), (kw, e)
    r = s.request("POST", "/api/v1/tasks/%d/reports" % ok_task["id"], raw=b"{not json", token=sp,
                  ctype="application/json")
    expect_error(r, 400)
    # A refused report with a file keeps neither the report nor the file.
    from test_uploads import multipart
    files_before = sum(len(f) for _, _, f in os.walk(s.files)) if os.path.isdir(s.files) else 0
    raw, ctype = multipart({"percent": "150", "text": "Kèm minh chứng"}, [("file", "minh-chung.pdf", PDF)])
    expect_error(s.request("POST", "/api/v1/tasks/%d/reports" % ok_task["id"], raw=raw, ctype=ctype, token=sp),
                 400, "percent")
    files_after = sum(len(f) for _, _, f in os.walk(s.files)) if os.path.isdir(s.files) else 0
    assert files_after == files_before, (files_before, files_after)
    raw, ctype = multipart({"text": "x"}, [("file", "f%d.pdf" % i, PDF) for i in range(11)])
    expect_error(s.request("POST", "/api/v1/tasks/%d/reports" % ok_task["id"], raw=raw, ctype=ctype, token=sp), 413)
    assert [count_rows(s.db, x) for x in tables] == after_one
    assert after_one[1] == before[1] + 1 and after_one[0] == before[0]
    # A good one: the evidence is stored and served to who may read the task.
    raw, ctype = multipart({"percent": "20", "text": "Đã bắt đầu"}, [("file", "minh-chung.pdf", PDF)])
    x = ok(s.request("POST", "/api/v1/tasks/%d/reports" % ok_task["id"], raw=raw, ctype=ctype, token=sp), 201)
    f = x["reports"][-1]["files"][0]
    assert (x["percent"], f["name"]) == (20, "minh-chung.pdf"), x["reports"]
    got = s.get(f["url"], token=t)
    assert got.status == 200 and got.body == PDF, got
    expect_error(s.get(f["url"], token=s.login(TUPHAP)), 404)
    assert run_cli("journal", "verify", db=s.db).returncode == 0


if __name__ == "__main__":
    harness.main(globals())
