#!/usr/bin/env python3
"""build-demo-data.py - build motcua's committed demo data from ../shared/data/.

Usage (from anywhere):
    scripts/build-demo-data.py [SOURCE_DIR] [--out DIR]

SOURCE_DIR defaults to ../shared/data relative to the repository root and must
hold cao-bang-units.json, procedures.json and holidays.json (see its README.md).
--out defaults to <repo>/data. Writes:

    units.json     format motcua-units/1
    catalog.json   format motcua-catalog/1   (see docs/catalog-format.md)
    holidays.csv   date,kind,name,source

Python 3 standard library only. Run by hand by a developer; the output is
committed. The run prints every skipped record with its reason, every mapping
decision that needs a human eye, and a check that every processing template's
step hours add up to the procedure's total working hours. It exits non-zero
if a check fails.

The rules below never add facts that the source does not state. Where the
source is silent the output says null (or leaves the item out) and, where it
helps, a note says why.
"""

import argparse
import csv
import datetime
import json
import os
import re
import sys
import unicodedata

HOURS_PER_DAY_Q = 30  # 1 working day = 7.5 h = 30 quarter-hours (07:30-11:30 + 13:30-17:00)
DEFAULT_EFFECTIVE_FROM = "2025-07-01"  # two-level local government starts (NQ 1657, NĐ 118/2025)
VN_TZ = datetime.timezone(datetime.timedelta(hours=7))

UNIT_KINDS = ("province", "peoples_committee", "department", "service_center",
              "public_service_unit", "commune", "ward", "district")
LEVELS = ("ministry", "province", "commune", "district")
COMMUNE_SELECTORS = ["kind:commune", "kind:ward"]

# Portal fee type -> default fee name. Which of FEE / SERVICE_FEE means lệ phí
# and which means phí was NOT verified (the README says so; in this data many
# SERVICE_FEE rows describe a lệ phí). Used only when the description's first
# clause does not say "lệ phí" or "phí" itself.
FEE_TYPE_NAMES = {"FEE": "Lệ phí", "SERVICE_FEE": "Phí", "PRICE_LEVEL": "Giá dịch vụ",
                  "Lệ phí": "Lệ phí", "Phí": "Phí"}
VND_CURRENCIES = (None, "Việt Nam Đồng", "VND", "Đồng", "đồng")

errors = []      # failed checks -> exit status 1
decisions = []   # mapping decisions worth a human look


def die(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(2)


def load(src, name):
    path = os.path.join(src, name)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (path, e))


def norm_space(s):
    return re.sub(r"\s+", " ", (s or "").replace("\u00a0", " ")).strip()


def fold(s):
    return norm_space(s).casefold()


def slug(s):
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").upper()


# ---------------------------------------------------------------- units ----

DISTRICT_RE = re.compile(r"\((huyện|thành phố|thị xã|quận) ([^)]+)\)")


