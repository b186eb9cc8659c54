"""The applicant's rating of a returned dossier (issue 14), black-box: once per
dossier through each channel (portal, tracking page with code + key, counter
tablet), refused before the result is returned and for a partner dossier
(liên thông: the lead dossier counts once), answers checked against the
question set (data/ratings/v1.json), the journal entry "rate" holding a digest
and never the comment, the throttle on wrong keys, who may read a rating, and
the summary by competent unit counted exactly, without any applicant's name."""
import datetime

import harness
from harness import count_rows, expect_error, is_vietnamese, run_cli
from test_web_forms import Browser, html_of

PROC = "1.001193"
WARD, OTHER_WARD = "01273", "01279"
RECEIVER, SPECIALIST, LEADER = "tiepnhan.thucphan", "chuyenvien.thucphan", "lanhdao.thucphan"
CITIZEN = "0912345678"
NAMES = ["Lò Thị Dung", "Nông Văn Bình", "Hoàng Thị Cúc", "Lục Văn Đức", "Nguyễn Văn An", "Bế Văn Êm"]


def ok(resp, status=200):
    assert resp.status == status, "expected %d, got %r" % (status, resp)
    return resp.json()


def act(s, code, action, token, body=None):
    return ok(s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token))


def counter_dossier(s, name, receiver=RECEIVER):
    body = {"procedure": PROC, "channel": "direct", "outcome": "accept", "documents": [4, 6],
            "applicant": {"name": name, "id_number": "004190001111", "phone": "0987654321"}}
    d = ok(s.post("/api/v1/dossiers", body, token=s.login(receiver)), 201)
    return d["code"], d["tracking_key"]


def process(s, code, receiver=RECEIVER, specialist=SPECIALIST, leader=LEADER, method="counter"):
    """Claim, forward, approve, result ready, return."""
    act(s, code, "claim", s.login(specialist))
    act(s, code, "forward", s.login(specialist))
    act(s, code, "claim", s.login(leader))
    act(s, code, "approve", s.login(leader))
    act(s, code, "result_ready", s.login(receiver))
    d = act(s, code, "return", s.login(receiver), {"method": method})
    assert d["state"]["name"] == "returned", d["state"]


def returned(s, name, **kw):
    code, key = counter_dossier(s, name, kw.pop("receiver", RECEIVER))
    process(s, code, **kw)
    return code, key


def journal(s, code, token):
    return ok(s.get("/api/v1/dossiers/%s/journal" % code, token=token))["entries"]


def today():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date().isoformat()


