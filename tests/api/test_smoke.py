"""Smoke test: the demo database answers the newcomer's first request."""
import harness
from urllib.parse import quote


def test_search_without_marks_finds_birth_registration(s):
    r = s.get("/api/v1/procedures?q=" + quote("dang ky khai sinh"))
    assert r.status == 200, r
    d = r.json()
    assert d["total"] >= 1
    first = d["items"][0]
    assert first["code"] == "1.001193", first
    assert first["name"] == "Thủ tục đăng ký khai sinh"


if __name__ == "__main__":
    harness.main(globals())