def build_units(src):
    raw = load(src, "cao-bang-units.json")["units"]
    by_id = {u["id"]: u for u in raw}
    by_name = {u["name"]: u for u in raw}
    skipped = []

    def code_of(u):
        return u.get("code") or u["id"]

    out = []
    for u in raw:
        if "exists" in u and u["exists"] is not True:
            skipped.append((u["id"], u["name"], "exists is %s: %s" % (
                json.dumps(u["exists"]), u.get("note") or "")))
            continue
        if u["kind"] not in UNIT_KINDS:
            errors.append("unit %s: unknown kind %s" % (u["id"], u["kind"]))
            continue
        parent = None
        if u["parent"] is not None:
            p = by_id.get(u["parent"])
            if p is None and u["parent"] in by_name:
                p = by_name[u["parent"]]
                decisions.append("unit %s (%s): source parent is the name %r, resolved to unit %s"
                                 % (u["id"], u["name"], u["parent"], code_of(p)))
            if p is None:
                errors.append("unit %s: parent %r not found" % (u["id"], u["parent"]))
                continue
            parent = code_of(p)
        source = u.get("source") or ""
        if u.get("note"):
            source += " | note: " + u["note"]
        if u.get("confirmed_for_cao_bang") is False and "not confirmed" not in source:
            source += " | confirmed_for_cao_bang: false"
        out.append({
            "code": code_of(u), "name": u["name"], "kind": u["kind"], "parent": parent,
            # Only the 56 xã/phường have a start date in the source (NQ 1657, in force 01/07/2025).
            "active_from": "2025-07-01" if u["kind"] in ("commune", "ward") else None,
            "active_to": None,
            "source": source,
        })

    # Former district-level units: added only because the merged_from lists name
    # them, as disambiguators such as "Xã Vĩnh Quang (huyện Bảo Lâm)".
    province = next(u for u in out if u["kind"] == "province")
    districts = {}
    for u in raw:
        for former in u.get("merged_from") or []:
            for m in DISTRICT_RE.finditer(former):
                name = m.group(1)[0].upper() + m.group(1)[1:] + " " + norm_space(m.group(2))
                d = districts.setdefault(name, {"mentions": [], "msrc": u.get("merged_from_source")})
                d["mentions"].append("%s in %s" % (former, u["name"]))
    hist = []
    for name, d in districts.items():
        hist.append({
            "code": "HIST-" + slug(name), "name": name, "kind": "district",
            "parent": province["code"], "active_from": None, "active_to": "2025-06-30",
            "source": ("Named only as a disambiguator in the merged_from lists of "
                       "../shared/data/cao-bang-units.json (%s); those lists are secondary: %s. "
                       "No code, boundary or start date is given by the source; the code is "
                       "generated from the name by scripts/build-demo-data.py. active_to: the district level ends on 30/06/2025 "
                       "(two-level local government from 01/07/2025, Luật 72/2025/QH15, "
                       "shared/domain.md §11)." % ("; ".join(d["mentions"]), d["msrc"])),
        })
    if hist:
        decisions.append("added %d former district-level units named in merged_from: %s"
                         % (len(hist), ", ".join(h["name"] for h in hist)))
    else:
        decisions.append("no former district-level unit is named in the source: none added")

    # Parents before children; otherwise keep source order, districts before communes.
    ordered, placed = [], set()
    pending = [u for u in out if u["kind"] not in ("commune", "ward")] + hist + \
              [u for u in out if u["kind"] in ("commune", "ward")]
    while pending:
        progress = False
        for u in list(pending):
            if u["parent"] is None or u["parent"] in placed:
                ordered.append(u)
                placed.add(u["code"])
                pending.remove(u)
                progress = True
        if not progress:
            errors.append("unit parent cycle or missing parent: %s" % [u["code"] for u in pending])
            break
    codes = [u["code"] for u in ordered]
    if len(codes) != len(set(codes)):
        errors.append("duplicate unit codes")
    return ordered, skipped


# ------------------------------------------------------------ procedures ----

# The same-day rule, as the source's own time text words it (NĐ 23/2015 Điều 7 style):
# "(Ngay) trong ngày cơ quan, tổ chức tiếp nhận yêu cầu ...", "trong ngày làm việc",
# "giải quyết trong ngày". "trong ngày làm việc tiếp theo" alone is the cut-off clause,
# not a same-day statement.
SAME_DAY_RE = re.compile(r"(?:^|[\s(.;,])(?:ngay\s+)?trong\s+(?:cùng\s+)?ngày"
                         r"(?!\s+làm việc\s+tiếp theo)(?=\s+(?:làm việc|cơ quan|tiếp nhận|nhận)\b|\s*[.;,)]|\s*$)",
                         re.I)
# The 15:00 cut-off: "... ngày làm việc tiếp theo, nếu tiếp nhận (yêu cầu) sau 15 giờ"
# (also "15h", "15:00", "15 giờ 00"). Both halves must be in the same text.
CUTOFF_15_RE = re.compile(r"\bsau\s+15\s*(?:giờ|h\b|:00)", re.I)
NEXT_DAY_RE = re.compile(r"ngày làm việc tiếp theo", re.I)


def time_texts(p):
    """(where, text) for every processing-time note and by-case note of the source record."""
    out = []
    for t in p.get("processing_time") or []:
        if norm_space(t.get("note")):
            out.append(("processing_time note (method %s, portal unit %s)"
                        % (t.get("method"), t.get("unit")), norm_space(t["note"])))
    for t in p.get("processing_time_by_case") or []:
        for k in ("note", "description", "case"):
            if isinstance(t.get(k), str) and norm_space(t[k]):
                out.append(("processing_time_by_case %s (case %s)" % (k, t.get("case_code")),
                            norm_space(t[k])))
    return out


