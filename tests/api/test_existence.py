"""No existence oracle, black-box: for a citizen and for an officer of another
commune, every dossier endpoint of the API and of the portal answers a code
that does not exist and a code of a dossier outside their reach with the same
status and the same body, byte for byte."""
import harness
from test_uploads import multipart
from test_web_forms import PDF, Browser

PROC = "1.001193"
APPLICANT = {"name": "Hoàng Thị Kín", "id_number": "004190004444", "phone": "0987000444"}


def secret_dossier(s):
    """A dossier of commune 01273 received at the counter, with a file: not the citizen's, not commune 01279's."""
    rcv = s.login("tiepnhan.thucphan")
    r = s.post("/api/v1/dossiers", {"procedure": PROC, "applicant": APPLICANT, "documents": [4, 6], "outcome": "accept"},
               token=rcv)
    assert r.status == 201, r
    code = r.json()["code"]
    body, ctype = multipart({}, [("doc_4", "gcs.pdf", PDF)])
    r = s.request("POST", "/api/v1/dossiers/%s/files" % code, raw=body, ctype=ctype, token=rcv)
    assert r.status == 201, r
    return code, r.json()["files"][0]["id"]


def api_calls(code, file_id):
    """(method, path, JSON body or multipart) of every API endpoint of one dossier."""
    upload = multipart({}, [("doc_4", "them.pdf", PDF)])
    calls = [("GET", "/api/v1/dossiers/%s" % code, None),
             ("GET", "/api/v1/dossiers/%s/journal" % code, None),
             ("GET", "/api/v1/dossiers/%s/control-slip" % code, None),
             ("GET", "/api/v1/dossiers/%s/files/%d" % (code, file_id), None),
             ("GET", "/api/v1/dossiers/%s/files/%d?inline=1" % (code, file_id), None),
             ("POST", "/api/v1/dossiers/%s/files" % code, upload)]
    for form in ("receipt", "control-slip", "stop", "supplement", "refusal", "apology"):
        calls.append(("GET", "/api/v1/dossiers/%s/forms/%s.pdf" % (code, form), None))
    actions = {"accept": {"documents": [4, 6]}, "claim": {}, "forward": {}, "stop": {"reason": "Xin dừng"},
               "request_supplement": {"items": ["Giấy chứng sinh"], "reason": "Thiếu"}, "refuse": {"reason": "Sai"},
               "request_payment": {"amount": 10000}, "mark_paid": {}, "approve": {}, "reject": {"reason": "Không"},
               "extend": {"days": 2, "reason": "Chậm"}, "result_ready": {}, "return": {"method": "counter"},
               "resubmit": {"documents": [4]}, "transfer": {"unit": "S03"}, "send_back": {"note": "Xem lại"}}
    for action, body in actions.items():
        calls.append(("POST", "/api/v1/dossiers/%s/actions/%s" % (code, action), body))
    return calls


def call(s, token, method, path, body):
    if isinstance(body, tuple):
        return s.request(method, path, raw=body[0], ctype=body[1], token=token)
    return s.request(method, path, body=body, token=token)


def unknown_like(code):
    """A code of the same shape that no dossier has."""
    unit, day, seq = code.split("-")
    return "%s-%s-%04d" % (unit, day, 9000 + int(seq) % 1000)


def test_api_answers_unknown_and_out_of_reach_alike(s):
    code, file_id = secret_dossier(s)
    missing = unknown_like(code)
    for who in ("0912345678", "tiepnhan.nungtricao"):
        token = s.login(who)
        real, fake = api_calls(code, file_id), api_calls(missing, file_id)
        for (method, path, body), (_, fpath, fbody) in zip(real, fake):
            a = call(s, token, method, path, body)
            b = call(s, token, method, fpath, fbody)
            assert a.status == b.status == 404, (who, path, a, b)
            assert a.body.replace(code.encode(), missing.encode()) == b.body, (who, path, a.body, b.body)
            assert code.encode() not in a.body or missing.encode() in b.body, (who, path, a.body)
    # Nothing was done to the dossier meanwhile.
    d = s.get("/api/v1/dossiers/" + code, token=s.login("tiepnhan.thucphan")).json()
    assert d["state"]["name"] == "processing" or d["state"]["name"] == "received", d["state"]
    assert len(d["files"]) == 1, d["files"]


def test_pages_answer_unknown_and_out_of_reach_alike(s):
    code, _ = secret_dossier(s)
    missing = unknown_like(code)
    citizen = Browser(s)
    citizen.login("0912345678")
    officer = Browser(s)
    officer.login("tiepnhan.nungtricao")
    for b, pages in ((citizen, ["/ho-so-cua-toi/%s", "/can-bo/ho-so/%s"]),
                     (officer, ["/can-bo/ho-so/%s", "/ho-so-cua-toi/%s"])):
        for page in pages:
            x, y = b.get(page % code), b.get(page % missing)
            assert x.status == y.status and x.status in (403, 404), (page, x, y)
            assert x.body.replace(code.encode(), missing.encode()) == y.body, (page, x.body[-800:], y.body[-800:])
        token = b.csrf("/")
        for post in ("/ho-so-cua-toi/%s/dung", "/ho-so-cua-toi/%s/bo-sung", "/can-bo/ho-so/%s/claim",
                     "/can-bo/ho-so/%s/stop"):
            fields = {"csrf": token, "reason": "Xin dừng", "chac_chan": "1"}
            if post.endswith("bo-sung"):
                x = b.post_multipart(post % code, fields, {"doc_4": ("a.pdf", PDF)})
                y = b.post_multipart(post % missing, fields, {"doc_4": ("a.pdf", PDF)})
            else:
                x, y = b.post(post % code, fields), b.post(post % missing, fields)
            assert x.status == y.status and x.status in (403, 404), (post, x, y)
            assert x.body.replace(code.encode(), missing.encode()) == y.body, (post, x.body[-800:], y.body[-800:])
    # The officer's own pages: 404 for both, the same words.
    x = officer.get("/can-bo/ho-so/%s" % code)
    assert x.status == 404, x


if __name__ == "__main__":
    harness.main(globals())
