"""Working-time calendar: deadlines (days, hours, cut-off, Tết, make-up
Saturdays), holidays decided and proposed, administration (exceptions,
confirmation, CSV import, seasonal schedules) and the calendar CLI."""
import csv
import datetime as dt
import io
import os
import unicodedata
from urllib.parse import urlencode

import harness
from harness import expect_error, is_vietnamese, run_cli

TZ = "+07:00"


def nfc(s):
    return unicodedata.normalize("NFC", s)


with open(os.path.join(harness.DATA, "holidays.csv"), encoding="utf-8", newline="") as f:
    HOLIDAYS = list(csv.DictReader(f))


def deadline(s, frm, amount, unit="day", cutoff=None, expect=200):
    params = {"from": frm, "amount": amount, "unit": unit}
    if cutoff is not None:
        params["cutoff"] = cutoff
    r = s.get("/api/v1/calendar/deadline?" + urlencode(params))
    assert r.status == expect, (params, r)
    return r.json()


def due(s, frm, amount, unit="day", cutoff=None):
    return deadline(s, frm, amount, unit, cutoff)["due"]


def holidays(s, year):
    r = s.get("/api/v1/calendar/holidays?year=%d" % year)
    assert r.status == 200, r
    return r.json()


def put_csv(s, text, token, ctype="text/csv"):
    return s.request("POST", "/api/v1/calendar/import", raw=text.encode("utf-8"), ctype=ctype, token=token)


# ---- deadlines ----------------------------------------------------------------

def test_deadline_plain_days(s):
    d = deadline(s, "2026-03-02T09:00:00+07:00", 3)
    assert d["due"] == "2026-03-05T09:00:00+07:00", d
    assert d["due_at"] == {"iso": "2026-03-05T09:00:00+07:00", "text": "09:00 05/03/2026"}, d
    assert d["clock_starts"]["iso"] == "2026-03-02T09:00:00+07:00"
    assert (d["amount"], d["unit"], d["cutoff"]) == (3, "day", None), d
    assert d["working_seconds"] == 3 * 7.5 * 3600 and d["exceptions"] == [], d
    # Over a weekend: Friday 09:00 + 1 day = Monday 09:00.
    assert due(s, "2026-03-06T09:00:00+07:00", 1) == "2026-03-09T09:00:00+07:00"
    # The same instant in UTC gives the same answer, printed in UTC+7.
    assert due(s, "2026-03-02T02:00:00Z", 3) == "2026-03-05T09:00:00+07:00"
    # The unit defaults to days; a start at the opening is due at the close of the N-th day.
    assert due(s, "2026-03-02T07:30:00+07:00", 1) == "2026-03-02T17:00:00+07:00"
    # 0 days: within the working day.
    assert due(s, "2026-03-02T10:00:00+07:00", 0) == "2026-03-02T17:00:00+07:00"


def test_deadline_across_tet_2026(s):
    d = deadline(s, "2026-02-13T09:00:00+07:00", 1)
    assert d["due"] == "2026-02-23T09:00:00+07:00", d
    off = [x["date"] for x in d["exceptions"] if x["kind"] == "off"]
    for day in ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]:
        assert day in off, (day, off)
    tet = [x for x in d["exceptions"] if x["date"] == "2026-02-16"][0]
    assert "Tết Nguyên đán" in tet["name"] and tet["weekday"] == "Thứ Hai" and tet["status"] == "decided", tet
    assert d["working_seconds"] == 27000, d
    # Same-day procedure received after the 15:00 cut-off on the last day before
    # Tết: the clock starts 23/02, and the days skipped since receipt are listed.
    d = deadline(s, "2026-02-13T15:30:00+07:00", 0, cutoff="15:00")
    assert d["due"] == "2026-02-23T17:00:00+07:00", d
    assert d["clock_starts"]["iso"] == "2026-02-23T07:30:00+07:00", d
    assert "2026-02-16" in [x["date"] for x in d["exceptions"]], d
    # Hours over Tết: Friday 16:00 + 2 h = Monday 23/02 08:30.
    assert due(s, "2026-02-13T16:00:00+07:00", 2, "hour") == "2026-02-23T08:30:00+07:00"
    # Tết 2025 (Ất Tỵ), decided: Friday 24/01 + 1 day = Monday 03/02.
    assert due(s, "2025-01-24T09:00:00+07:00", 1) == "2025-02-03T09:00:00+07:00"
    # A start inside Tết waits for the first working day.
    d = deadline(s, "2026-02-18T10:00:00+07:00", 1, "hour")
    assert d["clock_starts"]["iso"] == "2026-02-23T07:30:00+07:00" and d["due"] == "2026-02-23T08:30:00+07:00", d


