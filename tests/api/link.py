"""A TCP proxy the integration tests control, to break the link between a commune node and the
province server at chosen points and prove the sync protocol survives it (docs/NODE.md §10).

    link = Link(province.port)   # the node gets --node-of http://127.0.0.1:<link.port>
    link.down(); ...; link.up()  # offline for a while (open connections are reset)
    link.cut_request_after(300)  # the next request dies after 300 bytes
    link.drop_answer()           # the next request reaches the province, its answer is lost
    link.stall(5)                # the next request hangs 5 s, then its connection dies
    assert link.wait_requests("/api/v1/node/push", 3)

Standard library only. One daemon thread per connection relays both directions with select() and
follows the HTTP/1.1 framing on each (Content-Length or chunked), which lets it count requests on
kept-alive connections and see where a request or an answer starts and ends. The one-shot faults
(cut, drop, stall) hit the next request to START after the call, whichever connection carries it:
a new connection's first request, or the next one on a kept-alive connection. A "reset" is SO_LINGER
0 then close, so the peer gets an RST (ECONNRESET), never an orderly end. Not handled: answers to
HEAD requests and protocol upgrades (the node sends neither).
"""
import select
import socket
import struct
import threading
import time

_LINGER0 = struct.pack("ii", 1, 0)
SILENCE = 2.0  # drop_answer: an answer whose end cannot be seen is over after this much silence


