"""The PAR INDEX of the communes (issue 17), black-box on a test clock.

A generated 2026 round of the demo's illustrative commune set (data/parindex/2026-xa.json): three
communes self-score every hand-scored criterion at random (evidence where the set asks for it), two
submit, the council (Sở Nội vụ) changes scores with reasons and sends its appraisal, one commune
explains once, the council re-appraises and finalises. The totals, indices, ranks and bands of all
56 communes equal this test's own computation from the set file, the scores it gave and the
computed values; the computed values equal the same figures from their source APIs (II.06a, the
766 index, tasks, reports, legal documents); after finalisation nothing changes the scores, not
even new data. Who may do what, deadlines, one explanation, evidence kept to its unit and the
council, Vietnamese 4xx, and `journal verify`.
"""
import json
import os
import random
import subprocess

import harness
from harness import clock_server, expect_error, is_vietnamese
from test_index766 import Desk, act, ok
from test_uploads import multipart

SET = json.load(open(os.path.join(harness.DATA, "parindex", "2026-xa.json")))
WARD, OTHER = "01273", "01279"
LEADER, SPECIALIST, RECEIVER = "lanhdao.thucphan", "chuyenvien.thucphan", "tiepnhan.thucphan"
COUNCIL, COUNCIL_LEAD = "chuyenvien.noivu", "lanhdao.noivu"
PROC = "1.001193"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROUND = {"year": 2026, "level": "commune", "set": "cb-2026-xa.1", "council": "S02", "self_due": "2026-12-15",
         "explain_due": "2026-12-22"}


def h(x):
    """A number of the set or the API in hundredths."""
    return int(round(x * 100))


def leaves():
    out = []

    def walk(n):
        for c in n.get("criteria", n.get("sub", [])):
            if "method" in c:
                out.append(c)
            else:
                walk(c)
    for d in SET["domains"]:
        walk(d)
    return out


LEAVES = leaves()
SELF = [c for c in LEAVES if c["method"] == "self"]


def rule_points(leaf, value):
    """The points of a computed or survey leaf for a value in hundredths: the set file's rule, read here."""
    r, mx = leaf["rule"], h(leaf["max"])
    if r["kind"] == "steps":
        for st in r["steps"]:
            if value >= h(st["from"]):
                return h(st["points"])
        return 0
    full = h(r.get("full_at", 100))
    return mx if value >= full else (mx * value * 2 + full) // (2 * full)


def band(index):
    for b in SET["bands"]:
        if index >= h(b["from"]):
            return b["code"]


def when(day, hm="09:00", month=11):
    return "2026-%02d-%02dT%s:00+07:00" % (month, day, hm)


def history(s, desk):
    """November at the ward: two dossiers decided on time, one late; 1.001193 takes one working day."""
    codes = []
    for day, decide_day in ((2, 2), (3, 3), (4, 6)):
        s.clock.set(when(day))
        codes.append(ok(s.post("/api/v1/dossiers", {
            "procedure": PROC, "channel": "direct", "documents": [4, 6], "outcome": "accept",
            "applicant": {"name": "Nông Thị Lan", "id_number": "004190001111", "phone": "0987654321"}},
            token=desk(RECEIVER)), 201)["code"])
        for k, (who, action) in enumerate([(SPECIALIST, "claim"), (SPECIALIST, "forward"), (LEADER, "claim"),
                                           (LEADER, "approve")]):
            s.clock.set(when(decide_day, "10:%02d" % k))
            act(s, codes[-1], action, desk(who))
    return codes


def url(rid, unit, tail=""):
    return "/api/v1/par/rounds/%d/units/%s%s" % (rid, unit, tail)


def self_score(s, tok, rid, unit, leaf, score, note=None):
    body = {"criterion": leaf, "score": score}
    if note:
        body["note"] = note
    return s.post(url(rid, unit, "/scores"), body, token=tok)


def evidence(s, tok, rid, unit, leaf, name="minh-chung.pdf", data=PDF):
    raw, ctype = multipart({"criterion": leaf}, [("file", name, data)])
    return s.request("POST", url(rid, unit, "/evidence"), raw=raw, ctype=ctype, token=tok)


def nodes_of(assessment):
    return {n["code"]: n for n in assessment["nodes"]}


