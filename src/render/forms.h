/* forms.h - the one-stop shop's legal forms as PDF, by the rules a dossier
 * was received under: Circular 01/2018/TT-VPCP (Mẫu 01–06) for dossiers
 * under Decree 61/2018, Circular 03/2025/TT-VPCP for those under Decree
 * 118/2025 (../shared/domain.md §3). Which forms exist for which rules is one
 * table (forms.c); each form is laid out from a JSON context:
 *   d        the dossier, as GET /api/v1/dossiers/{code} gives it
 *   journal  its entries, as GET /api/v1/dossiers/{code}/journal gives them
 *   place    the province's name for "…, ngày … tháng … năm …" ("Cao Bằng")
 *   today    {"d","m","y"} the date of the form
 *   officer  the name of the officer who prints it
 *   tracking_url  the public tracking address with code and key (receipt's QR)
 *   vietqr   (optional) {"payload","bank","account","name","amount_text"} */
#ifndef MC_FORMS_H
#define MC_FORMS_H

#include <jansson.h>
#include <stdbool.h>

#include "buf.h"
#include "err.h"

/** A form of the table. */
typedef struct {
    const char *slug;        /**< in the address: receipt, supplement, refusal, apology, stop, control-slip */
    const char *rules;       /**< rules version of the dossiers it serves: "ND61/2018" or "ND118/2025" */
    const char *number;      /**< its number in the circular: "Mẫu số 01" */
    const char *circular;    /**< "Thông tư 03/2025/TT-VPCP" */
    const char *title;       /**< as printed */
    const char *suffix;      /**< after the document number: "PTN-TTPVHCC" */
} form_def;

/** The form `slug` for dossiers received under `rules`, or NULL. */
const form_def *forms_find(const char *slug, const char *rules);
/** All forms, for listing and tests. */
const form_def *forms_all(int *n);

/** The dossier tracking book (sổ theo dõi hồ sơ: Mẫu 06 of Circular 01/2018,
 *  Mẫu 07 of 03/2025) of a unit for a period, landscape. ctx: "unit" (name),
 *  "from", "to" (dd/mm/yyyy), "place", "today", "rules" (which circular),
 *  "rows": the dossiers as GET /api/v1/dossiers/{code} gives them, with
 *  "sent_at" and "result_at" ({text}) added. */
mc_err forms_tracking_book(const json_t *ctx, buf *out, mc_error *err);
/** Lays the form out from ctx and writes the PDF into out. MC_ERR_CONFLICT
 *  when the dossier has nothing for this form (no supplement asked, not
 *  refused, never extended, not stopped, not yet received for a receipt),
 *  with the reason in Vietnamese. */
mc_err forms_render(const form_def *f, const json_t *ctx, buf *out, mc_error *err);

#endif
