"""`motcua init`, black-box, from outside the repository: the demo data is found beside the
binary wherever it is run from; a missing or broken data folder says where it looked and how to
name it (--data), and creates nothing (no database file, no folder; on PostgreSQL no row).
Runs on the store under test (MOTCUA_TEST_STORE)."""
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

import harness

BIN = os.path.abspath(harness.BIN)
DATA = os.path.abspath(harness.DATA)
PG = harness.on_postgresql()


def motcua(*args, cwd="/", env=None, binary=BIN):
    """Runs the binary from another working folder, without MOTCUA_DATA (unless env gives it)."""
    e = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_DATA", "MOTCUA_DB")}
    e["MOTCUA_PWHASH"] = "test"
    e.update(env or {})
    return subprocess.run([binary] + list(args), cwd=cwd, env=e, capture_output=True, text=True, timeout=120)


class Place:
    """A temporary folder, and a database in it (a file that does not exist yet, or a new
    PostgreSQL database)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="motcua-init-")
        self.db = harness.new_db(self.dir) if PG else os.path.join(self.dir, "sub", "motcua.db")

    def nothing_created(self):
        if PG:
            p = subprocess.run(["psql", "-At", "-d", self.db, "-c",
                                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"],
                               capture_output=True, text=True, timeout=60)
            assert p.returncode == 0, p.stderr
            if p.stdout.strip() != "0":
                assert harness.count_rows(self.db, "units") == 0 and harness.count_rows(self.db, "users") == 0
        else:
            assert os.listdir(self.dir) == [], os.listdir(self.dir)  # not even the folder "sub"

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def demo_copy(folder, **changes):
    """A copy of the demo data with some files changed (None: removed)."""
    d = os.path.join(folder, "data")
    shutil.copytree(DATA, d)
    for name, text in changes.items():
        path = os.path.join(d, name)
        if text is None:
            os.unlink(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return d


def test_demo_found_beside_the_binary_from_any_folder():
    p = Place()
    try:
        r = motcua("init", "--demo", "--db", p.db, cwd=tempfile.gettempdir())
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert "Đã nạp 83 đơn vị." in r.stdout and "Đã tạo 16 tài khoản mẫu" in r.stdout, r.stdout
        # and the 8 bodies outside the one-stop tree of data/bodies.json (Party committees, HĐND, MTTQ)
        assert "Đã nạp 8 cơ quan Đảng, HĐND, MTTQ." in r.stdout, r.stdout
        assert harness.count_rows(p.db, "units") == 91 and harness.count_rows(p.db, "users") == 16
        assert harness.count_rows(p.db, "procedures") > 0 and harness.count_rows(p.db, "calendar_exceptions") > 0
        if not PG:
            assert sorted(os.listdir(os.path.dirname(p.db))) == ["motcua.db"], os.listdir(os.path.dirname(p.db))
        # A second init leaves the made database alone.
        r = motcua("init", "--demo", "--db", p.db, cwd=tempfile.gettempdir())
        assert r.returncode == 1 and "đã được khởi tạo (91 đơn vị)" in r.stderr, (r.returncode, r.stderr)
    finally:
        p.cleanup()


def test_binary_elsewhere_says_where_it_looked():
    p = Place()
    elsewhere = tempfile.mkdtemp(prefix="motcua-bin-")
    try:
        b = os.path.join(elsewhere, "bin", "motcua")
        os.makedirs(os.path.dirname(b))
        shutil.copy(BIN, b)
        r = motcua("init", "--demo", "--db", p.db, cwd="/", binary=b)
        assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
        assert "không tìm thấy" in r.stderr and "--data THƯ_MỤC" in r.stderr, r.stderr
        assert os.path.join(elsewhere, "data") in r.stderr, r.stderr  # bin/motcua → ../data was tried
        assert "dòng -1" not in r.stderr and "JSON hợp lệ" not in r.stderr, r.stderr
        assert "Đã tạo" not in r.stdout, r.stdout
        p.nothing_created()
        # Data put where the binary looks (../data): found.
        shutil.copytree(DATA, os.path.join(elsewhere, "data"))
        r = motcua("init", "--demo", "--db", p.db, cwd="/", binary=b)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert harness.count_rows(p.db, "units") == 91  # units.json and bodies.json
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
        p.cleanup()


def test_wrong_data_folder_creates_nothing():
    for how in (["--data", "/nonexistent/motcua-data"], []):
        p = Place()
        try:
            env = {} if how else {"MOTCUA_DATA": "/nonexistent/motcua-data"}
            r = motcua("init", "--demo", "--db", p.db, *how, env=env)
            assert r.returncode == 1, (how, r.returncode, r.stderr)
            assert "không tìm thấy /nonexistent/motcua-data/units.json; dùng --data THƯ_MỤC" in r.stderr, r.stderr
            assert "dòng -1" not in r.stderr, r.stderr
            p.nothing_created()
        finally:
            p.cleanup()


def test_missing_file_in_the_data_folder_creates_nothing():
    p = Place()
    try:
        d = demo_copy(p.dir, **{"catalog.json": None})
        r = motcua("init", "--demo", "--db", p.db, "--data", d)
        assert r.returncode == 1 and "không tìm thấy %s/catalog.json" % d in r.stderr, (r.returncode, r.stderr)
        shutil.rmtree(d)
        p.nothing_created()
    finally:
        p.cleanup()


def test_bad_json_names_its_line():
    p = Place()
    try:
        d = demo_copy(p.dir, **{"units.json": '{"format": "motcua-units/1",\n "units": [\n'})
        r = motcua("init", "--demo", "--db", p.db, "--data", d)
        assert r.returncode == 2, (r.returncode, r.stderr)
        assert "units.json không phải JSON hợp lệ (dòng 3" in r.stderr, r.stderr
        shutil.rmtree(d)
        p.nothing_created()
    finally:
        p.cleanup()


def test_failure_half_way_leaves_nothing():
    # Units and days off load, then the catalog is refused: the database must not be left with them.
    p = Place()
    try:
        d = demo_copy(p.dir, **{"catalog.json": '{"format": "motcua-catalog/1", "procedures": [{"code": "x"}]}'})
        r = motcua("init", "--demo", "--db", p.db, "--data", d)
        assert r.returncode != 0, (r.stdout, r.stderr)
        assert "Tệp danh mục có" in r.stderr, r.stderr
        shutil.rmtree(d)
        p.nothing_created()
        # And the same database can be made afterwards.
        r = motcua("init", "--demo", "--db", p.db, "--data", DATA)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert harness.count_rows(p.db, "units") == 91  # units.json and bodies.json
    finally:
        p.cleanup()


def test_import_of_a_missing_file_says_so():
    p = Place()
    try:
        assert motcua("init", "--db", p.db).returncode == 0
        for cmd in (["catalog", "import"], ["units", "import"]):
            r = motcua(*cmd, "/nonexistent/x.json", "--db", p.db)
            assert r.returncode == 1, (cmd, r.returncode, r.stderr)
            assert "Không tìm thấy tệp /nonexistent/x.json" in r.stderr and "dòng -1" not in r.stderr, r.stderr
    finally:
        p.cleanup()


def main():
    passed = failed = 0
    name = os.path.basename(sys.argv[0])
    for k, fn in sorted(globals().items()):
        if not (k.startswith("test_") and callable(fn)):
            continue
        try:
            fn()
            passed += 1
            print("PASS %s::%s" % (name, k))
        except Exception:
            failed += 1
            print("FAIL %s::%s" % (name, k))
            traceback.print_exc(limit=3)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