def test_sets_are_loaded_with_their_trees(s):
    tok = s.login(COUNCIL)
    sets = {x["version"]: x for x in ok(s.get("/api/v1/par/sets", token=tok))["items"]}
    assert {"cb-2026-xa.1", "cb-2026-so.1", "cb-2025-xa.1", "cb-2025-so.1"} <= set(sets), sets
    assert sets["cb-2026-xa.1"]["illustrative"] is True and sets["cb-2026-xa.1"]["level"] == "commune"
    st = ok(s.get("/api/v1/par/sets/cb-2026-xa.1", token=tok))
    got = [n for n in st["nodes"] if n["leaf"]]
    assert [n["code"] for n in got] == [c["code"] for c in LEAVES]
    assert sum(h(n["max"]) for n in got) == 10000
    for n, c in zip(got, LEAVES):
        assert (n["method"], h(n["max"]), n["scoring"]) == (c["method"], h(c["max"]), c["scoring"]), (n, c)
        if c["method"] != "self":
            assert n["metric"] == c["metric"] and n["metric_source"], n
    assert [b["code"] for b in st["bands"]] == [b["code"] for b in SET["bands"]]
    expect_error(s.get("/api/v1/par/sets/khong-co", token=tok), 404)


def test_a_set_file_is_checked_whole(s):
    """The CLI refuses a set whose leaves do not add up, naming what is wrong; nothing is loaded."""
    bad = json.loads(json.dumps(SET))
    bad["version"] = "cb-2026-xa.sai"
    bad["domains"][0]["criteria"][1]["max"] = 9
    path = os.path.join(s.dir, "sai.json")
    with open(path, "w") as f:
        json.dump(bad, f, ensure_ascii=False)
    p = harness.run_cli("parindex", "import", path, db=s.db, check=False)
    assert p.returncode != 0 and "Tổng điểm tối đa" in p.stderr, p.stderr
    tok = s.login(COUNCIL)
    assert "cb-2026-xa.sai" not in [x["version"] for x in ok(s.get("/api/v1/par/sets", token=tok))["items"]]
    bad["domains"][0]["criteria"][1]["max"] = 1.5
    bad["domains"][0]["criteria"][1]["metric"] = "khong_co"
    with open(path, "w") as f:
        json.dump(bad, f, ensure_ascii=False)
    p = harness.run_cli("parindex", "import", path, db=s.db, check=False)
    assert p.returncode != 0 and "khong_co" in p.stderr, p.stderr
    # the demo files again: already loaded, nothing new
    p = harness.run_cli("parindex", "import", os.path.join(harness.DATA, "parindex"), db=s.db)
    assert "Đã nạp 0 bộ chỉ số" in p.stdout, p.stdout


def test_opening_a_round(s):
    lead = s.login(COUNCIL_LEAD)
    for who in (LEADER, COUNCIL, "giamsat"):
        expect_error(s.post("/api/v1/par/rounds", ROUND, token=s.login(who)), 403)
    e = expect_error(s.post("/api/v1/par/rounds", dict(ROUND, set="cb-2025-xa.1"), token=lead), 400, "set")
    assert is_vietnamese(e["message"])
    expect_error(s.post("/api/v1/par/rounds", dict(ROUND, level="huyen"), token=lead), 400, "level")
    expect_error(s.post("/api/v1/par/rounds", dict(ROUND, explain_due="2026-12-01"), token=lead), 400, "explain_due")
    expect_error(s.post("/api/v1/par/rounds", dict(ROUND, self_due="15/12/2026"), token=lead), 400, "self_due")
    expect_error(s.post("/api/v1/par/rounds", dict(ROUND, council="S99"), token=lead), 400, "council")
    rd = ok(s.post("/api/v1/par/rounds", dict(ROUND, level="department", set="cb-2026-so.1"), token=lead), 201)
    assert rd["state"] == "open" and rd["council"]["code"] == "S02"
    expect_error(s.post("/api/v1/par/rounds", dict(ROUND, level="department", set="cb-2026-so.1"), token=lead), 409)
    full = ok(s.get("/api/v1/par/rounds/%d" % rd["id"], token=lead))
    # the departments in force in 2026, and nothing else
    units = json.load(open(os.path.join(harness.DATA, "units.json")))["units"]
    want = {u["code"] for u in units if u["kind"] == "department"}
    assert {x["unit"]["code"] for x in full["units"]} == want
    # a department's officer sees the round and only its own line; a commune's sees nothing of it
    mine = ok(s.get("/api/v1/par/rounds/%d" % rd["id"], token=s.login("lanhdao.tuphap")))
    assert [x["unit"]["code"] for x in mine["units"]] == ["S03"]
    expect_error(s.get("/api/v1/par/rounds/%d" % rd["id"], token=s.login(LEADER)), 404)