def test_make_up_saturday_is_a_working_day(s):
    rows = {r["date"]: r["kind"] for r in HOLIDAYS}
    assert rows["2026-01-02"] == "off" and rows["2026-01-10"] == "workday", "demo data changed"
    d = deadline(s, "2026-01-09T09:00:00+07:00", 1)
    assert d["due"] == "2026-01-10T09:00:00+07:00", d
    assert [(x["date"], x["kind"]) for x in d["exceptions"]] == [("2026-01-10", "workday")], d
    # The Saturday after is an ordinary Saturday again.
    assert due(s, "2026-01-16T09:00:00+07:00", 1) == "2026-01-19T09:00:00+07:00"
    # The swapped Friday 02/01 is off: Wednesday 31/12/2025 + 1 day = Monday 05/01.
    assert due(s, "2025-12-31T09:00:00+07:00", 1) == "2026-01-05T09:00:00+07:00"


def test_cutoff(s):
    d = deadline(s, "2026-03-02T16:00:00+07:00", 1, cutoff="15:00")
    assert d["due"] == "2026-03-03T17:00:00+07:00", d
    assert d["clock_starts"]["iso"] == "2026-03-03T07:30:00+07:00", d
    assert d["cutoff"] == "15:00"
    assert due(s, "2026-03-02T16:00:00+07:00", 1) == "2026-03-03T16:00:00+07:00"
    # Before the cut-off nothing moves.
    assert due(s, "2026-03-02T14:00:00+07:00", 1, cutoff="15:00") == "2026-03-03T14:00:00+07:00"
    # Same-day procedure received late: due at the close of the next working day.
    assert due(s, "2026-03-06T15:30:00+07:00", 0, cutoff="15:00") == "2026-03-09T17:00:00+07:00"
    assert due(s, "2026-03-06T14:59:00+07:00", 0, cutoff="15:00") == "2026-03-06T17:00:00+07:00"


def test_hours(s):
    d = deadline(s, "2026-03-02T16:30:00+07:00", 2, "hour")
    assert d["due"] == "2026-03-03T09:00:00+07:00", d  # 0.5 h today, 1.5 h tomorrow
    assert d["working_seconds"] == 7200
    # Lunch break does not count: 11:00 + 1 h = 14:00.
    assert due(s, "2026-03-02T11:00:00+07:00", 1, "hour") == "2026-03-02T14:00:00+07:00"
    # A start in the lunch break begins at 13:30.
    assert due(s, "2026-03-02T12:00:00+07:00", 1, "hour") == "2026-03-02T14:30:00+07:00"
    # 7 h from the opening: 4 h in the morning, 3 h after lunch.
    assert due(s, "2026-03-02T07:30:00+07:00", 7, "hour") == "2026-03-02T16:30:00+07:00"
    # 8 h: the whole day (7.5 h) and half an hour of the next.
    assert due(s, "2026-03-02T07:30:00+07:00", 8, "hour") == "2026-03-03T08:00:00+07:00"
    r = s.get("/api/v1/calendar/elapsed?" + urlencode({"from": "2026-03-02T16:30:00+07:00",
                                                      "to": "2026-03-03T09:00:00+07:00"}))
    assert r.status == 200 and r.json()["working_seconds"] == 7200, r


def test_start_on_sunday_begins_monday_morning(s):
    d = deadline(s, "2026-03-01T10:00:00+07:00", 1, "hour")
    assert d["clock_starts"]["iso"] == "2026-03-02T07:30:00+07:00", d
    assert d["due"] == "2026-03-02T08:30:00+07:00", d
    d = deadline(s, "2026-03-01T10:00:00+07:00", 1)
    assert d["clock_starts"]["iso"] == "2026-03-02T07:30:00+07:00", d
    assert d["due"] == "2026-03-02T17:00:00+07:00", d
    # Friday evening too.
    assert deadline(s, "2026-03-06T18:00:00+07:00", 1, "hour")["clock_starts"]["iso"] == "2026-03-09T07:30:00+07:00"


