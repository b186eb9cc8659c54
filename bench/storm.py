"""A registration storm: N clients, each from its own loopback address
(127.0.x.y), registering citizen accounts back to back for D seconds.
Prints how the server answered. Usage: storm.py PORT CLIENTS SECONDS [SAME [SEED [FLOOD]]]
(SAME=1: every client from 127.0.0.2, as one attacking machine), SEED makes the
accounts of one run differ from another's."""
import http.client
import json
import sys
import threading
import time

port, clients, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
same = len(sys.argv) > 4 and sys.argv[4] == "1"
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
# FLOOD=1: the reference, a flood of the cheapest request (GET /api/v1/health) in place of registrations.
flood = len(sys.argv) > 6 and sys.argv[6] == "1"
counts = {}
lock = threading.Lock()
stop = time.time() + secs


def client(i):
    src = "127.0.0.2" if same else "127.0.%d.%d" % (10 + i // 200, 10 + i % 200)
    n = 0
    while time.time() < stop:
        n += 1
        k = seed * 1000000 + i * 5000 + n
        body = json.dumps({"name": "Người Thử", "id_number": "0041%08d" % k, "phone": "08%08d" % k,
                           "password": "Mat-khau-%d" % k})
        try:
            left = stop - time.time()
            if left <= 0:
                break
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=left + 1, source_address=(src, 0))
            if flood:
                c.request("GET", "/api/v1/health")
            else:
                c.request("POST", "/api/v1/auth/register", body=body, headers={"Content-Type": "application/json"})
            st = c.getresponse().status
            c.close()
        except OSError:
            st = "no answer before the storm ended"
        with lock:
            counts[st] = counts.get(st, 0) + 1


threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("storm answers: " + ", ".join("%s: %d" % (k, v) for k, v in sorted(counts.items(), key=str)))
# Let the server finish the queued work before the next measurement: one more registration, at the
# back of the slow-work queue, answered when everything before it is done.
c = http.client.HTTPConnection("127.0.0.1", port, timeout=600, source_address=("127.0.9.%d" % (1 + seed), 0))
c.request("POST", "/api/v1/auth/register", body=json.dumps({"name": "Cuối Hàng", "id_number": "0042999999%02d" % seed,
          "phone": "07999999%02d" % seed, "password": "Mat-khau-cuoi"}), headers={"Content-Type": "application/json"})
c.getresponse().read()