def test_rating_through_each_channel_once(s):
    rec, lead = s.login(RECEIVER), s.login(LEADER)
    # The tracking page's channel: code + key, no login.
    code, key = returned(s, NAMES[0])
    r = s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "satisfied",
                                                   "answers": {"convenience": "very_satisfied", "general": "satisfied"},
                                                   "comment": "Cán bộ hướng dẫn tận tình"})
    v = ok(r, 201)
    assert v["rated"] and not v["can_rate"] and v["questions"] is None, v
    g = v["rating"]
    assert (g["overall"]["code"], g["overall"]["label"], g["channel"]["name"]) == ("satisfied", "Hài lòng", "tracking"), g
    assert [(a["code"], a["answer"]) for a in g["answers"]] == [("convenience", "very_satisfied"),
                                                               ("general", "satisfied")], g["answers"]
    assert g["comment"] == "Cán bộ hướng dẫn tận tình" and g["set_version"] == "v1" and g["intact"] is True, g
    f = v["facts"]
    assert f["timing"] in ("early", "on_time", "late") and f["supplements"] == 0 and f["contacts"] == 1, f
    assert f["used"]["seconds"] >= 0 and f["allowed"]["seconds"] > 0, f
    assert [a["code"] for a in f["agencies"]] == [WARD], f["agencies"]
    assert f["legacy"]["source"].startswith("TT 01/2018") and len(f["legacy"]["items"]) == 4, f["legacy"]
    assert [i["points"] for i in f["legacy"]["items"]][2:] == [2, 1], f["legacy"]["items"]
    # The same view again with the key; a second rating is refused and nothing is added.
    assert ok(s.get("/api/v1/track/%s/rating?key=%s" % (code, key)))["rating"] == g
    e = expect_error(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "dissatisfied"}), 409)
    assert e["message"] == "Hồ sơ này đã được đánh giá.", e
    e = expect_error(s.post("/api/v1/dossiers/%s/rating" % code, {"overall": "dissatisfied"}, token=rec), 409)

    # The counter tablet: the receiver of the receiving unit, for the person in front of them.
    code2, _ = returned(s, NAMES[1])
    v = ok(s.post("/api/v1/dossiers/%s/rating" % code2, {"overall": "dissatisfied"}, token=rec), 201)
    assert v["rating"]["channel"]["name"] == "counter" and v["rating"]["comment"] is None, v["rating"]
    # A receiver of another unit may not (it is not their counter).
    code3, _ = returned(s, NAMES[2])
    expect_error(s.post("/api/v1/dossiers/%s/rating" % code3, {"overall": "satisfied"},
                        token=s.login("tiepnhan.nungtricao")), 404)

    # The portal: the citizen who submitted online, result sent electronically.
    cit = s.login(CITIZEN)
    body = {"procedure": PROC, "channel": "online", "receiving_unit": WARD, "documents": [4, 6],
            "applicant": {"name": "Nguyễn Văn An", "id_number": "004090001234", "phone": CITIZEN}}
    code4 = ok(s.post("/api/v1/dossiers", body, token=cit), 201)["code"]
    expect_error(s.post("/api/v1/dossiers/%s/rating" % code4, {"overall": "satisfied"}, token=cit), 409)
    act(s, code4, "accept", rec)
    process(s, code4, method="electronic")
    v = ok(s.post("/api/v1/dossiers/%s/rating" % code4, {"overall": "very_satisfied"}, token=cit), 201)
    assert v["rating"]["channel"]["name"] == "portal" and v["facts"]["contacts"] == 0, v
    assert [i["points"] for i in v["facts"]["legacy"]["items"]][3] == 2
    # Another citizen's dossier is out of reach.
    expect_error(s.post("/api/v1/dossiers/%s/rating" % code2, {"overall": "satisfied"}, token=cit), 404)

    # The journal: one "rate" entry each, its note the channel and a digest, never the comment.
    for c, channel, role in ((code, "tracking", "citizen"), (code2, "counter", "receiver"), (code4, "portal", "citizen")):
        last = journal(s, c, lead)[-1]
        assert (last["action"], last["label"], last["role"]) == ("rate", "Người dân đánh giá kết quả", role), last
        assert last["from"]["name"] == last["to"]["name"] == "returned", last
        note = last["note"]
        assert note.startswith(channel + " sha256:") and len(note) == len(channel) + 8 + 64, note
        assert "tận tình" not in note
        pub = s.get("/api/v1/track/%s?key=%s" % (c, ok(s.get("/api/v1/dossiers/" + c, token=lead))["tracking_key"]))
        tl = ok(pub)["timeline"]
        assert tl[-1]["label"] == "Người dân đánh giá kết quả" and tl[-1]["note"] is None, tl[-1]
    out = run_cli("journal", "verify", db=s.db).stdout
    assert out.startswith("Nhật ký nguyên vẹn"), out


def test_refusals_before_return_and_bad_answers(s):
    rec = s.login(RECEIVER)
    code, key = counter_dossier(s, NAMES[3])
    e = expect_error(s.post("/api/v1/dossiers/%s/rating" % code, {"overall": "satisfied"}, token=rec), 409, field="code")
    assert is_vietnamese(e["message"]) and "nhận kết quả" in e["message"], e
    expect_error(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "satisfied"}), 409)
    process(s, code)
    before = count_rows(s.db, "ratings")
    bad = [
        ({"overall": "rat_tot"}, "overall"),
        ({}, "overall"),
        ({"overall": "satisfied", "answers": {"convenience": "tuyet_voi"}}, "answers.convenience"),
        ({"overall": "satisfied", "answers": {"khong_co": "satisfied"}}, "answers.khong_co"),
        ({"overall": "satisfied", "answers": {"convenience": 3}}, "answers.convenience"),
        ({"overall": "satisfied", "answers": ["satisfied"]}, "answers"),
        ({"overall": "satisfied", "comment": "x" * 2001}, "comment"),
    ]
    for body, field in bad:
        e = expect_error(s.post("/api/v1/track/%s/rating" % code, dict(body, key=key)), 400, field=field)
        assert is_vietnamese(e["message"]), e
    assert count_rows(s.db, "ratings") == before
    ok(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "satisfied", "comment": "y" * 2000}), 201)
    assert count_rows(s.db, "ratings") == before + 1


