/* forms.h - the one-stop shop's legal forms as PDF, by the rules a dossier
 * was received under: Circular 01/2018/TT-VPCP (Mẫu 01–06) for dossiers
 * under Decree 61/2018, Circular 03/2025/TT-VPCP for those under Decree
 * 118/2025 (../shared/domain.md §3). Which forms exist for which rules is one
 * table (forms.c); each form is laid out from a form_input that the caller
 * assembles from the dossier and the act the form records, so that a form
 * says the same on every reprint: its place-and-date line, its signer and the
 * PDF's creation date are those of the act, never of the printing. */
#ifndef MC_FORMS_H
#define MC_FORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "timeutil.h"

/** A form of the table. */
typedef struct {
    const char *slug;     /**< in the address: receipt, supplement, refusal, apology, stop, control-slip */
    const char *rules;    /**< rules version of the dossiers it serves: "ND61/2018" or "ND118/2025" */
    const char *number;   /**< its number in the circular: "Mẫu số 01" */
    const char *circular; /**< "Thông tư 03/2025/TT-VPCP" */
    const char *title;    /**< as printed */
    const char *suffix;   /**< after the document number: "PTN-TTPVHCC" */
} form_def;

/** The form `slug` for dossiers received under `rules`, or NULL. */
const form_def *forms_find(const char *slug, const char *rules);
/** All forms, for listing and tests. */
const form_def *forms_all(int *n);

/** A person on a form; any member may be NULL (printed as dots). */
typedef struct {
    const char *name, *id_number, *address, *phone, *email;
} form_person;

/** A document of the dossier's checklist. */
typedef struct {
    const char *name;
    const char *form; /**< "original" | "copy" | "shown" | NULL */
    bool provided;    /**< handed in: listed on the receipt */
} form_doc;

/** One handoff row of the process-control slip. */
typedef struct {
    const char *label;    /**< what happened ("Tiếp nhận hồ sơ") */
    const char *giver;    /**< who gave the file (full name) */
    const char *receiver; /**< where it went (unit name) */
    mc_time at;
    const char *timing; /**< "early" | "on_time" | "late" | NULL */
    const char *note;
} form_row;

/** The VietQR code to pay a fee, printed on the receipt. */
typedef struct {
    const char *payload, *bank, *account, *name, *amount_text;
} form_vietqr;

/** What a form prints. Strings are borrowed for the call; NULL prints as dots. */
typedef struct {
    const char *code, *tracking_key;
    const char *tracking_url; /**< the public tracking address with code and key (receipt's QR) */
    const char *place;        /**< for "…, ngày … tháng … năm …": "Cao Bằng" */
    const char *receiving_unit, *competent_unit, *procedure;
    form_person applicant;
    const char *representative, *representative_id;
    int time_amount;             /**< processing time by law */
    bool time_in_hours;          /**< working hours, else working days */
    mc_time received_at, due_at; /**< 0 = none */
    const form_doc *docs;
    size_t ndocs;
    /* The act the form records. */
    mc_time act_at;                /**< dates the form (place-and-date line, PDF creation date) */
    const char *signer;            /**< full name of who did it (receipt, supplement, refusal, stop) */
    bool by_applicant;             /**< stop: asked online by the applicant, the system issues the notice */
    const char *items, *reason;    /**< supplement, refusal, stop: numbered lines and reason; apology: reason */
    mc_time due_before, due_after; /**< apology: the appointment missed and the new one */
    const form_row *rows;          /**< control slip */
    size_t nrows;
    const form_vietqr *vietqr; /**< receipt: a fee to pay, or NULL */
    const char *offline_note;  /**< receipt: received by a commune node while offline (docs/NODE.md §2), or NULL */
} form_input;

/** Lays the form out from in and writes the PDF into out. The caller has
 *  checked that the act exists; errors are internal (a missing font). */
mc_err forms_render(const form_def *f, const form_input *in, buf *out, mc_error *err);

/** One dossier in the tracking book. */
typedef struct {
    const char *code, *procedure, *applicant, *address, *phone, *competent_unit, *state;
    mc_time received_at, due_at, sent_at, result_at, returned_at; /**< 0 = none */
} form_book_row;

/** The dossier tracking book (sổ theo dõi hồ sơ: Mẫu 06 of Circular 01/2018,
 *  Mẫu 07 of 03/2025) of a unit for a period [from, to] (days), landscape, by
 *  the circular of `rules`. */
mc_err forms_tracking_book(const char *unit, mc_day from, mc_day to, const char *rules, const form_book_row *rows,
                           size_t n, buf *out, mc_error *err);

#endif