def first_sentence_with(text, rx):
    for sent in re.split(r"(?<=[.;])\s+", text):
        if rx.search(sent):
            return sent
    return text


def same_day_rule(p):
    """If the source's time text states the same-day rule, return
    {"cutoff": "15:00" or None, "where": ..., "quote": ...}; else None.
    Only the text is read: the portal unit code "same_day" alone is not enough."""
    for where, text in time_texts(p):
        if not SAME_DAY_RE.search(text):
            continue
        quote = first_sentence_with(text, SAME_DAY_RE)
        cutoff = "15:00" if (CUTOFF_15_RE.search(quote) and NEXT_DAY_RE.search(quote)) else None
        return {"cutoff": cutoff, "where": where, "quote": quote, "text": text}
    return None


def cutoff_15(p):
    """(cutoff, where) when a time note states the 15:00 rule ("ngày làm việc tiếp theo ...
    sau 15 giờ" in one sentence), else (None, None)."""
    for where, text in time_texts(p):
        for sent in re.split(r"(?<=[.;])\s+", text):
            if CUTOFF_15_RE.search(sent) and NEXT_DAY_RE.search(sent):
                return "15:00", where
    return None, None


def processing_time(p, notes):
    """Return ((amount, unit), how) or (None, reason). See docs/catalog-format.md."""
    methods = p.get("processing_time") or []
    cases = p.get("processing_time_by_case") or []
    sd = same_day_rule(p)
    if sd:
        # A same-day statement next to a larger stated value: the largest is used (below),
        # and the note says so.
        sd_note = ("The source also states a same-day rule (%s: \"%s\"); the larger value is used."
                   % (sd["where"], sd["quote"]))

    # 1. Method level, unit working_day or hour (the portal's "hour" is taken as working hours).
    mvals = [(t["qty"], t["unit"], t.get("method")) for t in methods
             if t.get("unit") in ("working_day", "hour") and isinstance(t.get("qty"), int) and t["qty"] > 0]
    how = "method"
    # 1b. Method level, unit "day", whose own note states the same number as "N ngày làm việc":
    #     the source text itself says working days; only the portal's unit code says "day".
    if not mvals:
        for t in methods:
            q = t.get("qty")
            if t.get("unit") == "day" and isinstance(q, int) and q > 0 and t.get("note"):
                m = re.search(r"(\d+)\s*ngày làm việc", t["note"])
                if m and int(m.group(1)) == q:
                    mvals.append((q, "working_day", t.get("method")))
        if mvals:
            how = "method-note"
            notes.append("Processing time: the portal's unit is 'day' (calendar) but its note says "
                         "%d ngày làm việc; taken as working days." % max(q for q, _, _ in mvals))
    if mvals:
        hq = lambda q, u: q * HOURS_PER_DAY_Q if u == "working_day" else q * 4
        best = max(mvals, key=lambda v: hq(v[0], v[1]))
        distinct = sorted({(q, u) for q, u, _ in mvals}, key=lambda v: hq(*v))
        if len(distinct) > 1:
            notes.append("Processing time differs by method/case in the source (%s); the largest, "
                         "%d %s, is used." % (", ".join("%s: %d %s" % (mm, q, u) for q, u, mm in mvals),
                                                best[0], best[1]))
        if best[1] == "hour":
            notes.append("The source unit 'hour' is taken as working hours.")
        cvals = sorted({t["qty"] for t in cases if t.get("unit") == "working_day" and t.get("qty")})
        if how == "method" and best[1] == "working_day" and cvals and cvals != [best[0]]:
            notes.append("The by-case value is %s working day(s); the method-level value %d is used."
                         % ("/".join(map(str, cvals)), best[0]))
        if sd:
            notes.append(sd_note)
        return (best[0], "working_day" if best[1] == "working_day" else "working_hour"), how

    # 2. By-case value in working days.
    cvals = [(t["qty"], t.get("case_code")) for t in cases
             if t.get("unit") == "working_day" and isinstance(t.get("qty"), int) and t["qty"] > 0]
    if cvals:
        best = max(q for q, _ in cvals)
        if len({q for q, _ in cvals}) > 1:
            notes.append("Cases disagree (%s); the largest, %d working day(s), is used."
                         % (", ".join("%s: %d" % (c, q) for q, c in cvals), best))
        others = [t for t in cases if t.get("unit") != "working_day"]
        if others:
            notes.append("By-case values in other units were ignored (%s)."
                         % ", ".join("%s: %s %s" % (t.get("case_code"), t.get("qty"), t.get("unit"))
                                     for t in others))
        if sd:
            notes.append(sd_note)
        return (best, "working_day"), "case"

    # 3. Same day: the source's time text states "trong ngày" (amount 0, working_day).
    if sd:
        notes.append("Processing time: same working day (amount 0), as stated in the source's %s: "
                     "\"%s\"" % (sd["where"], sd["quote"]))
        if sd["cutoff"]:
            notes.append("Cutoff 15:00 from the same sentence: a request received after 15 giờ "
                         "is due in the next working day.")
        else:
            notes.append("The source states no cut-off hour, so cutoff is null.")
        rest = sd["text"][len(sd["quote"]):].strip() if sd["text"].startswith(sd["quote"]) else ""
        if re.search(r"kéo dài|gia hạn", rest, re.I):
            notes.append("Not modelled: the source's extension for some cases (\"%s\"); the "
                         "same-day limit is the one stored." % rest)
        return (0, "working_day"), "same-day"

    desc = "; ".join("%s %s %s" % (t.get("method"), t.get("qty"), t.get("unit")) for t in methods)
    cdesc = "; ".join("%s %s" % (t.get("qty"), t.get("unit")) for t in cases)
    return None, "no working-day/hour value (method: %s | by case: %s)" % (desc or "none", cdesc or "none")


