/* payments.h - matching a bank statement to dossiers' fees. A statement is
 * CSV with a header row; its columns are found by name (Vietnamese or
 * English): the amount credited (so_tien / amount / credit), the transfer
 * note (noi_dung / description / dien_giai), and optionally a reference
 * (so_tham_chieu / reference / ref) and a date (ngay / date). A line whose
 * note holds a dossier's code (as the VietQR note "HS <code>" puts it) and
 * whose amount is the fee asked marks the dossier paid: journaled under the
 * name of the user who imports the statement (in the role "system": the
 * matching is motcua's), and the clock resumes. Everything else is reported,
 * never applied: no code, an unknown code, a second payment, the wrong
 * amount, a dossier that is not waiting for a fee.
 *
 * Only dossiers the importer may act on count (ACT_PAYMENT_IMPORT of perm.h:
 * a receiver, the dossiers received at their unit; an administrator, all): a
 * line naming any other dossier is reported exactly as a line naming none,
 * without its code, state or fee. */
#ifndef MC_PAYMENTS_H
#define MC_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "calendar.h"
#include "dossier.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

typedef enum { PAY_MATCHED = 0, PAY_UNMATCHED, PAY_DUPLICATE, PAY_WRONG_AMOUNT, PAY_NOT_DUE, PAY__COUNT } pay_outcome;

/** One line of the statement and what became of it. */
typedef struct {
    int line; /**< in the file, 1-based */
    pay_outcome outcome;
    const char *code; /**< the dossier found, or NULL */
    int64_t amount;   /**< credited (-1 when unreadable) */
    int64_t expected; /**< the fee asked (wrong amount), else 0 */
    const char *ref, *date, *note;
    const char *reason; /**< in Vietnamese */
} pay_line;

typedef struct {
    pay_line *v;
    size_t n;
    int count[PAY__COUNT];
} pay_report;

/** Stable name of an outcome: matched, unmatched, duplicate, wrong_amount, not_due. */
const char *pay_outcome_name(pay_outcome o);

/** Reads the statement and marks the matching dossiers paid, each in its own
 *  transaction, as `by` (the user who imports it: id, username, roles and
 *  unit; borrowed). MC_ERR_FORBIDDEN when `by` may not import statements at
 *  all; MC_ERR_INVALID only when the file itself cannot be read (bad CSV, no
 *  amount or note column). */
mc_err payments_import(store *s, const calendar *cal, arena *a, const char *csv, size_t len, const ds_actor *by,
                       mc_time now, pay_report *out, mc_error *err);

#endif