def computed_checks(s, desk, a):
    """Computed leaves of the ward's assessment against the figures of their source APIs."""
    n = nodes_of(a)
    sup = desk("giamsat")
    q = "unit=%s&from=2026-01-01&to=2026-12-31" % WARD
    p = ok(s.get("/api/v1/stats/processing?" + q, token=sup))["total"]["resolved"]
    v = n["3.3.1"]["value"]
    assert (v["num"], v["den"]) == (p["early"] + p["on_time"], p["total"]) and p["total"] == 3, (v, p)
    assert h(v["value"]) == (20000 * (p["early"] + p["on_time"]) + p["total"]) // (2 * p["total"])
    i766 = ok(s.get("/api/v1/index766?" + q, token=sup))
    items = {i["id"]: i for g in i766["groups"] for i in g["items"]}
    for code, ind in (("7.2.2", "3.3"), ("7.3.1", "4.2"), ("7.3.2", "4.1"), ("3.1.2", "1.3")):
        it, v = items[ind], n[code]["value"]
        if it["status"] == "ok":
            assert h(v["value"]) == h(it["value"]) and not v["na"], (code, v, it)
        else:
            assert v["na"], (code, v, it)
    assert n["3.4"]["value"]["na"] == (i766["score"] is None)
    tasks = ok(s.get("/api/v1/task-stats?" + q, token=sup))["figures"]
    v = n["1.1.2"]["value"]
    assert (v["num"], v["den"]) == (tasks["done_on_time"],
                                    tasks["done_on_time"] + tasks["done_late"] + tasks["overdue"]), (v, tasks)
    ld = ok(s.get("/api/v1/legal-docs/stats?" + q, token=sup))["total"]
    assert h(n["2.2"]["value"]["value"]) == 100 * (ld["reviewed"] + ld["self_checked"])
    fb = ok(s.get("/api/v1/feedback-stats?" + q, token=sup))["figures"]
    assert n["3.6.1"]["value"]["na"] == (fb["answered"] + fb["overdue"] == 0)
    # no SIPAS campaign named: the survey leaves are not applicable, and leave the maximum
    for c in ("8.1", "8.2.1", "8.2.5"):
        assert n[c]["value"]["na"] and not n[c]["applicable"], n[c]


def independent_index(a, finalised):
    """Points, applicable maximum, index (hundredths) of an assessment from its leaves' scores and values."""
    pts = mx = 0
    n = nodes_of(a)
    for c in LEAVES:
        x = n[c["code"]]
        if c["method"] == "self":
            if x["appraisal"]:
                p = h(x["appraisal"]["score"])
            elif x["self"] and not (finalised and a["_was_draft"]):
                p = h(x["self"]["score"])
            else:
                p = 0
        else:
            if x["value"]["na"]:
                continue
            p = rule_points(c, h(x["value"]["value"]))
        assert h(x["points"]) == p, (c["code"], x, p)
        pts += p
        mx += h(c["max"])
    return pts, mx, (pts * 10000 * 2 + mx) // (2 * mx) if mx else 0