def test_wrong_keys_are_throttled_like_tracking(s):
    code, key = returned(s, NAMES[4])
    src = "127.0.0.77"
    wrong = "ABCDEFGH" if key != "ABCDEFGH" else "HGFEDCBA"
    unknown = s.request("POST", "/api/v1/track/01273-990101-0001/rating", {"key": key, "overall": "satisfied"},
                        source=src)
    r = s.request("POST", "/api/v1/track/%s/rating" % code, {"key": wrong, "overall": "satisfied"}, source=src)
    expect_error(r, 404, field="code")
    assert r.body == unknown.body  # a wrong key reads like an unknown code
    for i in range(28):
        expect_error(s.request("POST", "/api/v1/track/%s/rating" % code, {"key": "WRONG%03d" % i, "overall": "satisfied"},
                               source=src), 404)
    # 30 failures from this address: even the right key waits, here and on public tracking.
    e = expect_error(s.request("POST", "/api/v1/track/%s/rating" % code, {"key": key, "overall": "satisfied"},
                               source=src), 429)
    assert is_vietnamese(e["message"])
    expect_error(s.request("GET", "/api/v1/track/%s?key=%s" % (code, key), source=src), 429)
    assert ok(s.get("/api/v1/track/%s/rating?key=%s" % (code, key)))["rated"] is False


def test_who_reads_a_rating(s):
    code, key = returned(s, NAMES[5])
    ok(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "dissatisfied", "comment": "Chờ lâu"}), 201)
    # The officers who handled it read it; a supervisor of the province reads only the summary.
    for who in (RECEIVER, SPECIALIST, LEADER):
        assert ok(s.get("/api/v1/dossiers/%s/rating" % code, token=s.login(who)))["rating"]["comment"] == "Chờ lâu"
    e = expect_error(s.get("/api/v1/dossiers/%s/rating" % code, token=s.login("giamsat")), 403)
    assert is_vietnamese(e["message"])
    expect_error(s.get("/api/v1/dossiers/%s/rating" % code, token=s.login("chuyenvien.tuphap")), 404)
    expect_error(s.get("/api/v1/dossiers/%s/rating" % code), 401)
    # The officers' case page shows it to one who handled it, not to a supervisor.
    b = Browser(s)
    b.login(LEADER)
    page = html_of(b.get("/can-bo/ho-so/" + code))
    assert "Đánh giá của người nộp" in page and "Không hài lòng" in page and "Chờ lâu" in page
    b = Browser(s)
    b.login("giamsat")
    page = html_of(b.get("/can-bo/ho-so/" + code))
    assert "Chờ lâu" not in page and "Hồ sơ đã được người nộp đánh giá" in page


def test_pages_rate_from_tracking_and_counter(s):
    code, key = returned(s, "Đàm Văn Giang")
    b = Browser(s)
    page = html_of(b.get("/tra-cuu?code=%s&key=%s" % (code, key)))
    assert 'name="overall"' in page and 'action="/tra-cuu/danh-gia"' in page, page[-3000:]
    import re
    csrf = re.search(r'name="csrf" value="([0-9a-f]{32})"', page).group(1)
    r = b.post("/tra-cuu/danh-gia", {"csrf": csrf, "code": code, "key": key, "overall": "very_satisfied",
                                     "q_convenience": "satisfied", "comment": "Tốt"})
    assert r.status == 303 and "da_danh_gia=1" in r.header("Location"), r
    page = html_of(b.get(r.header("Location")))
    assert "Cảm ơn ông/bà đã đánh giá" in page and "Rất hài lòng" in page and 'name="overall"' not in page
    assert "Hồ sơ được giải quyết thế nào" in page
    # The counter tablet page: linked from the case page while unrated, then the thank-you screen.
    code2, _ = returned(s, "Đàm Thị Hoa")
    o = Browser(s)
    o.login(RECEIVER)
    page = html_of(o.get("/can-bo/ho-so/" + code2))
    assert "/can-bo/ho-so/%s/danh-gia" % code2 in page
    page = html_of(o.get("/can-bo/ho-so/%s/danh-gia" % code2))
    assert 'name="overall"' in page and "Đàm Thị Hương" not in page and "Đăng xuất" not in page, page
    csrf = re.search(r'name="csrf" value="([0-9a-f]{32})"', page).group(1)
    r = o.post("/can-bo/danh-gia/" + code2, {"csrf": csrf, "overall": "satisfied"})
    assert r.status == 303 and r.header("Location") == "/can-bo/danh-gia-xong", r
    assert "Cảm ơn ông/bà đã đánh giá" in html_of(o.get("/can-bo/danh-gia-xong"))
    assert ok(s.get("/api/v1/dossiers/%s/rating" % code2, token=s.login(RECEIVER)))["rating"]["channel"]["name"] == \
        "counter"