def strip_bullet(s):
    return re.sub(r"^[\s\-+–•*]+", "", norm_space(s)).strip()


def clean_group(g):
    if g is None:
        return None
    g = re.sub(r"^[\s*\-+]+", "", norm_space(g))
    g = re.sub(r"\s*:\s*$", "", g)
    return g or None


def convert_documents(p, stats):
    docs, note_lines, seen = [], [], set()
    last_heading = object()
    for d in p.get("documents") or []:
        group = clean_group(d.get("group"))
        gl = (group or "").casefold()
        name_raw = norm_space(d.get("name"))
        name = strip_bullet(name_raw)
        orig, copies = d.get("originals") or 0, d.get("copies") or 0
        is_note = ("lưu ý" in gl or name.casefold().startswith("lưu ý")
                   or (orig == 0 and copies == 0) or name.endswith(":"))
        if is_note:
            # Explanatory text (0 originals and 0 copies, a "Lưu ý" group, or a lead-in
            # line ending in ":"): kept as text, one paragraph per source group.
            if group != last_heading:
                if note_lines:
                    note_lines.append("")
                if group:
                    note_lines.append(group + ":")
                last_heading = group
            note_lines.append(name_raw)
            stats["doc_notes"] += 1
            continue
        if "xuất trình" in gl:
            form, count = "shown", orig if orig > 0 else copies
        elif orig > 0:
            form, count = "original", orig
        else:
            form, count = "copy", copies
        key = (group, name, form, count)
        if key in seen:
            stats["doc_dupes"] += 1
            continue
        seen.add(key)
        # A document asked for only in some case is not mandatory for every
        # dossier: "Trường hợp …" at the start, "(nếu …)", "trong trường hợp …",
        # or "nếu người có yêu cầu lựa chọn …" (the paper form for counter intake
        # beside the e-form for online submission). "…; nếu không có …" offers an
        # alternative and stays mandatory.
        low = name.lower()
        mandatory = not (name.startswith("Trường hợp") or "(nếu " in low or "trong trường hợp" in low
                         or "nếu người có yêu cầu lựa chọn" in low)
        template = name if (d.get("is_form") or re.search(r"mẫu|tờ khai", name, re.I)) else None
        docs.append({"name": name, "form": form, "count": count, "mandatory": mandatory,
                     "template": template, "group": group})
        stats["docs"] += 1
    return docs, ("\n".join(note_lines) if note_lines else None)