def test_a_round_from_self_scores_to_the_ranking(_shared):
    rnd = random.Random(17)
    with clock_server(when(2, "08:00")) as s:
        desk = Desk(s)
        history(s, desk)
        admin = desk("admin")
        # leaders for two more communes
        units = json.load(open(os.path.join(harness.DATA, "units.json")))["units"]
        communes = [u["code"] for u in units if u["kind"] in ("commune", "ward") and u["code"] not in (WARD,)]
        third = communes[5]
        for code, name in ((OTHER, "lanhdao.nungtricao"), (third, "lanhdao.xa3")):
            ok(s.post("/api/v1/users", {"username": name, "name": "Lãnh đạo " + code, "unit": code,
                                        "roles": ["leader"], "password": harness.DEMO_PASSWORD}, token=admin), 201)
        s.clock.set(when(1, "08:00", 12))
        rd = ok(s.post("/api/v1/par/rounds", ROUND, token=desk(COUNCIL_LEAD)), 201)
        rid = rd["id"]
        names = {WARD: LEADER, OTHER: "lanhdao.nungtricao", third: "lanhdao.xa3"}

        class Leads:  # a fresh login after the clock moves weeks (sessions last 30 days)
            def __getitem__(self, unit):
                return desk(names[unit])

            def __iter__(self):
                return iter(names)
        lead = Leads()

        def move(iso):
            s.clock.set(iso)
            desk.tokens.clear()
        given = {}
        for unit in lead:
            tok = lead[unit]
            given[unit] = {}
            for c in SELF:
                score = rnd.randrange(0, int(c["max"] * 4) + 1) / 4
                given[unit][c["code"]] = score
                tk = desk(SPECIALIST) if unit == WARD and rnd.random() < 0.5 else tok  # specialists score too
                a = ok(self_score(s, tk, rid, unit, c["code"], score, "Theo kế hoạch số 12/KH-UBND"))
                if c.get("evidence_required") and score > 0:
                    ok(evidence(s, tok, rid, unit, c["code"]), 201)
        # refusals while scoring
        e = expect_error(self_score(s, lead[WARD], rid, WARD, "3.3.1", 5), 400, "criterion")
        assert "số liệu của hệ thống" in e["message"]
        expect_error(self_score(s, lead[WARD], rid, WARD, "1.1.1", 1.25), 400, "score")
        expect_error(self_score(s, lead[WARD], rid, WARD, "1.1.1", 0.333), 400, "score")
        expect_error(self_score(s, lead[WARD], rid, WARD, "9.9.9", 1), 400, "criterion")
        expect_error(s.post(url(rid, WARD, "/scores"), {"criterion": "1.1.1", "score": "1"}, token=lead[WARD]), 400)
        # another commune cannot touch or read the ward's assessment: one 404
        expect_error(self_score(s, lead[OTHER], rid, WARD, "1.1.1", 1), 404)
        expect_error(s.get(url(rid, WARD), token=lead[OTHER]), 404)
        expect_error(evidence(s, lead[OTHER], rid, WARD, "1.1.1"), 404)
        # the receiver of the ward has no part in it (nor sight of it); the specialist cannot submit
        expect_error(self_score(s, desk(RECEIVER), rid, WARD, "1.1.1", 1), 404)
        expect_error(s.post(url(rid, WARD, "/submit"), token=desk(SPECIALIST)), 403)
        # the council cannot appraise before submission
        expect_error(s.post(url(rid, WARD, "/appraisal"), {"criterion": "1.1.1", "score": 0, "reason": "x"},
                            token=desk(COUNCIL)), 409)
        # a required evidence missing blocks the submission, naming the criterion
        req = next(c for c in SELF if c.get("evidence_required"))
        ok(self_score(s, lead[OTHER], rid, OTHER, req["code"], req["max"]))
        a = ok(s.get(url(rid, OTHER), token=lead[OTHER]))
        if not nodes_of(a)[req["code"]]["files"]:
            e = expect_error(s.post(url(rid, OTHER, "/submit"), token=lead[OTHER]), 400, "criterion")
            assert req["code"] in e["message"]
        ok(evidence(s, lead[OTHER], rid, OTHER, req["code"]), 201)
        given[OTHER][req["code"]] = req["max"]

        # evidence: the unit and the council read it, nobody else
        a = ok(s.get(url(rid, WARD), token=lead[WARD]))
        f = next(f for n in a["nodes"] if n["leaf"] for f in n["files"])
        assert s.get(f["url"], token=lead[WARD]).body == PDF
        assert s.get(f["url"], token=desk(COUNCIL)).body == PDF
        expect_error(s.get(f["url"], token=lead[OTHER]), 404)
        other_file = next(f2 for n in ok(s.get(url(rid, OTHER), token=lead[OTHER]))["nodes"] if n["leaf"]
                          for f2 in n["files"])
        expect_error(s.get(url(rid, WARD, "/evidence/%s" % other_file["url"].rsplit("/", 1)[1]),
                           token=lead[WARD]), 404)

        computed_checks(s, desk, a)
        # two submit; the third stays a draft
        for unit in (WARD, OTHER):
            a = ok(s.post(url(rid, unit, "/submit"), token=lead[unit]))
            assert a["state"] == "submitted"
        expect_error(s.post(url(rid, WARD, "/submit"), token=lead[WARD]), 409)
        expect_error(self_score(s, lead[WARD], rid, WARD, "1.1.1", 0), 409)
        # after the deadline the draft cannot be changed any more
        move(when(16, "08:00", 12))
        e = expect_error(self_score(s, lead[third], rid, third, "1.1.1", 0), 409)
        assert "hết hạn" in e["message"]
        expect_error(s.post(url(rid, third, "/submit"), token=lead[third]), 409)

        # the council: reasons required, hand-scored leaves only, sent by its leader
        changed = {WARD: {}, OTHER: {}}
        expect_error(s.post(url(rid, WARD, "/appraisal"), {"criterion": SELF[0]["code"], "score": 0},
                            token=desk(COUNCIL)), 400, "reason")
        expect_error(s.post(url(rid, WARD, "/appraisal"), {"criterion": "3.3.1", "score": 1, "reason": "x"},
                            token=desk(COUNCIL)), 400, "criterion")
        expect_error(s.post(url(rid, WARD, "/appraisal"), {"criterion": "1.1.1", "score": 0, "reason": "x"},
                            token=lead[WARD]), 403)
        for unit in (WARD, OTHER):
            for c in rnd.sample(SELF, 3):
                sc = rnd.randrange(0, int(c["max"] * 4) + 1) / 4
                changed[unit][c["code"]] = sc
                ok(s.post(url(rid, unit, "/appraisal"), {"criterion": c["code"], "score": sc,
                                                         "reason": "Tài liệu kiểm chứng chưa đủ: thiếu văn bản ban hành"},
                          token=desk(COUNCIL)))
            expect_error(s.post(url(rid, unit, "/appraisal/send"), token=desk(COUNCIL)), 403)
            a = ok(s.post(url(rid, unit, "/appraisal/send"), token=desk(COUNCIL_LEAD)))
            assert a["state"] == "appraised"
        # the ward sees each reason
        a = ok(s.get(url(rid, WARD), token=lead[WARD]))
        for code, sc in changed[WARD].items():
            ap = nodes_of(a)[code]["appraisal"]
            assert h(ap["score"]) == h(sc) and ap["reason"].startswith("Tài liệu kiểm chứng"), ap
        # one explanation, of a changed leaf, by the deadline
        some = sorted(changed[WARD])[0]
        unchanged = next(c["code"] for c in SELF if c["code"] not in changed[WARD])
        expect_error(s.post(url(rid, WARD, "/explanation"), {"items": [{"criterion": unchanged, "text": "x"}]},
                            token=lead[WARD]), 400, "criterion")
        expect_error(s.post(url(rid, WARD, "/explanation"), {"items": [{"criterion": some, "text": ""}]},
                            token=lead[WARD]), 400)
        expect_error(s.post(url(rid, WARD, "/explanation"), {"items": [{"criterion": some, "text": "x"}]},
                            token=desk(SPECIALIST)), 403)
        a = ok(s.post(url(rid, WARD, "/explanation"),
                      {"items": [{"criterion": some, "text": "Kế hoạch ban hành ngày 28/12/2025, gửi kèm bản scan."}]},
                      token=lead[WARD]))
        assert a["state"] == "explained" and nodes_of(a)[some]["explanation"].startswith("Kế hoạch")
        e = expect_error(s.post(url(rid, WARD, "/explanation"), {"items": [{"criterion": some, "text": "lần hai"}]},
                                token=lead[WARD]), 409)
        assert "một lần" in e["message"]
        # the other commune lets the deadline pass
        move(when(23, "08:00", 12))
        expect_error(s.post(url(rid, OTHER, "/explanation"), {"items": [{"criterion": sorted(changed[OTHER])[0],
                                                                          "text": "muộn"}]}, token=lead[OTHER]), 409)
        # re-appraisal after the explanation
        restored = given[WARD][some]
        ok(s.post(url(rid, WARD, "/appraisal"), {"criterion": some, "score": restored,
                                                 "reason": "Chấp nhận giải trình: có văn bản ban hành đúng hạn"},
                  token=desk(COUNCIL)))
        changed[WARD][some] = restored

        # before finalisation: the supervisor of the province does not see the round; afterwards they do
        expect_error(s.get("/api/v1/par/rounds/%d" % rid, token=desk("giamsat")), 404)
        expect_error(s.post("/api/v1/par/rounds/%d/finalise" % rid, token=desk(COUNCIL)), 403)
        before = {u: ok(s.get(url(rid, u), token=desk(COUNCIL))) for u in lead}
        fin = ok(s.post("/api/v1/par/rounds/%d/finalise" % rid, token=desk(COUNCIL_LEAD)))
        assert fin["state"] == "final"
        expect_error(s.post("/api/v1/par/rounds/%d/finalise" % rid, token=desk(COUNCIL_LEAD)), 409)

        # the ranking, computed here
        lines = fin["units"]
        assert len(lines) == len([u for u in units if u["kind"] in ("commune", "ward", "special_zone")])
        mine, shares = {}, {}
        for line in lines:
            a = ok(s.get(url(rid, line["unit"]["code"]), token=desk(COUNCIL)))
            assert a["state"] == "final" and not a["provisional"]
            for n in a["nodes"]:  # each criterion's share, for the province's means below
                if n["depth"] == 1 and h(n["applicable_max"]) > 0:
                    shares.setdefault(n["code"], []).append((h(n["points"]) * 20000 + h(n["applicable_max"]))
                                                            // (2 * h(n["applicable_max"])))
            a["_was_draft"] = line["unit"]["code"] not in (WARD, OTHER)
            pts, mx, idx = independent_index(a, True)
            assert (h(line["points"]), h(line["max"]), h(line["index"])) == (pts, mx, idx), (line, pts, mx, idx)
            assert line["band"]["code"] == band(idx), line
            mine[line["unit"]["code"]] = idx
        for line in lines:
            assert line["rank"] == 1 + sum(1 for v in mine.values() if v > mine[line["unit"]["code"]]), line
        # the province's criteria by mean share, weakest first, each the mean over the units where it applies
        crit = fin["criteria"]
        assert [c["code"] for c in crit] and sorted(h(c["mean"]) for c in crit) == [h(c["mean"]) for c in crit]
        for c in crit:
            v = shares[c["code"]]
            assert (h(c["mean"]), c["units"]) == ((sum(v) + len(v) // 2) // len(v), len(v)), (c, v)
        assert [x["rank"] for x in lines] == sorted(x["rank"] for x in lines)
        # the hand scores are what the unit gave, changed where the council changed them
        for unit in (WARD, OTHER):
            n = nodes_of(ok(s.get(url(rid, unit), token=lead[unit])))
            for c in SELF:
                want = changed[unit].get(c["code"], given[unit][c["code"]])
                assert h(n[c["code"]]["points"]) == h(want), (unit, c["code"], n[c["code"]], want)
        # the draft's own scores count for nothing
        n = nodes_of(ok(s.get(url(rid, third), token=desk(COUNCIL))))
        assert all(h(n[c["code"]]["points"]) == 0 for c in SELF)
        assert [x for x in lines if x["unit"]["code"] == WARD][0]["head"] == "Hà Văn Quang"

        # locked: no change is taken, and new data leaves the frozen values as they were
        expect_error(self_score(s, lead[third], rid, third, "1.1.1", 0), 409)
        expect_error(s.post(url(rid, WARD, "/appraisal"), {"criterion": some, "score": 0, "reason": "x"},
                            token=desk(COUNCIL)), 409)
        frozen = ok(s.get(url(rid, WARD), token=lead[WARD]))
        move(when(28, "09:00", 12))
        code = ok(s.post("/api/v1/dossiers", {
            "procedure": PROC, "channel": "direct", "documents": [4, 6], "outcome": "accept",
            "applicant": {"name": "Lý Văn Tám", "id_number": "004190002222", "phone": "0987654322"}},
            token=desk(RECEIVER)), 201)["code"]
        for k, (who, action) in enumerate([(SPECIALIST, "claim"), (SPECIALIST, "forward"), (LEADER, "claim"),
                                           (LEADER, "approve")]):
            s.clock.set(when(30, "10:%02d" % k, 12))  # due 29/12: late
            act(s, code, action, desk(who))
        live = ok(s.get("/api/v1/stats/processing?unit=%s&from=2026-01-01&to=2026-12-31" % WARD,
                        token=desk("giamsat")))["total"]["resolved"]
        assert (live["total"], live["late"]) == (4, 2), live
        again = ok(s.get(url(rid, WARD), token=lead[WARD]))
        assert [(n["code"], n["points"], n.get("value")) for n in again["nodes"]] == \
               [(n["code"], n["points"], n.get("value")) for n in frozen["nodes"]]
        assert before[WARD]["state"] == "explained"
        # who did what and when: the ward's history in order, with names
        hist = ok(s.get(url(rid, WARD), token=lead[WARD]))["history"]
        acts = [x["action"] for x in hist]
        assert acts[0] == "par.self" and "par.evidence" in acts and acts[-1] == "par.final", acts
        order = [acts.index(a) for a in ("par.submit", "par.appraise", "par.send", "par.explain", "par.reappraise",
                                         "par.final")]
        assert order == sorted(order), acts
        assert {x["by"] for x in hist if x["action"] == "par.appraise"} == {"Lăng Thị Thu"}, hist
        # the files of the round: offered to the council and the province's readers, not to a unit's officer
        assert fin["may_export"] is True
        assert ok(s.get("/api/v1/par/rounds/%d" % rid, token=lead[WARD]))["may_export"] is False
        assert ok(s.get("/api/v1/par/rounds/%d" % rid, token=desk("giamsat")))["may_export"] is True
        # now the province's supervisor and the observers read the results
        for who in ("giamsat", "giamsat.hdnd"):
            r = ok(s.get("/api/v1/par/rounds/%d" % rid, token=desk(who)))
            assert len(r["units"]) == len(lines) and r["units"][0]["index"] is not None
            ok(s.get(url(rid, WARD), token=desk(who)))
            expect_error(s.get(f["url"], token=desk(who)), 404)  # evidence stays with the unit and the council

        # the journal holds every step and verifies
        p = harness.run_cli("journal", "verify", db=s.db)
        assert p.returncode == 0, p.stdout + p.stderr


def test_last_year_and_the_heads_scorecard(_shared):
    """A 2025 round finalised, then 2026's: the ranking shows the change against last year; the ward's
    scorecard brings both years' PAR INDEX and each year's figures, equal to their source APIs."""
    with clock_server("2025-12-01T08:00:00+07:00") as s:
        desk = Desk(s)
        r25 = ok(s.post("/api/v1/par/rounds", dict(ROUND, year=2025, set="cb-2025-xa.1", self_due="2025-12-15",
                                                   explain_due="2025-12-22"), token=desk(COUNCIL_LEAD)), 201)
        # the ward scores one leaf of 2025's tree and submits (every other hand-scored leaf 0)
        set25 = ok(s.get("/api/v1/par/sets/cb-2025-xa.1", token=desk(LEADER)))
        for n in set25["nodes"]:
            if n["leaf"] and n["method"] == "self":
                ok(self_score(s, desk(LEADER), r25["id"], WARD, n["code"], 0))
        first = next(n for n in set25["nodes"] if n["leaf"] and n["method"] == "self" and not n["evidence_required"])
        ok(self_score(s, desk(LEADER), r25["id"], WARD, first["code"], first["max"]))
        ok(s.post(url(r25["id"], WARD, "/submit"), token=desk(LEADER)))
        fin25 = ok(s.post("/api/v1/par/rounds/%d/finalise" % r25["id"], token=desk(COUNCIL_LEAD)))
        ward25 = next(x for x in fin25["units"] if x["unit"]["code"] == WARD)
        assert ward25["rank"] == 1 and ward25["previous"] is None, ward25
        s.clock.set("2026-12-01T08:00:00+07:00")
        desk.tokens.clear()
        history_day = "2026-12-01T09:00:00+07:00"
        s.clock.set(history_day)
        r26 = ok(s.post("/api/v1/par/rounds", ROUND, token=desk(COUNCIL_LEAD)), 201)
        live = ok(s.get("/api/v1/par/rounds/%d" % r26["id"], token=desk(COUNCIL)))
        ward26 = next(x for x in live["units"] if x["unit"]["code"] == WARD)
        prev = ward26["previous"]
        assert prev and h(prev["index"]) == h(ward25["index"]) and prev["rank"] == ward25["rank"], ward26
        assert h(prev["change"]) == h(ward26["index"]) - h(ward25["index"]), ward26
        # the scorecard
        card = ok(s.get("/api/v1/par/scorecards/%s?from=2025&to=2026" % WARD, token=desk(LEADER)))
        assert [y["year"] for y in card["years"]] == [2025, 2026] and card["head"] == "Hà Văn Quang"
        y25, y26 = card["years"]
        assert h(y25["par"]["index"]) == h(ward25["index"]) and y25["par"]["rank"] == 1
        assert y25["par"]["ranked"] == len(fin25["units"]) and y25["par"]["head"] == "Hà Văn Quang"
        assert y26["par"] is None  # 2026 is not final yet
        sup = desk("giamsat")
        for y in (y25, y26):
            q = "unit=%s&from=%d-01-01&to=%d-12-31" % (WARD, y["year"], y["year"])
            tasks = ok(s.get("/api/v1/task-stats?" + q, token=sup))["figures"]
            v = y["figures"]["tasks_on_time"]
            assert (v["num"], v["den"]) == (tasks["done_on_time"],
                                            tasks["done_on_time"] + tasks["done_late"] + tasks["overdue"]), (v, tasks)
            i766 = ok(s.get("/api/v1/index766?" + q, token=sup))
            v = y["figures"]["i766"]
            assert v["na"] == (i766["score"] is None) and (v["na"] or h(v["value"]) == h(i766["score"])), (v, i766)
        # who reads a scorecard: whoever reads the unit's reports (its officers, those above); not another commune
        ok(s.get("/api/v1/par/scorecards/%s" % WARD, token=sup))
        ok(s.get("/api/v1/par/scorecards/%s" % WARD, token=desk("giamsat.hdnd")))
        ok(s.get("/api/v1/par/scorecards/%s" % WARD, token=desk(SPECIALIST)))
        expect_error(s.get("/api/v1/par/scorecards/%s" % OTHER, token=desk(LEADER)), 404)
        expect_error(s.get("/api/v1/par/scorecards/%s?from=2010&to=2026" % WARD, token=sup), 400, "from")
        # the page
        page = s.get("/can-bo/the-diem/%s?from=2025&to=2026" % WARD, token=desk(LEADER))
        assert page.status == 200 and "Thẻ điểm người đứng đầu" in page.body.decode() and "<svg" in page.body.decode()


def test_limits(_shared):
    """Each limit of docs/SECURITY.md's PAR INDEX rows: files per criterion, explanation items, the set file."""
    with clock_server("2026-12-01T08:00:00+07:00") as s:
        desk = Desk(s)
        rid = ok(s.post("/api/v1/par/rounds", ROUND, token=desk(COUNCIL_LEAD)), 201)["id"]
        files = [("file", "tep-%02d.pdf" % i, PDF + (b"%d" % i)) for i in range(11)]
        raw, ctype = multipart({"criterion": "1.1.1"}, files)
        expect_error(s.request("POST", url(rid, WARD, "/evidence"), raw=raw, ctype=ctype, token=desk(LEADER)), 413)
        assert harness.count_rows(s.db, "par_evidence") == 0
        for i in range(10):
            ok(evidence(s, desk(LEADER), rid, WARD, "1.1.1", "tep-%02d.pdf" % i, PDF + (b"%d" % i)), 201)
        e = expect_error(evidence(s, desk(LEADER), rid, WARD, "1.1.1", "tep-10.pdf", PDF + b"10"), 413)
        assert is_vietnamese(e["message"]) and "10" in e["message"]
        expect_error(s.post(url(rid, WARD, "/explanation"), {"items": [{"criterion": "1.1.1", "text": "x"}] * 401},
                            token=desk(LEADER)), 400, "items")
        big = json.loads(json.dumps(SET))
        big["version"] = "cb-2026-xa.lon"
        big["source"] = "x" * 300000
        path = os.path.join(s.dir, "lon.json")
        with open(path, "w") as f:
            json.dump(big, f, ensure_ascii=False)
        p = harness.run_cli("parindex", "import", path, db=s.db, check=False)
        assert p.returncode != 0 and "262144" in p.stderr, p.stderr


if __name__ == "__main__":
    harness.main(globals())