def test_deadline_bad_inputs(s):
    ok = {"from": "2026-03-02T09:00:00+07:00", "amount": "1", "unit": "day"}
    cases = [({"from": None}, "from"), ({"from": ""}, "from"), ({"from": "2026-03-02"}, "from"),
             ({"from": "02/03/2026 09:00"}, "from"), ({"from": "2026-02-30T09:00:00+07:00"}, "from"),
             ({"from": "2026-13-01T09:00:00+07:00"}, "from"), ({"from": "2026-03-02T25:00:00+07:00"}, "from"),
             ({"amount": None}, "amount"), ({"amount": "-1"}, "amount"), ({"amount": "abc"}, "amount"),
             ({"amount": "1.5"}, "amount"), ({"amount": "3651"}, "amount"),
             ({"unit": "week"}, "unit"), ({"unit": "DAY"}, "unit"),
             ({"cutoff": "25:00"}, "cutoff"), ({"cutoff": "15:60"}, "cutoff"), ({"cutoff": "1500"}, "cutoff"),
             ({"cutoff": "15:00:00"}, "cutoff"), ({"cutoff": "ab:cd"}, "cutoff")]
    for change, field in cases:
        params = dict(ok)
        params.update(change)
        params = {k: v for k, v in params.items() if v is not None}
        r = s.get("/api/v1/calendar/deadline?" + urlencode(params))
        e = expect_error(r, 400, field=field)
        assert is_vietnamese(e["message"]), (change, e)
    expect_error(s.get("/api/v1/calendar/holidays?year=1800"), 400, field="year")
    expect_error(s.get("/api/v1/calendar/holidays?year=abc"), 400, field="year")
    expect_error(s.get("/api/v1/calendar/elapsed?from=2026-03-02T09:00:00%2B07:00"), 400, field="to")


def test_deadline_far_dates_do_not_wrap(s):
    """A start the calendar cannot handle is refused; it never yields a due
    instant before the start (e.g. year 10000 printed as 0000)."""
    for frm, amount in [("9999-12-31T09:00:00+07:00", 1), ("9999-12-20T09:00:00+07:00", 30)]:
        r = s.get("/api/v1/calendar/deadline?" + urlencode({"from": frm, "amount": amount}))
        if r.status == 400:
            expect_error(r, 400)
            continue
        assert r.status == 200, r
        assert r.json()["due"] > frm, (frm, r.json()["due"])
    # Inside the supported range (1900-2179, so that 3650 days still fall in
    # the lunar calendar's years) all is well; just past it is refused.
    assert due(s, "2179-12-28T09:00:00+07:00", 1) > "2179-12-28T09:00:00+07:00"
    r = s.get("/api/v1/calendar/deadline?" + urlencode({"from": "2180-01-02T09:00:00+07:00", "amount": 1}))
    expect_error(r, 400, "from")


# ---- holidays -----------------------------------------------------------------

def test_holidays_2026_are_decided_and_match_the_data(s):
    d = holidays(s, 2026)
    assert d["year"] == 2026 and d["status"] == "decided", d
    got = [(x["date"], x["kind"], x["name"]) for x in d["days"]]
    want = [(r["date"], r["kind"], nfc(r["name"])) for r in HOLIDAYS if r["date"].startswith("2026-")]
    assert got == want, (got, want)
    tet = [x for x in d["days"] if x["date"] == "2026-02-16"]
    assert tet and tet[0]["kind"] == "off" and "Tết Nguyên đán" in tet[0]["name"], tet
    assert tet[0]["weekday"] == "Thứ Hai" and tet[0]["source"], tet
    assert all(x["status"] == "decided" for x in d["days"])
    assert [x for x in d["days"] if x["date"] == "2026-01-10"][0]["kind"] == "workday"


