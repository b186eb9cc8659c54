"""A conformance fake of the national portal's exchange (Cổng DVCQG) as docs/PORTAL.md describes it,
for the tests: a local HTTP server on 127.0.0.1 (standard library only) that

- takes POST /hoso (services DongBoHoSoMC and DanhGiaHoSo) and GET /thutuc?since=…;
- checks every message's shape (envelope, required fields, types, code and time formats, known status
  codes) and its order per dossier (SoThuTu without gap or repeat; the national status sequence a legal
  path of motcua's transition table; nothing after a final state but one rating after 10);
- acknowledges each message id once ("ack_id"), answers a repeat of an acknowledged id as already
  received with the same ack (HTTP 409), and records everything for the test to assert;
- injects failures on demand: HTTP 500, a timeout (sleeps past the client's timeout), a dropped
  connection, an "already received" answer, or refuses every message of a dossier with 400.

Problems found are answered 400 (the message is refused) and kept in `problems`: a conforming client
leaves it empty.
"""
import datetime
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

# National status codes (domain.md §9) and the pairs motcua's transition table can produce, as codes:
# src/domain/dossier_rules.c mapped through ds_state_portal (a change to the same code is not a message).
STATUSES = {str(i) for i in range(1, 11)}
LEGAL = {
    ("1", "2"), ("1", "5"), ("1", "3"), ("1", "7"),  # intake of an online dossier; stop before intake
    ("5", "1"), ("5", "4"), ("5", "7"),              # resubmitted at intake / in processing; stopped
    ("2", "4"), ("2", "5"), ("2", "6"), ("2", "7"),  # received: claimed, supplement, fee, stop
    ("4", "5"), ("4", "6"), ("4", "9"), ("4", "7"),  # processing: supplement, fee, decided, stop
    ("6", "4"), ("6", "7"),                          # paid; stopped while waiting for the fee
    ("9", "10"),                                     # result returned
}
FINAL = {"3", "7", "10"}
EVENTS = {"created", "status", "result", "returned", "extend", "rating"}
TIME_RE = re.compile(r"^\d{14}$")
CODE_RE = re.compile(r"^[0-9A-Za-z.]+-\d{6}-\d{4,}$")   # <agency>-YYMMDD-NNNN (domain.md §4)
PROC_RE = re.compile(r"^\d\.\d{6}$")                     # 1.001193
TIMES = ("ThoiDiemXuLy", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayDanhGia")


def valid_time(s):
    if not isinstance(s, str) or not TIME_RE.match(s):
        return False
    try:
        datetime.datetime.strptime(s, "%Y%m%d%H%M%S")
        return True
    except ValueError:
        return False


class PortalFake:
    def __init__(self, key="khoa-thu-nghiem"):
        self.key = key
        self.lock = threading.Lock()
        self.requests = []        # every POST: (MaThongDiep, envelope or None, outcome)
        self.acks = {}            # MaThongDiep -> ack id (accepted once)
        self.dossiers = {}        # MaHoSo -> accepted payloads, in order
        self.problems = []        # conformance problems (a conforming client leaves this empty)
        self.faults = []          # injected failures, consumed one per POST: "500" | "timeout" | "drop" | "dup"
        self.refuse = set()       # MaHoSo whose messages are refused with 400
        self.refuse_procedures = set()  # MaTTHC whose dossiers' messages are refused with 400
        self.down = False         # answers 503 to everything
        self.sleep_s = 2.0        # a "timeout" sleeps this long (past the client's --send-timeout 1)
        self.catalog = []         # (cursor, motcua-catalog/1 procedures) in order; GET /thutuc returns those after since
        self.catalog_since = []   # the `since` of each catalog request
        fake = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def reply(self, status, obj):
                body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def authorised(self):
                if self.headers.get("Authorization") != "Bearer " + fake.key:
                    self.reply(401, {"error_code": "AUTH", "message": "Khóa truy cập không hợp lệ"})
                    return False
                return True

            def do_GET(self):
                u = urlparse(self.path)
                if u.path != "/thutuc":
                    return self.reply(404, {"error_code": "NOT_FOUND", "message": "Không có dịch vụ này"})
                if not self.authorised():
                    return
                since = parse_qs(u.query, keep_blank_values=True).get("since", [""])[0]
                with fake.lock:
                    fake.catalog_since.append(since)
                    cursors = [c for c, _ in fake.catalog]
                    start = cursors.index(since) + 1 if since in cursors else 0
                    procs = [p for _, ps in fake.catalog[start:] for p in ps]
                    nxt = cursors[-1] if cursors else since
                self.reply(200, {"error_code": "0", "since": nxt,
                                 "catalog": {"format": "motcua-catalog/1", "procedures": procs}})

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                if urlparse(self.path).path != "/hoso":
                    return self.reply(404, {"error_code": "NOT_FOUND", "message": "Không có dịch vụ này"})
                if not self.authorised():
                    return
                with fake.lock:
                    fault = fake.faults.pop(0) if fake.faults else None
                    down = fake.down
                if down:
                    return self.reply(503, {"error_code": "DOWN", "message": "Hệ thống đang bảo trì"})
                if fault == "500":
                    fake.log(None, None, "500")
                    return self.reply(500, {"error_code": "ERR", "message": "Lỗi hệ thống"})
                if fault == "drop":
                    fake.log(None, None, "drop")
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                try:
                    env = json.loads(raw.decode("utf-8"))
                except ValueError:
                    return self.reply(400, {"error_code": "INVALID", "message": "Không phải JSON"})
                status, answer = fake.take(env, self.headers.get("Idempotency-Key"), fault)
                if fault == "timeout":
                    time.sleep(fake.sleep_s)  # the client gave up: it sends again, and gets "already received"
                try:
                    self.reply(status, answer)
                except OSError:
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def log(self, mid, env, outcome):
        with self.lock:
            self.requests.append((mid, env, outcome))

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- the exchange ----

    def check(self, env, key):
        """The problems of one envelope's shape (a list of Vietnamese-free short reasons)."""
        p = []
        if not isinstance(env, dict):
            return ["envelope not an object"]
        mid = env.get("MaThongDiep")
        if not isinstance(mid, str) or not mid:
            p.append("MaThongDiep missing")
        if key != mid:
            p.append("Idempotency-Key %r differs from MaThongDiep %r" % (key, mid))
        data = env.get("data")
        if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
            return p + ["data must hold one object"]
        d = data[0]
        ev = d.get("LoaiThongDiep")
        if ev not in EVENTS:
            p.append("LoaiThongDiep %r" % ev)
        want = "DanhGiaHoSo" if ev == "rating" else "DongBoHoSoMC"
        if env.get("service") != want:
            p.append("service %r for %r" % (env.get("service"), ev))
        if env.get("isUpdating") is not (ev != "created"):
            p.append("isUpdating %r for %r" % (env.get("isUpdating"), ev))
        if env.get("madonvi") != d.get("MaDonVi") or not d.get("MaDonVi"):
            p.append("madonvi %r / MaDonVi %r" % (env.get("madonvi"), d.get("MaDonVi")))
        if not isinstance(d.get("SoThuTu"), int) or d["SoThuTu"] < 1:
            p.append("SoThuTu %r" % d.get("SoThuTu"))
        if not isinstance(d.get("MaHoSo"), str) or not CODE_RE.match(d["MaHoSo"]):
            p.append("MaHoSo %r" % d.get("MaHoSo"))
        if not isinstance(d.get("MaTTHC"), str) or not PROC_RE.match(d["MaTTHC"]):
            p.append("MaTTHC %r" % d.get("MaTTHC"))
        if not isinstance(d.get("MaDonViXuLy"), str) or not d["MaDonViXuLy"]:
            p.append("MaDonViXuLy %r" % d.get("MaDonViXuLy"))
        if d.get("KenhThucHien") not in ("1", "2", "3"):
            p.append("KenhThucHien %r" % d.get("KenhThucHien"))
        st = d.get("TrangThaiHoSo")
        if st not in STATUSES:
            p.append("TrangThaiHoSo %r" % st)
        for k in TIMES:
            if k in d and not valid_time(d[k]):
                p.append("%s %r" % (k, d[k]))
        for k in ("ThoiDiemXuLy", "NgayNopHoSo"):
            if k not in d:
                p.append(k + " missing")
        if st in ("2", "4", "6", "9", "10") and ("NgayTiepNhan" not in d or "NgayHenTra" not in d):
            p.append("NgayTiepNhan/NgayHenTra missing for status " + str(st))
        if st in ("9", "10", "7") and "NgayKetThucXuLy" not in d:
            p.append("NgayKetThucXuLy missing for status " + str(st))
        if st == "10" and "NgayTra" not in d:
            p.append("NgayTra missing")
        if ev == "rating" and d.get("MucDoHaiLong") not in ("very_satisfied", "satisfied", "dissatisfied"):
            p.append("MucDoHaiLong %r" % d.get("MucDoHaiLong"))
        # Only what the exchange needs: no personal data of the applicant.
        for k in ("ChuHoSo", "SoDienThoai", "Email", "SoCCCD", "DiaChi"):
            if k in d:
                p.append("personal field " + k)
        return p

    def order(self, d):
        """The problems of d's place in its dossier's sequence."""
        prev = self.dossiers.get(d["MaHoSo"], [])
        ev, st = d["LoaiThongDiep"], d["TrangThaiHoSo"]
        if d["SoThuTu"] != len(prev) + 1:
            return ["SoThuTu %d after %d" % (d["SoThuTu"], len(prev))]
        if not prev:
            return [] if ev == "created" and st in ("1", "2") else ["first message %s/%s" % (ev, st)]
        if ev == "created":
            return ["second creation"]
        last = prev[-1]["TrangThaiHoSo"]
        if any(x["LoaiThongDiep"] == "rating" for x in prev):
            return ["message after the rating"]
        if ev == "rating":
            return [] if last == "10" else ["rating in status " + last]
        if last in FINAL:
            return ["message after final status " + last]
        if ev == "extend":
            return [] if st == last else ["extend changes status %s -> %s" % (last, st)]
        if (last, st) not in LEGAL:
            return ["illegal status change %s -> %s" % (last, st)]
        return []

    def take(self, env, key, fault):
        mid = env.get("MaThongDiep") if isinstance(env, dict) else None
        with self.lock:
            if mid in self.acks:  # a repeat: already received, the same acknowledgement
                self.requests.append((mid, env, "duplicate"))
                return 409, {"error_code": "DUPLICATE", "message": "Đã nhận thông điệp này", "ack_id": self.acks[mid]}
            d = env.get("data", [{}])[0] if isinstance(env, dict) and isinstance(env.get("data"), list) and env["data"] else {}
            if isinstance(d, dict) and (d.get("MaHoSo") in self.refuse or d.get("MaTTHC") in self.refuse_procedures):
                self.requests.append((mid, env, "refused"))
                return 400, {"error_code": "INVALID", "message": "Mã hồ sơ không hợp lệ trên Cổng DVCQG"}
            p = self.check(env, key)
            if not p:
                p = self.order(d)
            if p:
                self.problems.append((mid, p, d))
                self.requests.append((mid, env, "invalid"))
                return 400, {"error_code": "INVALID", "message": "; ".join(p)}
            ack = "DVCQG-%06d" % (len(self.acks) + 1)
            self.acks[mid] = ack
            self.dossiers.setdefault(d["MaHoSo"], []).append(d)
            self.requests.append((mid, env, "accepted"))
            if fault == "dup":  # received before by another path: the portal says so, with the same ack
                return 409, {"error_code": "DUPLICATE", "message": "Đã nhận thông điệp này", "ack_id": ack}
            return 200, {"error_code": "0", "message": "Thành công", "ack_id": ack}

    def statuses(self, code):
        with self.lock:
            return [(x["LoaiThongDiep"], x["TrangThaiHoSo"]) for x in self.dossiers.get(code, [])]

    def outcomes(self):
        with self.lock:
            return [o for _, _, o in self.requests]
