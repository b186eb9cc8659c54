"""motcua doctor (issue 18, operations): one line per check, OK | CẢNH BÁO | LỖI, exit 0 or 1.

- A good setup: every check OK, exit 0 (settings file, database and its folder, disk space, store and
  schema, journal heads, the clock against the newest entry, files folder, PDF fonts, time zone data).
- Failures: fonts missing (MOTCUA_FONTS pointing elsewhere), a database path that does not exist, a
  malformed settings file, a clock behind the journal's newest entry, a disk under --min-free (a warning).
"""
import os
import re
import shutil
import sqlite3
import tempfile

import harness
import opsutil

LINE = re.compile(r"^(OK       |CẢNH BÁO |LỖI      )\S.*$")

_dir = None
_db = None


def setup():
    global _dir, _db
    if _dir is None:
        _dir = tempfile.mkdtemp(prefix="motcua-doctor-")
        _db = harness.new_db(_dir)
        harness.run_cli("init", "--demo", "--data", harness.DATA, db=_db)
        os.makedirs(os.path.join(_dir, "files"))
    return _dir, _db


def doctor(*args, env=None):
    d, db = setup()
    e = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    e.update(env or {})
    p = harness.run_cli("doctor", "--files", os.path.join(d, "files"), *args, env=e, check=False,
                        **({} if "--db" in args else {"db": db}))
    lines = p.stdout.strip().split("\n")
    for ln in lines[:-1]:
        assert LINE.match(ln), "not a check line: %r\n%s" % (ln, p.stdout)
    assert re.match(r"^\d+ lỗi, \d+ cảnh báo\.$", lines[-1]), p.stdout
    return p, lines[:-1]


def with_tag(lines, tag):
    return [ln for ln in lines if ln.startswith(tag)]


def test_a_good_setup_is_all_ok():
    p, lines = doctor()
    assert p.returncode == 0, p.stdout + p.stderr
    assert with_tag(lines, "LỖI") == [] and with_tag(lines, "CẢNH BÁO") == [], p.stdout
    text = p.stdout
    for part in ("lược đồ mới nhất", "nhật ký đọc được", "phông chữ của biểu mẫu PDF có đủ", "Asia/Ho_Chi_Minh",
                 "thư mục tệp đính kèm", "đồng hồ hệ thống", "còn trống"):
        assert part in text, (part, text)
    assert len(lines) >= 8, text


def test_missing_fonts_are_an_error():
    d, _ = setup()
    p, lines = doctor(env={"MOTCUA_FONTS": os.path.join(d, "no-fonts")})
    assert p.returncode == 1, p.stdout
    bad = with_tag(lines, "LỖI")
    assert len(bad) == 1 and "LiberationSerif-Regular.ttf" in bad[0] and "no-fonts" in bad[0], p.stdout


def test_a_database_path_that_does_not_exist_is_an_error():
    d, _ = setup()
    missing = os.path.join(d, "nowhere", "motcua.db")
    p, lines = doctor("--db", missing)
    assert p.returncode == 1, p.stdout
    assert any(missing in ln and "không có" in ln for ln in with_tag(lines, "LỖI")), p.stdout
    assert "motcua init" in p.stdout


def test_a_malformed_settings_file_is_an_error():
    d, _ = setup()
    conf = os.path.join(d, "bad.conf")
    with open(conf, "w") as f:
        f.write("listen = 127.0.0.1:8080\nkhong-co = 1\n")
    p, lines = doctor("--config", conf)
    assert p.returncode == 1, p.stdout
    assert any(conf in ln and "dòng 2" in ln and "khong-co" in ln for ln in with_tag(lines, "LỖI")), p.stdout


def test_a_clock_behind_the_journal_is_an_error():
    if harness.on_postgresql():
        return  # the same check on PostgreSQL; the newest entry is moved here with sqlite3 only
    d, db = setup()
    late = os.path.join(d, "future.db")
    shutil.copy(db, late)
    c = sqlite3.connect(late)
    c.execute("DROP TRIGGER journal_no_update")
    c.execute("UPDATE journal SET at = at + 10 * 365 * 86400 WHERE id = (SELECT MAX(id) FROM journal)")
    c.commit()
    c.close()
    p, lines = doctor("--db", late)
    assert p.returncode == 1, p.stdout
    assert any("đồng hồ hệ thống chậm" in ln for ln in with_tag(lines, "LỖI")), p.stdout


def test_little_free_space_is_a_warning():
    p, lines = doctor("--min-free", str(1 << 40))  # more than any disk here
    assert p.returncode == 0, p.stdout  # a warning, not an error
    assert any("còn trống" in ln for ln in with_tag(lines, "CẢNH BÁO")), p.stdout


def cleanup():
    if _dir:
        shutil.rmtree(_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(opsutil.run_plain(globals(), cleanup))