def test_holidays_2027_are_proposed_from_the_labour_code(s):
    d = holidays(s, 2027)
    assert d["year"] == 2027 and d["status"] == "proposed", d
    assert is_vietnamese(d["note"]), d
    assert d["days"] and all(x["status"] == "proposed" for x in d["days"]), d["days"]
    by_date = {x["date"]: x for x in d["days"]}
    # Tết Đinh Mùi: 06/02/2027 is the first day of the lunar year.
    for day in ["2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"]:
        assert day in by_date and by_date[day]["kind"] == "off", (day, sorted(by_date))
        assert "Tết" in by_date[day]["name"], by_date[day]
    tet_days = [x for x in d["days"] if "Tết Nguyên đán" in x["name"] and "bù" not in x["name"]]
    assert len(tet_days) == 5, tet_days
    assert "2027-01-01" in by_date and "2027-04-30" in by_date and "2027-05-01" in by_date
    assert "2027-09-02" in by_date
    assert by_date["2027-02-06"]["weekday"] == "Thứ Bảy"
    # Proposals count in the arithmetic: a start in Tết waits for the first day
    # that is neither a weekend nor proposed off.
    off = {x["date"] for x in d["days"] if x["kind"] == "off"}
    day = dt.date(2027, 2, 8)
    while day.isoformat() in off or day.weekday() >= 5:
        day += dt.timedelta(days=1)
    got = deadline(s, "2027-02-08T09:00:00+07:00", 1, "hour")
    assert got["clock_starts"]["iso"] == day.isoformat() + "T07:30:00+07:00", (day, got)
    assert got["due"] == day.isoformat() + "T08:30:00+07:00", got
    # The year parameter defaults to the current year.
    r = s.get("/api/v1/calendar/holidays")
    assert r.status == 200 and r.json()["year"] == dt.date.today().year, r


def test_confirm_year_2027(s):
    admin = s.login("admin")
    proposed = holidays(s, 2027)["days"]
    expect_error(s.post("/api/v1/calendar/years/2027/confirm", token=s.login("giamsat")), 403)
    expect_error(s.post("/api/v1/calendar/years/2027/confirm"), 401)
    assert holidays(s, 2027)["status"] == "proposed"
    r = s.post("/api/v1/calendar/years/2027/confirm", token=admin)
    assert r.status == 200, r
    assert r.json()["confirmed"] == len(proposed), r
    d = holidays(s, 2027)
    assert d["status"] == "decided", d
    assert [(x["date"], x["kind"]) for x in d["days"]] == [(x["date"], x["kind"]) for x in proposed]
    assert all(x["status"] == "decided" for x in d["days"]), d
    # Twice, or a year already decided: conflict.
    expect_error(s.post("/api/v1/calendar/years/2027/confirm", token=admin), 409)
    expect_error(s.post("/api/v1/calendar/years/2026/confirm", token=admin), 409)
    expect_error(s.post("/api/v1/calendar/years/abcd/confirm", token=admin), 400, field="year")
    assert holidays(s, 2026)["days"] == holidays(s, 2026)["days"]


test_confirm_year_2027.fresh = True


# ---- administration ------------------------------------------------------------

