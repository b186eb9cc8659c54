"""A real SMTP server for the notification tests (Debian's python3-aiosmtpd: run it with /usr/bin/python3).

usage: /usr/bin/python3 smtp_sink.py PORT FOLDER

Each message received is written to FOLDER/NNNN.eml (whole, as sent) before the server answers DATA.
Control files in FOLDER, read at each message:
  stall      - its text: a substring; the first message holding it is written, then the answer waits
               60 s (a worker killed meanwhile never hears "250")
  reject4xx  - every RCPT is answered 451 (try later)
  reject5xx  - every RCPT is answered 550 (refused for good)
The server prints "ready" on stdout once it listens.
"""
import asyncio
import os
import sys
import time

from aiosmtpd.controller import Controller

PORT, FOLDER = int(sys.argv[1]), sys.argv[2]
state = {"n": 0, "stalled": False}


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if os.path.exists(os.path.join(FOLDER, "reject5xx")):
            return "550 5.1.1 mailbox unavailable"
        if os.path.exists(os.path.join(FOLDER, "reject4xx")):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        state["n"] += 1
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = os.path.join(FOLDER, "%04d-%d.eml" % (state["n"], int(time.time() * 1000) % 100000))
        with open(name + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + data)
        os.replace(name + ".tmp", name)
        stall = os.path.join(FOLDER, "stall")
        if os.path.exists(stall) and not state["stalled"]:
            marker = open(stall, "rb").read().strip()
            if marker and marker in data:
                state["stalled"] = True
                open(os.path.join(FOLDER, "stalling"), "w").close()
                await asyncio.sleep(60)
        return "250 OK message accepted"


c = Controller(Sink(), hostname="127.0.0.1", port=PORT)
c.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    c.stop()
