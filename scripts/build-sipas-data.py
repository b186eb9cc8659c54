#!/usr/bin/env python3
"""Builds data/sipas/sipas-2023-1.json, the SIPAS questionnaire motcua loads (format motcua-sipas/1),
from ../shared/data/sipas-questionnaire.json. Standard library only.

What is kept: the five service elements of Q9 part II and their 19 items (the satisfaction items of
the public administrative service), the 5-point scale, and the respondent profile questions of
Part A that identify nobody (sex, age band, ethnicity, education, occupation, urban/rural, terrain).
What is left out, and why: name, email and phone (a response is never linked to a person), province,
district and commune as free text (the unit is known from the dossier or the paper row; the district
level no longer exists after 01/07/2025), Q1-Q8, Q10 and Q9 part I (policies: not about a unit's
service). The source notes and the known defects of the reproduction are copied as they are.

Element weights (equal) and the minimum number of answers for a unit to be ranked (30) are CHOICES
of motcua, marked so: the official aggregation (QĐ 1001/QĐ-BNV, annex) has not been read.

  python3 scripts/build-sipas-data.py [SHARED_DATA_DIR] [OUT_DIR]
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data", "sipas")

# The five service elements, named as the measurement notes name them (short names for tables).
ELEMENT_NAMES = {
    "1": "Tiếp cận dịch vụ",
    "2": "Thủ tục hành chính",
    "3": "Công chức giải quyết công việc",
    "4": "Kết quả giải quyết",
    "5": "Tiếp nhận, xử lý phản ánh, kiến nghị",
}
PROFILE_KEPT = ["gioi_tinh", "do_tuoi", "dan_toc", "hoc_van", "nghe_nghiep", "noi_song", "noi_song_cu_the"]


def main():
    with open(os.path.join(SRC, "sipas-questionnaire.json"), encoding="utf-8") as f:
        src = json.load(f)
    q9 = next(q for q in src["parts"][1]["questions"] if q["code"] == "Q9")
    scale = next(s for s in src["answer_scales"] if s["id"] == q9["scale"])
    items = [i for i in q9["items"] if i["section"] == "II"]
    assert len(items) == src["counts"]["Q9_service_items"] == 19, len(items)
    elements = []
    for e in src["elements"]["service_part_II"]:
        mine = [i for i in items if i["element"] == e["code"]]
        assert len(mine) == e["items"], e
        elements.append({"code": e["code"], "name": ELEMENT_NAMES[e["code"]], "name_in_source": mine[0]["element_name"],
                         "weight": 1})
    profile = []
    for fld in src["parts"][0]["fields"]:
        if fld["code"] in PROFILE_KEPT:
            profile.append({"code": fld["code"], "label": fld["label"],
                            "options": [{"value": o["value"], "label": o["label"]} for o in fld["options"]]})
    assert [p["code"] for p in profile] == PROFILE_KEPT
    out = {
        "format": "motcua-sipas/1",
        "version": "sipas-2023-1",
        "title": src["title"],
        "issuer": src["issuer"],
        "part": "Câu 9, phần II: Việc cung ứng dịch vụ hành chính công (19 tiêu chí, 5 yếu tố)",
        "source": src["source"],
        "confirmed_matches_method_decision": src["confirmed_matches_method_decision"],
        "known_defects_of_reproduction": src["known_defects_of_reproduction"],
        "unverified": [
            "That this questionnaire is the annex of QĐ 1001/QĐ-BNV (the reproduction is secondary).",
            "The official aggregation formula and the element weights (scoring.formula and scoring.weights are null "
            "in the source).",
            "A minimum number of answers for a unit to be ranked (none is given in the source).",
        ],
        "scale": {"id": scale["id"], "options": scale["options"], "satisfied": [4, 5],
                  "satisfied_note": "Hài lòng + Rất hài lòng: the share named in ../shared/measurement.md §3."},
        "elements": elements,
        "weights": {"choice": True, "unverified": True,
                    "note": "Equal weights: a choice of motcua, not the official method (unverified). Edit "
                            "elements[].weight in a new version to change them; a campaign keeps its version."},
        "min_answers": {"value": 30, "choice": True, "unverified": True,
                        "note": "A unit with fewer answers is marked 'không đủ số phiếu' and not ranked. 30 is a "
                                "choice (the usual floor for a normal approximation of a mean), not a legal rule."},
        "items": [{"code": i["code"], "element": i["element"], "text": i["text"]} for i in items],
        "profile": profile,
        "profile_note": "Part A without name, email, phone and the place as free text (a response is anonymous; "
                        "the unit is known). Every profile question is optional.",
    }
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "sipas-2023-1.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