def test_exception_put_and_delete_refresh_deadlines(s):
    admin = s.login("admin")
    frm = "2026-03-02T09:00:00+07:00"
    assert due(s, frm, 3) == "2026-03-05T09:00:00+07:00"
    r = s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04",
                  body={"kind": "off", "name": "Nghỉ đột xuất do lũ"}, token=admin)
    assert r.status == 200, r
    assert r.json()["date"] == "2026-03-04" and r.json()["kind"] == "off", r
    d = deadline(s, frm, 3)
    assert d["due"] == "2026-03-06T09:00:00+07:00", d
    assert [(x["date"], x["name"]) for x in d["exceptions"]] == [("2026-03-04", "Nghỉ đột xuất do lũ")], d
    assert any(x["date"] == "2026-03-04" for x in holidays(s, 2026)["days"])
    # The CLI reads the same store.
    out = run_cli("calendar", "deadline", "2026-03-02T09:00", "3", "day", db=s.db).stdout
    assert out.startswith("2026-03-06T09:00:00+07:00"), out
    # Replace it with a make-up Saturday elsewhere.
    r = s.request("PUT", "/api/v1/calendar/exceptions/2026-03-07", body={"kind": "workday", "name": "Làm bù"},
                  token=admin)
    assert r.status == 200, r
    assert due(s, "2026-03-06T09:00:00+07:00", 1) == "2026-03-07T09:00:00+07:00"
    r = s.request("DELETE", "/api/v1/calendar/exceptions/2026-03-04", token=admin)
    assert r.status == 200 and r.json() == {"date": "2026-03-04", "deleted": True}, r
    assert due(s, frm, 3) == "2026-03-05T09:00:00+07:00"
    assert s.request("DELETE", "/api/v1/calendar/exceptions/2026-03-07", token=admin).status == 200
    assert due(s, "2026-03-06T09:00:00+07:00", 1) == "2026-03-09T09:00:00+07:00"
    # Deleting again: nothing there.
    expect_error(s.request("DELETE", "/api/v1/calendar/exceptions/2026-03-04", token=admin), 404)
    # Bad input.
    expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-02-30", body={"kind": "off", "name": "x"},
                           token=admin), 400, field="date")
    expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body={"kind": "nghi", "name": "x"},
                           token=admin), 400, field="kind")
    expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body={"kind": "off"},
                           token=admin), 400, field="name")
    assert due(s, frm, 3) == "2026-03-05T09:00:00+07:00"


test_exception_put_and_delete_refresh_deadlines.fresh = True


def test_calendar_admin_needs_admin(s):
    body = {"kind": "off", "name": "Không được phép"}
    for user in ["tiepnhan.tinh", "lanhdao.tuphap", "giamsat", "0912345678"]:
        t = s.login(user)
        e = expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body=body, token=t), 403)
        assert is_vietnamese(e["message"]), e
        expect_error(s.request("DELETE", "/api/v1/calendar/exceptions/2026-02-16", token=t), 403)
        expect_error(put_csv(s, "2026-03-11,off,Không được\n", t), 403)
        expect_error(s.post("/api/v1/calendar/schedules", {"name": "Hè", "valid_from": "04-15",
                                                           "valid_to": "10-14", "hours": "1-5=07:00-11:00"},
                            token=t), 403)
    expect_error(s.request("PUT", "/api/v1/calendar/exceptions/2026-03-04", body=body), 401)
    assert due(s, "2026-03-02T09:00:00+07:00", 3) == "2026-03-05T09:00:00+07:00"
    assert any(x["date"] == "2026-02-16" for x in holidays(s, 2026)["days"])
    assert len(s.get("/api/v1/calendar/schedules").json()["items"]) == 1


def test_csv_import_all_or_nothing(s):
    admin = s.login("admin")
    before = holidays(s, 2026)["days"]
    text = ("date,kind,name,source\n"
            "2026-03-10,off,Ngày nghỉ hợp lệ,\n"
            "2026-03-1x,off,Sai ngày,\n")
    r = put_csv(s, text, admin)
    e = expect_error(r, 400)
    assert is_vietnamese(e["message"]) and "3" in e["message"], e  # the header is line 1
    assert holidays(s, 2026)["days"] == before
    assert due(s, "2026-03-09T09:00:00+07:00", 1) == "2026-03-10T09:00:00+07:00"
    # Several kinds of bad lines, each refused with nothing written.
    for bad in ["2026-03-12,holiday,Sai loại\n", "2026-03-12,off\n", "2026-03-12,off,,\n",
                "2026-03-12,off,Tên,nguồn,thừa\n", "2026-02-30,off,Ngày không có thật\n"]:
        expect_error(put_csv(s, "date,kind,name,source\n2026-03-10,off,Hợp lệ,\n" + bad, admin), 400)
    assert holidays(s, 2026)["days"] == before
    # Wrong content type.
    expect_error(put_csv(s, "2026-03-10,off,Hợp lệ,\n", admin, ctype="application/json"), 415)
    # A good file is imported and used at once; quoted fields keep their commas.
    good = 'date,kind,name,source\n2026-03-10,off,"Nghỉ, theo quyết định ""số 1""",QĐ 1\r\n2026-03-14,workday,Làm bù,\n'
    r = put_csv(s, good, admin)
    assert r.status == 200 and r.json() == {"imported": 2}, r
    days = {x["date"]: x for x in holidays(s, 2026)["days"]}
    assert days["2026-03-10"]["name"] == 'Nghỉ, theo quyết định "số 1"' and days["2026-03-10"]["source"] == "QĐ 1"
    assert days["2026-03-14"]["kind"] == "workday"
    assert due(s, "2026-03-09T09:00:00+07:00", 1) == "2026-03-11T09:00:00+07:00"
    assert due(s, "2026-03-13T09:00:00+07:00", 1) == "2026-03-14T09:00:00+07:00"
    # The English message is English (checked last).
    assert not is_vietnamese(e["message_en"]), e


