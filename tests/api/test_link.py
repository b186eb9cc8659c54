"""Self-test of link.py, the controllable TCP proxy of the node sync tests: forwarding with
keep-alive, down/up, a request cut mid-transfer, a dropped answer, a stall, request counting.
Upstreams are small standard-library servers started here; the shared motcua server the runner
starts is not used."""
import http.client
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness
from link import Link, _Framer

BODY = b"x" * 10000


class Upstream:
    """An HTTP/1.1 server (keep-alive) on 127.0.0.1 that records (method, path, body, client port)
    of every request it processed, before answering "<method> <path> <body length>"."""

    def __init__(self):
        self.seen = []
        up = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                up.seen.append((self.command, self.path, body, self.client_address[1]))
                out = ("%s %s %d" % (self.command, self.path, len(body))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *a: None  # the resets the link makes are expected
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class RawUpstream:
    """A TCP server that counts the bytes each connection brought (in `received`, once the
    connection ended) and answers 200 once a whole request with its body has arrived."""

    def __init__(self):
        self.received = []
        self.ended = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._conn, args=(c,), daemon=True).start()

    def _conn(self, c):
        got = b""
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    break
                got += d
                head, sep, body = got.partition(b"\r\n\r\n")
                if sep and len(body) >= int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0]):
                    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                    break
        except OSError:  # the reset of a cut
            pass
        c.close()
        self.received.append(len(got))
        self.ended.set()

    def close(self):
        self.sock.close()


def get(conn, path, body=None):
    conn.request("POST" if body is not None else "GET", path, body=body)
    r = conn.getresponse()
    return r.status, r.read()


