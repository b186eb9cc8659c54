"""Conflicts between a commune node and its province (issue 21, docs/NODE.md §6): both sides act on the same
dossier while the link is down; when it comes back the province's state stands (rule K5), the node's acts are
kept in its chain at the province but not applied, and a report names the dossier, the rule, what the province
kept, the acts not applied and what to do, to the officers whose unit it is, until one of them closes it with a
note (journaled)."""
import time

import harness
import nodes
from harness import expect_error, is_vietnamese
from test_node_sync import WARD_DOCS, WARD_PROC, intake, verify


def act(s, code, action, token, body=None):
    return s.post("/api/v1/dossiers/%s/actions/%s" % (code, action), body or {}, token=token)


def test_both_sides_act_offline_the_province_stands(_shared):
    p = nodes.province()
    a = None
    try:
        a = nodes.Node(p, 12, ["01273"])
        r = intake(a, a.login("tiepnhan.thucphan"), WARD_PROC, WARD_DOCS, "Người Nộp Xung Đột", "004177777777")
        assert r.status == 201, r
        code = r.json()["code"]
        a.wait_synced()
        assert p.get("/api/v1/dossiers/" + code, token=p.login("chuyenvien.thucphan")).status == 200
        a.link.down()
        # the province's specialist and the node's specialist both take the dossier up while apart
        assert act(p, code, "claim", p.login("chuyenvien.thucphan")).status == 200
        assert act(a, code, "claim", a.login("chuyenvien.thucphan")).status == 200
        queued = a.queued()
        a.link.up()
        a.wait_synced()
        # the province's state stands; the node's claim is in node_journal as a conflict, not in the province's chain
        seqs = nodes.sql(p.db, "SELECT seq, status FROM node_journal WHERE node = 12 ORDER BY seq")
        assert [s for _, s in seqs] == ["applied", "applied", "conflict"] and len(seqs) == queued, seqs
        assert nodes.sql(p.db, "SELECT COUNT(*) FROM journal WHERE origin LIKE '12:3:%'") == [("0",)]
        hist = [e["action"] for e in p.get("/api/v1/dossiers/%s/journal" % code,
                                           token=p.login("lanhdao.thucphan")).json()["entries"]]
        assert hist[-1] == "node_conflict" and hist.count("claim") == 1, hist
        verify(p.db)
        # the report, to the unit's leader; not to another ward's officers
        leader = p.login("lanhdao.thucphan")
        rep = p.get("/api/v1/node-conflicts", token=leader)
        assert rep.status == 200, rep
        items = rep.json()["items"]
        assert len(items) == 1, items
        c = items[0]
        assert (c["code"], c["node"], c["rule"], c["severity"], c["state"]) == (code, 12, "K5", "trung_binh", "open"), c
        assert is_vietnamese(c["summary"]) and is_vietnamese(c["todo"]) and c["unit"] == "Phường Thục Phán", c
        assert [(x["actor"], x["action"]) for x in c["not_applied"]] == [("chuyenvien.thucphan", "claim")], c
        assert c["kept"] == "processing" and is_vietnamese(c["kept_label"]), c
        assert is_vietnamese(c["not_applied"][0]["action_label"]), c
        assert p.get("/api/v1/node-conflicts", token=p.login("tiepnhan.nungtricao")).json()["items"] == []
        expect_error(p.get("/api/v1/node-conflicts?state=xyz", token=leader), 400, field="state")
        # the page shows it, with what to do
        page = p.get("/can-bo/xung-dot-dong-bo", token=leader)
        text = page.body.decode("utf-8")
        assert page.status == 200 and code in text and "Việc cần làm" in text, page.status
        # closed with a note, journaled; gone from the open list, kept in the whole list
        e = expect_error(p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {}, token=leader), 400, field="note")
        assert is_vietnamese(e["message"])
        assert p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {"note": "Đã thống nhất theo hồ sơ của tỉnh"},
                      token=leader).status == 200
        expect_error(p.post("/api/v1/node-conflicts/%d/resolve" % c["id"], {"note": "lại"}, token=leader), 404)
        assert p.get("/api/v1/node-conflicts", token=leader).json()["items"] == []
        done = p.get("/api/v1/node-conflicts?state=all", token=leader).json()["items"]
        assert done[0]["state"] == "resolved" and done[0]["resolved_note"] == "Đã thống nhất theo hồ sơ của tỉnh"
        rows = nodes.sql(p.db, "SELECT action, actor FROM journal WHERE subject = 'node_conflict'")
        assert rows == [("node_conflict.resolve", "lanhdao.thucphan")], rows
        verify(p.db)
    finally:
        if a is not None:
            a.stop()
            a.cleanup()
        p.stop()
        p.cleanup()


if __name__ == "__main__":
    harness.main(globals())