test_csv_import_all_or_nothing.fresh = True


def test_csv_import_rejects_a_date_twice_in_one_file(s):
    """docs/catalog-format.md: the date is unique in the file."""
    admin = s.login("admin")
    text = "date,kind,name,source\n2026-03-10,off,Lần một,\n2026-03-10,workday,Lần hai,\n"
    r = put_csv(s, text, admin)
    written = [x for x in holidays(s, 2026)["days"] if x["date"] == "2026-03-10"]
    assert r.status == 400 and not written, (r, written)
    expect_error(r, 400)


test_csv_import_rejects_a_date_twice_in_one_file.fresh = True


def test_cli_calendar_export_round_trip(s):
    out = run_cli("calendar", "export", "-", db=s.db).stdout
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0].keys()) == ["date", "kind", "name", "source"], rows[0]
    assert len(rows) == len(HOLIDAYS), (len(rows), len(HOLIDAYS))
    for got, want in zip(rows, HOLIDAYS):
        assert (got["date"], got["kind"], got["name"], got["source"]) == \
            (want["date"], want["kind"], nfc(want["name"]), nfc(want["source"])), (got, want)
    # Import the export into an empty database: the same export comes out.
    other = os.path.join(s.dir, "other.db")
    run_cli("init", db=other)
    path = os.path.join(s.dir, "export.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out)
    run_cli("calendar", "import", path, db=other)
    assert run_cli("calendar", "export", "-", db=other).stdout == out
    out2 = os.path.join(s.dir, "export2.csv")
    run_cli("calendar", "export", out2, db=other)
    with open(out2, encoding="utf-8") as f:  # run_cli's text mode turned CRLF into LF
        assert f.read() == out
    # And through the API: re-importing the export changes nothing.
    before = holidays(s, 2026)
    r = put_csv(s, out, s.login("admin"))
    assert r.status == 200 and r.json()["imported"] == len(HOLIDAYS), r
    assert holidays(s, 2026) == before
    # A bad file through the CLI: non-zero exit, nothing written.
    with open(path, "w", encoding="utf-8") as f:
        f.write("date,kind,name,source\n2026-03-10,off,Tốt,\n2026-03-11,nghi,Xấu,\n")
    p = run_cli("calendar", "import", path, db=s.db, check=False)
    assert p.returncode != 0, p
    assert run_cli("calendar", "export", "-", db=s.db).stdout == out


def test_seasonal_schedule(s):
    admin = s.login("admin")
    summer = "2026-06-01T07:00:00+07:00"
    assert deadline(s, summer, 1, "hour")["clock_starts"]["iso"] == "2026-06-01T07:30:00+07:00"
    assert due(s, summer, 1, "hour") == "2026-06-01T08:30:00+07:00"
    body = {"name": "Giờ làm việc mùa hè", "valid_from": "04-15", "valid_to": "10-14",
            "hours": "1-5=07:00-11:30,13:30-17:00"}
    r = s.post("/api/v1/calendar/schedules", body, token=admin)
    assert r.status == 201, r
    sch = r.json()
    assert (sch["name"], sch["valid_from"], sch["valid_to"], sch["hours"], sch["default"]) == \
        ("Giờ làm việc mùa hè", "04-15", "10-14", "1-5=07:00-11:30,13:30-17:00", False), sch
    items = s.get("/api/v1/calendar/schedules").json()["items"]
    assert [x["default"] for x in items] == [True, False], items
    # 07:00 is now inside office hours in summer.
    d = deadline(s, summer, 1, "hour")
    assert d["clock_starts"]["iso"] == summer and d["due"] == "2026-06-01T08:00:00+07:00", d
    # The validity range is inclusive at both ends; winter is unchanged.
    assert due(s, "2026-04-15T07:00:00+07:00", 1, "hour") == "2026-04-15T08:00:00+07:00"
    assert due(s, "2026-10-14T07:00:00+07:00", 1, "hour") == "2026-10-14T08:00:00+07:00"
    assert due(s, "2026-04-14T07:00:00+07:00", 1, "hour") == "2026-04-14T08:30:00+07:00"
    assert due(s, "2026-10-15T07:00:00+07:00", 1, "hour") == "2026-10-15T08:30:00+07:00"
    assert due(s, "2026-11-02T07:00:00+07:00", 1, "hour") == "2026-11-02T08:30:00+07:00"
    # Update it, then delete it.
    body["hours"] = "1-5=06:30-11:30,13:30-17:00"
    r = s.request("PUT", "/api/v1/calendar/schedules/%d" % sch["id"], body=body, token=admin)
    assert r.status == 200 and r.json()["hours"] == "1-5=06:30-11:30,13:30-17:00", r
    assert due(s, "2026-06-01T06:00:00+07:00", 1, "hour") == "2026-06-01T07:30:00+07:00"
    r = s.request("DELETE", "/api/v1/calendar/schedules/%d" % sch["id"], token=admin)
    assert r.status == 200, r
    assert due(s, summer, 1, "hour") == "2026-06-01T08:30:00+07:00"
    # The default schedule cannot be deleted.
    default_id = items[0]["id"]
    expect_error(s.request("DELETE", "/api/v1/calendar/schedules/%d" % default_id, token=admin), 404)
    # Bad specs name the field.
    for bad in ["1-5=07:00-25:00", "abc", "1-5=11:00-07:00", "8=07:00-11:00", "1-5=07:00-11:30,11:00-17:00",
                "1-5=07:00"]:
        b = dict(body, hours=bad)
        e = expect_error(s.post("/api/v1/calendar/schedules", b, token=admin), 400, field="hours")
        assert is_vietnamese(e["message"]), e
    expect_error(s.post("/api/v1/calendar/schedules", dict(body, valid_from="13-01"), token=admin), 400)
    expect_error(s.post("/api/v1/calendar/schedules", {"name": "Thiếu", "valid_from": "04-15",
                                                       "hours": "1-5=07:00-11:00"}, token=admin), 400)
    assert len(s.get("/api/v1/calendar/schedules").json()["items"]) == 1


test_seasonal_schedule.fresh = True


def test_cli_calendar_deadline(s):
    p = run_cli("calendar", "deadline", "2026-03-02T09:00", "3", "day", db=s.db)
    assert p.stdout.split("\t")[0] == "2026-03-05T09:00:00+07:00", p.stdout
    assert p.stdout.strip().split("\t")[1] == "09:00 05/03/2026", p.stdout
    p = run_cli("calendar", "deadline", "2026-03-02T16:00", "1", "day", "--cutoff", "15:00", db=s.db)
    assert p.stdout.startswith("2026-03-03T17:00:00+07:00"), p.stdout
    p = run_cli("calendar", "deadline", "2026-02-13T09:00:00+07:00", "1", "day", db=s.db)
    assert p.stdout.startswith("2026-02-23T09:00:00+07:00"), p.stdout
    p = run_cli("calendar", "deadline", "2026-03-02T16:30", "2", "hour", db=s.db)
    assert p.stdout.startswith("2026-03-03T09:00:00+07:00"), p.stdout
    for bad in [("2026-03-02", "3", "day"), ("2026-03-02T09:00", "x", "day"), ("2026-03-02T09:00", "3", "week")]:
        p = run_cli("calendar", "deadline", *bad, db=s.db, check=False)
        assert p.returncode != 0 and p.stderr, (bad, p)
    p = run_cli("calendar", "holidays", "2027", db=s.db)
    lines = [ln.split("\t") for ln in p.stdout.splitlines()]
    assert ["2027-02-06", "off", "proposed"] == lines[[l[0] for l in lines].index("2027-02-06")][:3], lines


if __name__ == "__main__":
    harness.main(globals())