def test_summary_counts_exactly_by_subtree(s):
    with harness.own_server() as s:
        want = {WARD: [0, 0, 0], OTHER_WARD: [0, 0, 0]}
        plan = [(WARD, "very_satisfied"), (WARD, "satisfied"), (WARD, "dissatisfied"), (WARD, "satisfied"),
                (OTHER_WARD, "dissatisfied")]
        order = ["very_satisfied", "satisfied", "dissatisfied"]
        for i, (unit, overall) in enumerate(plan):
            if unit == WARD:
                code, key = returned(s, NAMES[i])
            else:
                # The other ward has a receiver only: the receiver does the counter acts, the province's leader
                # and specialist accounts do not reach it, so it is taken through by an admin-made team.
                code, key = counter_dossier(s, NAMES[i], "tiepnhan.nungtricao")
                key = None
            if key:
                ok(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": overall}), 201)
                want[unit][order.index(overall)] += 1
        # An unreturned dossier of the other ward is not counted; a partner dossier counts once on its lead.
        code, key = counter_dossier(s, "Triệu Thị Lan")
        spec, lead = s.login(SPECIALIST), s.login(LEADER)
        act(s, code, "claim", spec)
        p = act(s, code, "transfer", spec, {"unit": "S03"})
        child = [e for e in journal(s, code, spec) if e["action"] == "transfer"][-1]["note"].split("hồ sơ liên thông ")[1]
        child = child.split(":")[0]
        tp, ltp = s.login("chuyenvien.tuphap"), s.login("lanhdao.tuphap")
        act(s, child, "claim", tp)
        act(s, child, "forward", tp)
        act(s, child, "claim", ltp)
        c = act(s, child, "approve", ltp)
        assert c["state"]["name"] == "returned", c["state"]
        ckey = c["tracking_key"]
        e = expect_error(s.post("/api/v1/track/%s/rating" % child, {"key": ckey, "overall": "satisfied"}), 409)
        assert code in e["message"], e
        act(s, code, "forward", spec)
        act(s, code, "claim", lead)
        act(s, code, "approve", lead)
        act(s, code, "result_ready", s.login(RECEIVER))
        act(s, code, "return", s.login(RECEIVER), {"method": "counter"})
        v = ok(s.post("/api/v1/track/%s/rating" % code, {"key": key, "overall": "very_satisfied"}), 201)
        assert [a["code"] for a in v["facts"]["agencies"]] == [WARD, "S03"], v["facts"]["agencies"]
        want[WARD][0] += 1
        assert count_rows(s.db, "ratings") == sum(sum(x) for x in want.values())

        def expect(counts):
            vs, sa, di = counts
            total = vs + sa + di
            return {"very_satisfied": vs, "satisfied": sa, "dissatisfied": di, "total": total,
                    "satisfied_share": round((vs + sa) * 100.0 / total, 2) if total else "N/A"}

        q = "from=%s&to=%s" % (today(), today())
        r = ok(s.get("/api/v1/ratings/summary?unit=%s&%s" % (WARD, q), token=s.login(LEADER)))
        assert r["total"] == expect(want[WARD]), (r["total"], want)
        assert [u["unit"]["code"] for u in r["units"]] == [WARD]
        r = ok(s.get("/api/v1/ratings/summary?unit=04&%s" % q, token=s.login("giamsat")))
        allc = [want[WARD][k] + want[OTHER_WARD][k] for k in range(3)]
        assert r["total"] == expect(allc), (r["total"], allc)
        assert [(u["unit"]["code"], u["counts"]) for u in r["units"]] == \
            [(WARD, expect(want[WARD]))] + ([(OTHER_WARD, expect(want[OTHER_WARD]))] if sum(want[OTHER_WARD]) else [])
        r = ok(s.get("/api/v1/ratings/summary?unit=S03&%s" % q, token=s.login("giamsat")))
        assert r["total"] == expect([0, 0, 0]) and r["total"]["satisfied_share"] == "N/A" and r["units"] == [], r
        # Nobody's name in the counts; a specialist and a ward leader outside their subtree are refused.
        body = s.get("/api/v1/ratings/summary?unit=04&%s" % q, token=s.login("giamsat")).body.decode("utf-8")
        for name in NAMES + ["Triệu Thị Lan"]:
            assert name not in body, name
        expect_error(s.get("/api/v1/ratings/summary?unit=%s" % WARD, token=s.login(SPECIALIST)), 403)
        expect_error(s.get("/api/v1/ratings/summary?unit=04", token=s.login(LEADER)), 403)
        expect_error(s.get("/api/v1/ratings/summary?unit=%s&from=2026-13-01" % WARD, token=s.login(LEADER)), 400,
                     field="from")


if __name__ == "__main__":
    harness.main(globals())
