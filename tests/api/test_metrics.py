"""GET /metrics (issue 18, operations), scraped by a real Prometheus (Debian's package `prometheus`;
scripts/deps.sh --test installs it; missing, the test fails).

- Prometheus started here scrapes motcua every second; its query API then returns the series:
  requests by route pattern (a route hit N more times counts N more), the latency histogram by the
  same pattern, dossiers by state (the count created), deadline job runs, journal head age, store
  latency, process figures.
- Only the addresses of --metrics-allow (default 127.0.0.1 and ::1) read /metrics: another gets a 403
  in Vietnamese; behind a trusted proxy the client named by X-Forwarded-For is the one checked.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import harness
import opsutil

RECEIVER = "tiepnhan.thucphan"
APPLICANT = {"name": "Nông Văn Bình", "id_number": "004095001111", "phone": "0987654321"}
INTAKES = 3
HITS = 5


class Prometheus:
    """prometheus on 127.0.0.1 with its own data folder, scraping one target every second."""

    def __init__(self, target_port):
        exe = shutil.which("prometheus")
        assert exe, "prometheus is not installed (scripts/deps.sh --test installs the Debian package)"
        self.dir = tempfile.mkdtemp(prefix="motcua-prom-")
        self.port = harness.free_port()
        cfg = os.path.join(self.dir, "prometheus.yml")
        with open(cfg, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: motcua\n    scrape_interval: 1s\n    scrape_timeout: 1s\n"
                    "    static_configs:\n      - targets: ['127.0.0.1:%d']\n" % target_port)
        self.log = open(os.path.join(self.dir, "prometheus.log"), "w")
        self.proc = subprocess.Popen(
            [exe, "--config.file=" + cfg, "--storage.tsdb.path=" + os.path.join(self.dir, "data"),
             "--web.listen-address=127.0.0.1:%d" % self.port, "--log.level=warn"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.wait(lambda: self.get("/-/ready") is not None, 30, "prometheus did not become ready")

    def get(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path), timeout=5) as r:
                return r.read()
        except OSError:
            return None

    def query(self, q):
        """The instant vector of q as {labels frozenset: float}."""
        body = self.get("/api/v1/query?" + urllib.parse.urlencode({"query": q}))
        assert body is not None, "prometheus query failed: " + q
        d = json.loads(body)
        assert d["status"] == "success", d
        return {frozenset(r["metric"].items()): float(r["value"][1]) for r in d["data"]["result"]}

    def value(self, q):
        """The single value of q, or None when the vector is empty."""
        v = self.query(q)
        assert len(v) <= 1, (q, v)
        return next(iter(v.values())) if v else None

    def wait_value(self, q, want, timeout=20):
        last = [None]

        def ok():
            last[0] = self.value(q)
            return last[0] == want
        self.wait(ok, timeout, lambda: "%s: want %r, last %r" % (q, want, last[0]))

    def wait(self, cond, timeout, msg):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            if cond():
                return
            time.sleep(0.25)
        self.log.flush()
        raise AssertionError("%s\n%s" % (msg() if callable(msg) else msg,
                                         open(os.path.join(self.dir, "prometheus.log")).read()[-2000:]))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_prometheus_scrapes_the_expected_series():
    with harness.own_server(["--scan-interval", "1"]) as s:
        prom = Prometheus(s.port)
        try:
            prom.wait_value('up{job="motcua"}', 1.0)
            token = s.login(RECEIVER)
            codes = []
            for _ in range(INTAKES):
                r = s.post("/api/v1/dossiers", {"procedure": "1.001193", "channel": "direct", "outcome": "accept",
                                                "documents": [4, 6], "applicant": dict(APPLICANT)}, token=token)
                assert r.status == 201, r
                codes.append(r.json()["code"])
            # A route by its pattern, never the raw URL: once, seen; then HITS more, seen as HITS more.
            route = '{route="/api/v1/procedures/{code}",method="GET",code="200"}'
            assert s.get("/api/v1/procedures/1.001193").status == 200
            prom.wait_value("motcua_http_requests_total" + route, 1.0)
            for _ in range(HITS):
                assert s.get("/api/v1/procedures/1.001193").status == 200
            prom.wait_value("motcua_http_requests_total" + route, 1.0 + HITS)
            assert prom.value('count(motcua_http_requests_total{route=~".*1\\\\.001193.*"})') is None  # no raw URL
            prom.wait_value('motcua_http_request_duration_seconds_count{route="/api/v1/procedures/{code}"}',
                            1.0 + HITS)
            p99 = prom.value('histogram_quantile(0.99, motcua_http_request_duration_seconds_bucket'
                             '{route="/api/v1/procedures/{code}"})')
            assert p99 is not None and 0 < p99 <= 10, p99
            # Unknown paths share one label.
            for path in ("/api/v1/khong-co-1", "/api/v1/khong-co-2"):
                assert s.get(path).status == 404
            prom.wait_value('sum(motcua_http_requests_total{route="unmatched",code="404"})', 2.0)
            # Dossiers by state from the store (cached a few seconds): the intakes made.
            prom.wait_value('motcua_dossiers{state="received"}', float(INTAKES))
            # The deadline job (every second here), the journal's head, the store, the process.
            prom.wait(lambda: (prom.value("motcua_deadline_job_runs_total") or 0) >= 2, 20, "no deadline job runs")
            last = prom.value("motcua_deadline_job_last_run_timestamp_seconds")
            assert last and abs(last - time.time()) < 120, last
            age = prom.value('motcua_journal_head_age_seconds{tenant="04"}')
            assert age is not None and 0 <= age < 120, age
            assert prom.value("motcua_store_write_duration_seconds_count") >= INTAKES
            assert prom.value("motcua_store_query_duration_seconds_count") > 0
            assert prom.value("process_resident_memory_bytes") > 1 << 20
            assert prom.value("process_open_fds") > 3
            start = prom.value("process_start_time_seconds")
            assert start and abs(start - time.time()) < 600, start
            # The outbox: with no portal configured, each counter intake's two messages to the national portal
            # (created, then received) wait; the oldest has waited since the first intake.
            prom.wait_value('motcua_outbox_depth{channel="portal",state="pending"}', 2.0 * INTAKES)
            assert prom.value('motcua_outbox_depth{channel="portal",state="dead"}') == 0
            age = prom.value('motcua_outbox_oldest_age_seconds{channel="portal"}')
            assert age is not None and 0 <= age < 600, age
        finally:
            prom.stop()


def test_metrics_only_for_allowed_addresses():
    # The shared default: 127.0.0.1 reads, 127.0.0.2 does not.
    with harness.own_server([]) as s:
        r = s.get("/metrics")
        assert r.status == 200, r
        assert r.header("Content-Type").startswith("text/plain; version=0.0.4"), r.headers
        assert b"# TYPE motcua_http_requests_total counter" in r.body
        r = s.get("/metrics", source="127.0.0.2")
        harness.expect_error(r, 403)
        msg = r.json()["error"]["message"]
        assert "127.0.0.2" in msg and "--metrics-allow" in msg and harness.is_vietnamese(msg), msg
        # Refused on the head: a body is never read (nor a session looked at).
        r = s.request("POST", "/metrics", raw=b"x" * 10, source="127.0.0.2")
        assert r.status == 403, r
    # Behind a trusted proxy, the client it names is checked, not the proxy.
    with harness.own_server(["--trust-proxy", "127.0.0.1", "--metrics-allow", "10.1.2.0/24"]) as s:
        harness.expect_error(s.get("/metrics"), 403)
        harness.expect_error(s.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}), 403)
        assert s.get("/metrics", headers={"X-Forwarded-For": "10.1.2.3"}).status == 200
    # An empty list: nobody.
    with harness.own_server(["--metrics-allow", ""]) as s:
        harness.expect_error(s.get("/metrics"), 403)


def test_bad_metrics_allow_is_refused():
    p = harness.run_cli("serve", "--metrics-allow", "10.0.0.0/99", "--listen", "127.0.0.1:%d" % harness.free_port(),
                        db="/nonexistent/x.db", check=False)
    assert p.returncode == 2 and "--metrics-allow" in p.stderr, (p.returncode, p.stderr)


if __name__ == "__main__":
    raise SystemExit(opsutil.run_plain(globals()))