def _reset(sock):
    """Closes sock with an RST: the peer's next read or write fails with ECONNRESET."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER0)
    except OSError:
        pass
    sock.close()


class _Framer:
    """Follows the HTTP/1.1 messages of one direction of a connection, fed its bytes as they pass."""

    def __init__(self, responses):
        self.responses = responses
        self.state, self.lines, self.buf, self.left = "head", [], b"", 0

    def at_boundary(self):
        """True between two messages (the next byte starts a new one)."""
        return self.state == "head" and not self.lines and not self.buf

    def feed(self, data):
        """Consumes data up to the end of the current message at most. Returns (bytes consumed,
        the head's lines if a head ended in them or None, whether the message ended)."""
        i, head = 0, None
        while i < len(data):
            if self.state == "eof":  # an answer without length: it runs until the connection closes
                return len(data), head, False
            if self.state in ("body", "chunk"):
                k = min(self.left, len(data) - i)
                i, self.left = i + k, self.left - k
                if self.left == 0:
                    if self.state == "body":
                        self.state = "head"
                        return i, head, True
                    self.state = "size"
                continue
            j = data.find(b"\n", i)
            if j < 0:
                self.buf += data[i:]
                return len(data), head, False
            line, self.buf, i = (self.buf + data[i:j + 1]).strip(), b"", j + 1
            if self.state == "size":  # "1a3f;ext" before each chunk, "0" before the trailer
                size = int(line.split(b";")[0] or b"0", 16)
                self.state, self.left = ("trailer", 0) if size == 0 else ("chunk", size + 2)  # + CRLF
            elif self.state == "trailer":
                if not line:
                    self.state = "head"
                    return i, head, True
            elif line:
                self.lines.append(line.decode("latin-1"))
            elif self.lines:  # the blank line that ends a head (blank lines before one are skipped)
                head, self.lines = self.lines, []
                if self._body(head):
                    return i, head, True
        return i, head, False

    def _body(self, head):
        """Sets the state for the body that follows head; True when the message has none."""
        fields = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip().lower()
        status = 0
        if self.responses:
            try:
                status = int(head[0].split()[1])
            except (IndexError, ValueError):
                pass
        if 100 <= status < 200:
            return False  # an interim answer (100 Continue): the real one follows
        if "chunked" in fields.get("transfer-encoding", ""):
            self.state = "size"
            return False
        if "content-length" in fields:
            self.left = int(fields["content-length"])
            self.state = "body" if self.left else "head"
            return self.left == 0
        if self.responses and status not in (204, 304):
            self.state = "eof"
            return False
        return True  # a request without a body


class Link:
    """A proxy on 127.0.0.1:self.port to upstream_host:upstream_port, with faults on demand."""

    def __init__(self, upstream_port, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self._lock = threading.Condition()  # guards everything below; notified on each request
        self._paths = []     # the path of every request head forwarded upstream
        self._faults = {}    # one-shot faults armed: "stall" -> seconds, "cut" -> bytes, "drop" -> True
        self._down = self._closed = False
        self._epoch = 0      # bumped by down() and close(): connections of an older epoch are reset
        self._threads = set()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)  # the accept loop looks at _closed this often
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="link-accept", daemon=True)
        self._acceptor.start()

    # --- controls ---

    def down(self):
        """New connections are reset at once, open ones are reset on both sides (before this returns)."""
        with self._lock:
            self._down, self._epoch = True, self._epoch + 1
        self._join()

    def up(self):
        with self._lock:
            self._down = False

    def cut_request_after(self, n):
        """The next request: forward its first n bytes (and no more on that connection), then reset both sides."""
        self._arm("cut", n)

    def drop_answer(self):
        """The next request: forward it whole, read the upstream's whole answer, discard it and reset the client."""
        self._arm("drop", True)

    def stall(self, seconds):
        """The next request: forward nothing of it; after `seconds` reset both sides."""
        self._arm("stall", seconds)

    def requests(self, path_prefix=None):
        """How many request heads went upstream (with a prefix, those whose path starts with it)."""
        with self._lock:
            return sum(1 for p in self._paths if path_prefix is None or p.startswith(path_prefix))

    def wait_requests(self, path_prefix, k, timeout=30):
        """Waits until requests(path_prefix) >= k; False if `timeout` seconds pass first."""
        with self._lock:
            return self._lock.wait_for(lambda: self.requests(path_prefix) >= k, timeout)

    def close(self):
        """Stops listening and resets every open connection. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed, self._epoch = True, self._epoch + 1
        self._acceptor.join(2)
        self._listener.close()
        self._join()

    # --- machinery ---

    def _arm(self, kind, value):
        with self._lock:
            self._faults[kind] = value

    def _claim(self):
        """The fault for a request that starts now, at most one: (kind, value) or (None, None)."""
        with self._lock:
            for kind in ("stall", "cut", "drop"):
                if kind in self._faults:
                    return kind, self._faults.pop(kind)
        return None, None

    def _seen(self, request_line):
        parts = request_line.split()
        with self._lock:
            self._paths.append(parts[1] if len(parts) > 1 else "")
            self._lock.notify_all()

    def _join(self, timeout=3.0):
        """Waits (a bounded time) for the connection threads of older epochs to finish."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = [t for t in self._threads if t is not threading.current_thread()]
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def _accept_loop(self):
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            with self._lock:
                refuse, epoch = self._down or self._closed, self._epoch
                if not refuse:
                    # started while the lock is held: _join never meets a thread not yet started
                    t = threading.Thread(target=self._serve, args=(client, epoch), name="link-conn", daemon=True)
                    self._threads.add(t)
                    t.start()
            if refuse:
                _reset(client)

    def _serve(self, client, epoch):
        upstream = None
        try:
            client.settimeout(10)  # bounds a sendall to a peer that stopped reading
            upstream = socket.create_connection(self.upstream, timeout=5)
            upstream.settimeout(10)
            self._relay(client, upstream, epoch)
        except Exception:  # a peer's error, an unreachable upstream or a malformed message: reset both
            for s in (client, upstream):
                if s is not None:
                    _reset(s)
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _relay(self, client, upstream, epoch):
        asked, answered = _Framer(False), _Framer(True)
        started = done = 0      # requests the client began; answers the upstream completed
        budget = None           # cut: client bytes still to forward before the reset
        stall_until = None      # stall: when the connection is reset
        drop_at = None          # drop: index of the request whose answer is discarded
        heard = None            # drop: time the last byte of the discarded answer came
        reading = [client, upstream]
        while reading:
            now = time.monotonic()
            if self._epoch != epoch or (stall_until is not None and now >= stall_until):
                return _reset(client), _reset(upstream)
            if heard is not None and now - heard > SILENCE:
                return _reset(client), upstream.close()
            ready = select.select(reading, [], [], 0.1)[0]
            if client in ready:
                data = client.recv(65536)
                if not data:  # the client is done sending: pass the half-close on
                    reading.remove(client)
                    upstream.shutdown(socket.SHUT_WR)
                while data and stall_until is None:
                    if asked.at_boundary():  # a new request starts here
                        started += 1
                        kind, value = self._claim()
                        if kind == "stall":
                            stall_until = time.monotonic() + value
                            break  # this request and whatever follows are discarded
                        if kind == "cut":
                            budget = value
                        elif kind == "drop":
                            drop_at = started - 1
                    piece = data if budget is None else data[:budget]
                    n, head, _ = asked.feed(piece)
                    upstream.sendall(piece[:n])
                    if head:
                        self._seen(head[0])
                    data = data[n:]
                    if budget is not None:
                        budget -= n
                        if budget <= 0:
                            return _reset(client), _reset(upstream)
            if upstream in ready:
                data = upstream.recv(65536)
                if not data:
                    if drop_at is not None:  # the discarded answer ended with the connection
                        return _reset(client), upstream.close()
                    break  # the upstream closed: so does the client's side, as a direct connection would
                while data:
                    n, _, ended = answered.feed(data)
                    dropping = drop_at == done
                    if dropping:
                        heard = time.monotonic()
                    else:
                        client.sendall(data[:n])
                    data = data[n:]
                    if ended:
                        if dropping:
                            return _reset(client), upstream.close()
                        done += 1
        client.close()
        upstream.close()