def clean_fee_text(s):
    s = norm_space(s)
    s = re.sub(r"^Đồng\s*", "", s)           # currency label glued in front by the portal
    s = re.sub(r"^[-+]\s*", "", s)
    if s.startswith("(") and s.endswith(")") and s.count("(") == s.count(")"):
        s = s[1:-1].strip()
    if s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1].strip()
    if s.startswith("(") and s.count("(") > s.count(")"):
        s = s[1:].strip()
    return s or None


def stated_vnd(text):
    return [int(x.replace(".", "")) for x in
            re.findall(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đồng|VNĐ|VND)", text or "", re.I)]


FREE_RE = re.compile(r"^(Miễn lệ phí\s*[.;]|Miễn phí)|thuộc diện được miễn", re.I)
HDND_RE = re.compile(r"Hội đồng nhân dân|HĐND", re.I)


def fee_amount(f, text):
    """Return (amount or None, problem text or None)."""
    amount, cur = f.get("amount"), f.get("currency")
    if amount is None:
        return None, "no amount in the source"
    if cur not in VND_CURRENCIES:
        return None, "source amount %s is in %s, not VND" % (amount, cur)
    if not isinstance(amount, int) or amount < 0:
        return None, "source amount %r is not a non-negative integer" % (amount,)
    if amount > 0:
        stated = stated_vnd(text)
        if stated and amount not in stated:
            return None, ("source amount %d does not match the amount(s) its description states (%s)"
                          % (amount, ", ".join(map(str, stated))))
        if not stated and amount < 1000:
            return None, ("source amount %d has no currency and the description states no amount; "
                          "the unit is unclear (too small to be VND)" % amount)
        return amount, None
    # amount == 0
    if text and FREE_RE.search(text):
        return 0, None
    if text and HDND_RE.search(text):
        return None, "amount set by HĐND tỉnh; Cao Bằng's fee resolution was not found (not free)"
    return None, "source amount 0 but the description does not say it is free (amount not stated)"


def fee_name(raw_type, text, methods, all_methods):
    first = re.split(r"(?<!\d)[.:;](?!\d)", text or "", maxsplit=1)[0].strip()
    if re.match(r"^(Lệ phí|Phí)\b", first):
        name = re.split(r"\s+\(|\s+thực hiện\b|\s+theo\b", first, maxsplit=1)[0].strip()
    else:
        label = None
        if text and ":" in text:
            head = text.split(":", 1)[0].strip()
            if 0 < len(head) <= 80 and not stated_vnd(head) and not re.search(r"\bphí\b", head, re.I):
                label = head
        if re.search(r"\blệ phí\b", first, re.I):
            base = "Lệ phí"
        elif re.search(r"\bphí\b", first, re.I):
            base = "Phí"
        else:
            base = FEE_TYPE_NAMES.get(raw_type, "Phí")
        name = base + (" – " + label if label else "")
    if methods and all_methods and set(methods) != set(all_methods):
        name += " (" + ", ".join(methods) + ")"
    return name


def convert_fees(p):
    src_fees = p.get("fees")
    notes = [p["fees_note"]] if p.get("fees_note") else []
    if not src_fees:
        return [], ("\n".join(notes) if notes else None)
    merged = []  # (raw_type, amount, text, methods, problem)
    for f in src_fees:
        text = clean_fee_text(f.get("description"))
        amount, problem = fee_amount(f, text)
        for m in merged:
            if m[1] == amount and m[2] == text and m[4] == problem:
                for x in f.get("methods") or []:
                    if x not in m[3]:
                        m[3].append(x)
                break
        else:
            merged.append((f.get("raw_type"), amount, text, list(f.get("methods") or []), problem))
    out = []
    for raw_type, amount, text, methods, problem in merged:
        name = fee_name(raw_type, text, methods, p.get("submission_methods") or [])
        out.append({"name": name, "amount": amount, "exemptions": text})
        if problem:
            notes.append("%s: amount null, %s." % (name, problem))
    return out, ("\n".join(notes) if notes else None)


def competent_units(p, units, notes):
    levels = p.get("level") or []
    sel = []
    if "commune" in levels:
        sel += COMMUNE_SELECTORS
        agencies = [norm_space(a) for a in p.get("competent_agency") or []]
        if any(fold(a) == "công an cấp xã" for a in agencies):
            notes.append("The source names Công an cấp xã as the competent agency; units.json has no "
                         "police units, so the commune/ward selectors are used.")
    if "province" in levels or "ministry" in levels or "district" in levels:
        depts = [u for u in units if u["kind"] == "department"]
        centre = next(u for u in units if u["kind"] == "service_center")
        texts = [norm_space(a) for a in (p.get("competent_agency") or [])]
        if p.get("promulgated_by"):
            texts.append(norm_space(p["promulgated_by"]))
        matched = []
        for t in texts:
            m = re.search(r"(Thành phố|Tỉnh) (\w+)", t)
            if m and m.group(2)[0].isupper() and not t[m.start(2):].startswith("Cao Bằng"):
                continue  # names another province's agency (e.g. "Sở Tư pháp Thành phố Hà Nội")
            for u in depts:
                if fold(u["name"]) in fold(t) and u["code"] not in matched:
                    matched.append(u["code"])
        if matched:
            sel += matched
        else:
            sel.append(centre["code"])
            notes.append("No Cao Bằng department name appears in the competent agency (%s); the "
                         "provincial service centre %s is used as a placeholder."
                         % ("; ".join(p.get("competent_agency") or []) or "none", centre["code"]))
            decisions.append("%s: province level, agency %r -> service centre %s (placeholder)"
                             % (p["code"], p.get("competent_agency"), centre["code"]))
    return sel


def template_steps(total_q):
    """Quarter-hour steps that add up exactly to total_q (quarter-hours)."""
    if total_q < 4:
        raise ValueError("total %.2f h is too short for 4 steps of >= 0.25 h" % (total_q / 4))
    recv = ret = 2 if total_q >= 10 else 1              # 0.5 h each, 0.25 h below 2.5 h
    lead = max(2 if total_q >= 10 else 1, (2 * total_q + 5) // 10)   # 20 %, rounded to 0.25 h
    spec = total_q - recv - ret - lead
    while spec < 1 and lead > 1:
        lead -= 1
        spec += 1
    if spec < 1:
        raise ValueError("cannot split %.2f h" % (total_q / 4))
    return [
        {"name": "Tiếp nhận hồ sơ", "role": "receiver", "unit": "receiving", "hours": recv / 4},
        {"name": "Thẩm định, xử lý hồ sơ", "role": "specialist", "unit": "competent", "hours": spec / 4},
        {"name": "Phê duyệt, ký kết quả", "role": "leader", "unit": "competent", "hours": lead / 4},
        {"name": "Trả kết quả", "role": "receiver", "unit": "receiving", "hours": ret / 4},
    ]


def legal_basis(p):
    out = []
    for lb in p.get("legal_basis") or []:
        if isinstance(lb, str):
            out.append(norm_space(lb))
            continue
        num, title = norm_space(lb.get("number")), norm_space(lb.get("title"))
        if num and title and num not in title:
            out.append("%s: %s" % (num, title))
        elif title or num:
            out.append(title or num)
    return out


def source_url(p):
    url = (p.get("source") or {}).get("url")
    if isinstance(url, list):
        url = url[0] if url else None
    return url.split()[0] if url else None


def effective_from(p, notes):
    ms = (p.get("source") or {}).get("record_updated_at")
    if isinstance(ms, (int, float)):
        return datetime.datetime.fromtimestamp(ms / 1000, VN_TZ).date().isoformat()
    notes.append("No update date in the source; effective_from defaults to %s." % DEFAULT_EFFECTIVE_FROM)
    return DEFAULT_EFFECTIVE_FROM


def build_catalog(src, units):
    raw = load(src, "procedures.json")["procedures"]
    procs, templates, skipped = [], [], []
    stats = {"docs": 0, "doc_notes": 0, "doc_dupes": 0, "by": {}}
    for p in raw:
        code = p.get("code")
        if p.get("detail_level") not in ("full", "page"):
            skipped.append((code, "detail_level %s (code, name and agency only)" % p.get("detail_level")))
            continue
        notes = []
        pt, how = processing_time(p, notes)
        if pt is None:
            skipped.append((code, how))
            continue
        stats["by"][how] = stats["by"].get(how, 0) + 1
        levels = [l for l in (p.get("level") or []) if l in LEVELS]
        if not levels:
            skipped.append((code, "no known level (%s)" % p.get("level")))
            continue
        docs, docs_note = convert_documents(p, stats)
        fees, fees_note = convert_fees(p)
        sel = competent_units(p, units, notes)

        # cutoff: only where the source's own time text states the 15:00 rule
        # ("ngày làm việc tiếp theo, nếu tiếp nhận ... sau 15 giờ").
        cutoff, cut_where = cutoff_15(p)
        if cutoff and how != "same-day":
            notes.append("Cutoff %s from the source's %s." % (cutoff, cut_where))

        ol = norm_space(p.get("online_service_level")).casefold()
        if ol == "toàn trình":
            online = "toan_trinh"
        elif ol == "một phần" or "trực tuyến" in (p.get("submission_methods") or []):
            online = "mot_phan"
        else:
            online = "none"

        sets = None
        if p.get("number_of_sets"):
            m = re.search(r"\d+", str(p["number_of_sets"]))
            sets = int(m.group()) if m else None
        result = "; ".join(norm_space(r) for r in p.get("result") or [] if norm_space(r)) or None
        if isinstance(p.get("result"), str):
            result = norm_space(p["result"]) or None

        eff = effective_from(p, notes)
        procs.append({
            "code": code, "name": norm_space(p["name"]), "field": norm_space(p.get("field")),
            "levels": levels, "competent_units": sel,
            "documents": docs, "documents_note": docs_note, "sets": sets,
            "processing_time": {"amount": pt[0], "unit": pt[1]}, "cutoff": cutoff,
            "fees": fees, "fees_note": fees_note, "result": result,
            "legal_basis": legal_basis(p), "online_level": online,
            "publication_decision": None,  # no Cao Bằng QĐ công bố was found (README §2)
            "effective_from": eff, "effective_to": None,
            "source": source_url(p),
            "note": " ".join(notes) or None,
        })
        # Same day (amount 0): the steps share one nominal working day (7.5 h).
        total_q = (max(pt[0], 1) * HOURS_PER_DAY_Q) if pt[1] == "working_day" else pt[0] * 4
        for s in sel:
            try:
                steps = template_steps(total_q)
            except ValueError as e:
                errors.append("%s: %s" % (code, e))
                continue
            templates.append({"procedure": code, "unit": s, "steps": steps})
    procs.sort(key=lambda x: x["code"])
    templates.sort(key=lambda t: t["procedure"])
    return procs, templates, skipped, stats


def check_catalog(procs, templates, unit_codes):
    by_code = {}
    for i, p in enumerate(procs):
        if not p["code"] or p["code"] in by_code:
            errors.append("procedure %d: empty or duplicate code %r" % (i, p["code"]))
        by_code[p["code"]] = p
        pt = p["processing_time"]
        if not (isinstance(pt["amount"], int) and pt["amount"] >= 0
                and pt["unit"] in ("working_day", "working_hour")):
            errors.append("%s: bad processing_time %r" % (p["code"], pt))
        elif pt["amount"] == 0 and pt["unit"] != "working_day":
            errors.append("%s: amount 0 is allowed only with working_day" % p["code"])
        if p["cutoff"] is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", p["cutoff"]):
            errors.append("%s: bad cutoff %r" % (p["code"], p["cutoff"]))
        for s in p["competent_units"]:
            if not (s.startswith("kind:") and s[5:] in UNIT_KINDS) and s not in unit_codes:
                errors.append("%s: competent unit %s not in units.json" % (p["code"], s))
    bad, worst = 0, None
    for t in templates:
        p = by_code[t["procedure"]]
        pt = p["processing_time"]
        total = max(pt["amount"], 1) * 7.5 if pt["unit"] == "working_day" else pt["amount"]
        hs = [s["hours"] for s in t["steps"]]
        ok = (sum(hs) == total and all(h >= 0.25 and (h * 4).is_integer() for h in hs))
        if not ok:
            bad += 1
            errors.append("template %s/%s: steps %s do not add up to %s h" % (t["procedure"], t["unit"], hs, total))
    return bad


# -------------------------------------------------------------- holidays ----

def build_holidays(src):
    days = load(src, "holidays.json")["days"]
    rows, left = [], []
    for d in days:
        if not d["date"][:4] in ("2024", "2025", "2026"):
            left.append((d["date"], "outside 2024-2026"))
        elif d.get("status") != "decided":
            left.append((d["date"], "status %s: %s" % (d.get("status"), d.get("note") or "")))
        elif d["kind"] not in ("off", "workday"):
            left.append((d["date"], "unknown kind %s" % d["kind"]))
        else:
            rows.append((d["date"], d["kind"], norm_space(d["name"]), norm_space(d.get("source"))))
    rows.sort()
    return rows, left


# ------------------------------------------------------------------ main ----

def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Build data/units.json, data/catalog.json and "
                                             "data/holidays.csv from ../shared/data/.")
    ap.add_argument("source", nargs="?", default=os.path.join(repo, "..", "shared", "data"),
                    help="source directory (default: ../shared/data from the repository root)")
    ap.add_argument("--out", default=os.path.join(repo, "data"), help="output directory (default: data/)")
    a = ap.parse_args()
    src = os.path.normpath(a.source)
    os.makedirs(a.out, exist_ok=True)

    units, units_skipped = build_units(src)
    procs, templates, skipped, stats = build_catalog(src, units)
    holidays, hol_left = build_holidays(src)
    bad = check_catalog(procs, templates, {u["code"] for u in units})

    write_json(os.path.join(a.out, "units.json"), {"format": "motcua-units/1", "units": units})
    write_json(os.path.join(a.out, "catalog.json"),
               {"format": "motcua-catalog/1", "procedures": procs, "templates": templates})
    with open(os.path.join(a.out, "holidays.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["date", "kind", "name", "source"])
        w.writerows(holidays)

    # ---- report
    kinds = {}
    for u in units:
        kinds[u["kind"]] = kinds.get(u["kind"], 0) + 1
    print("source: %s" % src)
    print("units.json: %d units (%s)" % (len(units), ", ".join("%s %d" % kv for kv in kinds.items())))
    for code, name, why in units_skipped:
        print("  skipped unit %s %s: %s" % (code, name, why))
    print("catalog.json: %d procedures, %d templates" % (len(procs), len(templates)))
    print("  processing time taken from: %s" % ", ".join("%s %d" % kv for kv in sorted(stats["by"].items())))
    print("  documents: %d listed, %d explanatory rows folded into documents_note, %d exact duplicates dropped"
          % (stats["docs"], stats["doc_notes"], stats["doc_dupes"]))
    print("  same day (amount 0): %s" % (" ".join(p["code"] for p in procs
                                                  if p["processing_time"]["amount"] == 0) or "none"))
    print("  with cutoff: %d; with a per-record note: %d; fees with unknown amount (null): %d"
          % (sum(1 for p in procs if p["cutoff"]), sum(1 for p in procs if p["note"]),
             sum(1 for p in procs for f in p["fees"] if f["amount"] is None)))
    if not any(p["code"] == "1.001193" for p in procs):
        errors.append("1.001193 is missing from the catalog")
    if len(procs) < 60:
        print("  WARNING: fewer than 60 procedures (%d)" % len(procs))
    print("  skipped %d procedure records:" % len(skipped))
    for code, why in skipped:
        if not why.startswith("detail_level catalog"):
            print("    %s: %s" % (code, why))
    cat = [c for c, w in skipped if w.startswith("detail_level catalog")]
    if cat:
        print("    %d catalog-only records (detail_level catalog): %s" % (len(cat), " ".join(cat)))
    print("holidays.csv: %d rows" % len(holidays))
    for day, why in hol_left:
        print("  left out %s: %s" % (day, why))
    print("decisions to review:")
    for d in decisions:
        print("  - " + d)
    print("template hours check: %d templates, %d bad (1 working day = 7.5 h; same day = 7.5 h)"
          % (len(templates), bad))
    if errors:
        for e in errors:
            print("ERROR: " + e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