def fails(port, path="/x/fail", body=None, timeout=5):
    """Sends one request on a new connection; the exception it raised (None if it got an answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        get(conn, path, body)
        return None
    except Exception as e:
        return e
    finally:
        conn.close()


def test_forwards_two_requests_on_one_kept_alive_connection(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
        assert get(conn, "/x/a") == (200, b"GET /x/a 0")
        sock = conn.sock
        assert get(conn, "/x/b", BODY) == (200, b"POST /x/b 10000")
        assert conn.sock is sock, "http.client opened a second connection"
        conn.close()
        assert [s[:3] for s in up.seen] == [("GET", "/x/a", b""), ("POST", "/x/b", BODY)], up.seen
        assert up.seen[0][3] == up.seen[1][3], "the link opened two upstream connections: %s" % up.seen
        assert link.requests() == 2
    finally:
        link.close()
        up.close()


def test_down_fails_fast_resets_open_connections_and_up_restores(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        kept = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
        assert get(kept, "/x/before")[0] == 200
        link.down()
        began = time.monotonic()
        e = fails(link.port)
        assert isinstance(e, ConnectionError), repr(e)
        assert time.monotonic() - began < 2, "down() made the client wait"
        try:  # an RST (SO_LINGER 0), seen by connect or the first read, not an orderly end of stream
            with socket.create_connection(("127.0.0.1", link.port), timeout=2) as raw:
                raw.recv(1)
            raise AssertionError("the link ended the connection without a reset")
        except ConnectionResetError:
            pass
        try:
            get(kept, "/x/kept")
            raise AssertionError("a connection open at down() still works")
        except ConnectionError:
            pass
        assert [s[1] for s in up.seen] == ["/x/before"], up.seen
        link.up()
        assert fails(link.port, "/x/after") is None
        assert [s[1] for s in up.seen] == ["/x/before", "/x/after"], up.seen
    finally:
        link.close()
        up.close()


def test_cut_request_after_forwards_at_most_n_bytes_once(_shared):
    up = RawUpstream()
    link = Link(up.port)
    try:
        link.cut_request_after(100)
        e = fails(link.port, "/x/push", BODY)
        assert isinstance(e, ConnectionError), repr(e)
        assert up.ended.wait(5), "the upstream connection did not end"
        assert len(up.received) == 1 and up.received[0] <= 100, up.received
        up.ended.clear()
        assert fails(link.port, "/x/push", BODY) is None, "the cut was not one-shot"
        assert up.ended.wait(5)
        assert up.received[1] > 10000, up.received
    finally:
        link.close()
        up.close()


def test_drop_answer_lets_the_upstream_process_but_the_client_fails(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        link.drop_answer()
        began = time.monotonic()
        e = fails(link.port, "/x/push", b"entry-1")
        assert isinstance(e, ConnectionError), repr(e)
        assert time.monotonic() - began < 1.5, "the answer's end was not seen (waited for silence)"
        assert [s[:3] for s in up.seen] == [("POST", "/x/push", b"entry-1")], up.seen
        assert link.requests("/x/push") == 1
        assert fails(link.port, "/x/push", b"entry-2") is None, "drop_answer was not one-shot"
        assert len(up.seen) == 2
    finally:
        link.close()
        up.close()


def test_drop_answer_on_a_kept_alive_connection(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
        assert get(conn, "/x/1")[0] == 200
        link.drop_answer()
        try:
            get(conn, "/x/2", b"entry")
            raise AssertionError("the answer reached the client")
        except ConnectionError:
            pass
        conn.close()
        assert [s[1] for s in up.seen] == ["/x/1", "/x/2"], up.seen
    finally:
        link.close()
        up.close()


def test_stall_makes_the_client_time_out_then_resets(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        link.stall(1)
        conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=0.5)
        began = time.monotonic()
        try:
            get(conn, "/x/stalled")
            raise AssertionError("a stalled request was answered")
        except TimeoutError:
            pass
        assert time.monotonic() - began < 1
        conn.sock.settimeout(5)  # the link resets the connection once the second has passed
        try:
            data = conn.sock.recv(10)
            assert data == b"", data
        except ConnectionResetError:
            pass
        assert time.monotonic() - began < 3
        conn.close()
        assert up.seen == [] and link.requests() == 0, up.seen
        assert fails(link.port, "/x/next") is None, "stall was not one-shot"
    finally:
        link.close()
        up.close()


def test_requests_counts_by_prefix_and_wait_requests(_shared):
    up = Upstream()
    link = Link(up.port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
        get(conn, "/x/a")
        get(conn, "/x/b", BODY)
        get(conn, "/y/c")
        conn.close()
        assert fails(link.port, "/x/d") is None
        # a body sent in pieces, which looks like requests itself, is no request
        fake = b"GET /x/fake HTTP/1.1\r\n\r\n" * 20
        with socket.create_connection(("127.0.0.1", link.port), timeout=5) as raw:
            for piece in (b"POST /y/pieces HTTP/1.1\r\nHost: h\r\nContent-", b"Length: %d\r\n\r\n" % len(fake),
                          fake[:30], fake[30:]):
                raw.sendall(piece)
                time.sleep(0.05)
            assert raw.recv(4096).startswith(b"HTTP/1.1 200 OK"), "the piecewise request was not answered"
        assert up.seen[-1][:3] == ("POST", "/y/pieces", fake), up.seen[-1]
        assert link.requests() == 5
        assert link.requests("/x") == 3 and link.requests("/y") == 2 and link.requests("/z") == 0
        assert link.wait_requests("/x", 3, timeout=1)
        began = time.monotonic()
        assert not link.wait_requests("/x", 4, timeout=0.3)
        assert time.monotonic() - began >= 0.3
        threading.Timer(0.2, fails, args=(link.port, "/x/e")).start()
        assert link.wait_requests("/x", 4, timeout=5)
        assert link.requests("/x") == 4
    finally:
        link.close()
        up.close()


def test_framer_finds_requests_and_answers_in_odd_pieces(_shared):
    stream = (b"GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
              b"POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
              b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n"
              b"GET /d HTTP/1.1\r\n\r\n")
    for step in (1, 3, 7, len(stream)):
        f, heads, ends = _Framer(False), [], 0
        for k in range(0, len(stream), step):
            data = stream[k:k + step]
            while data:
                n, head, ended = f.feed(data)
                heads += [head[0]] if head else []
                ends += ended
                data = data[n:]
        assert heads == ["GET /a HTTP/1.1", "POST /b HTTP/1.1", "POST /c HTTP/1.1", "GET /d HTTP/1.1"], (step, heads)
        assert ends == 4 and f.at_boundary(), (step, ends)
    answers = (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
               b"HTTP/1.1 204 No Content\r\n\r\n"
               b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
               b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end")
    f, ends, data = _Framer(True), 0, answers
    while data:
        n, _, ended = f.feed(data)
        ends, data = ends + ended, data[n:]
    assert ends == 3 and f.state == "eof", (ends, f.state)


def test_close_stops_listening_and_is_idempotent(_shared):
    up = Upstream()
    link = Link(up.port)
    conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
    get(conn, "/x/a")
    link.close()
    link.close()
    try:
        get(conn, "/x/b")
        raise AssertionError("a connection survived close()")
    except ConnectionError:
        pass
    e = fails(link.port)
    assert isinstance(e, ConnectionRefusedError), repr(e)
    up.close()


if __name__ == "__main__":
    harness.main(globals())
