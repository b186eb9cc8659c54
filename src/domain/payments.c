/* payments.c - bank statements matched to dossiers' fees (payments.h). */
#include "payments.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "dossier.h"
#include "perm.h"
#include "text.h"

const char *pay_outcome_name(pay_outcome o) {
    static const char *const names[PAY__COUNT] = {"matched", "unmatched", "duplicate", "wrong_amount", "not_due"};
    return o < PAY__COUNT ? names[o] : "?";
}

/* The column whose folded name is one of `names`, or -1. */
static int column(const csv_record *head, const char *const *names) {
    for (size_t i = 0; i < head->n; i++) {
        char *f = text_fold(head->fields[i]);
        for (char *p = f; p && *p; p++)
            if (*p == '_' || *p == '-') *p = ' ';
        bool hit = false;
        for (size_t k = 0; f && names[k] && !hit; k++) hit = !strcmp(f, names[k]);
        free(f);
        if (hit) return (int)i;
    }
    return -1;
}

/* "50.000", "50,000", "50000.00", "50 000 đ" → 50000; -1 when not a whole amount of đồng. */
static int64_t amount_of(const char *s) {
    char digits[32];
    size_t k = 0, after = 0;
    bool sep_seen = false;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (k + 1 >= sizeof digits) return -1;
            digits[k++] = *p;
            after++;
        } else if (*p == '.' || *p == ',') {
            sep_seen = true;
            after = 0;
        } else if (*p == ' ' || (unsigned char)*p >= 0x80 || *p == 'd' || *p == 'D' || *p == 'V' || *p == 'N') {
            continue; /* spaces, "đ", "VND" */
        } else {
            return -1;
        }
    }
    if (!k) return -1;
    digits[k] = 0;
    if (sep_seen && after == 2) { /* a decimal part: only ",00" or ".00" is a whole amount */
        if (digits[k - 1] != '0' || digits[k - 2] != '0') return -1;
        digits[k - 2] = 0;
    }
    return strtoll(digits, NULL, 10);
}

/* Whether `by` may match statement lines to dossier d. */
static bool in_scope(const ds_actor *by, const dossier *d) {
    return perm_allows(by->roles, by->unit_path, ACT_PAYMENT_IMPORT, d->receiving_unit_path);
}

/* The dossier code in a transfer note: "HS 01273-261129-0001", "HS01273 261129 0001"... of a dossier in the
 * importer's scope; NULL if none (a code of another unit's dossier is no code). */
static const char *code_in(store_conn *c, arena *a, const ds_actor *by, const char *note, dossier *d) {
    char *t = arena_strdup(a, note ? note : "");
    for (char *p = t; *p; p++) *p = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : ' ';
    char *tok[64];
    int n = 0;
    for (char *save = NULL, *w = strtok_r(t, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save)) tok[n++] = w;
    mc_error ignored;
    for (int i = 0; i + 2 < n; i++) {
        if (strlen(tok[i + 1]) != 6 || strspn(tok[i + 1], "0123456789") != 6) continue;
        if (strlen(tok[i + 2]) < 4 || strspn(tok[i + 2], "0123456789") != strlen(tok[i + 2])) continue;
        /* The unit's code, perhaps glued to "HS". */
        for (const char *u = tok[i]; *u; u++) {
            const char *code = arena_printf(a, "%s-%s-%s", u, tok[i + 1], tok[i + 2]);
            if (dossier_get(c, a, code, d, &ignored) == MC_OK && in_scope(by, d)) return d->code;
            if (*u >= '0' && *u <= '9') break; /* only letters are stripped */
        }
    }
    return NULL;
}

mc_err payments_import(store *s, const calendar *cal, arena *a, const char *csv, size_t len, const ds_actor *by,
                       mc_time now, pay_report *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    if (!by || perm_scope_of(by->roles, ACT_PAYMENT_IMPORT) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Đối soát sao kê dành cho quản trị viên và cán bộ một cửa.",
                       "Only administrators and receivers import statements.");
    csv_record *rec;
    size_t nrec;
    mc_err e = csv_parse(a, csv, len, &rec, &nrec, err);
    if (e) return e;
    if (nrec == 0) return mc_fail(err, MC_ERR_INVALID, "file", "Tệp sao kê trống.", "Empty statement.");
    static const char *const amount_names[] = {"so tien", "amount", "credit", "ghi co", "so tien ghi co", "co", NULL};
    static const char *const note_names[] = {"noi dung", "description", "dien giai", "noi dung chuyen khoan", NULL};
    static const char *const ref_names[] = {"so tham chieu", "reference", "ref", "ma giao dich", "so but toan", NULL};
    static const char *const date_names[] = {"ngay", "date", "ngay giao dich", NULL};
    int ca = column(&rec[0], amount_names), cn = column(&rec[0], note_names), cr = column(&rec[0], ref_names),
        cd = column(&rec[0], date_names);
    if (ca < 0 || cn < 0)
        return mc_fail(
            err, MC_ERR_INVALID, "file",
            "Dòng đầu của tệp sao kê phải có tên cột: so_tien (số tiền) và noi_dung (nội dung chuyển khoản).",
            "The header needs an amount and a description column.");
    out->v = arena_alloc(a, nrec * sizeof *out->v);
    /* The importer, acting through the statement matching the table lets motcua do (dossier_rules.c). */
    ds_actor acting = {by->user_id, by->username, ROLE_SYSTEM, by->unit_id, by->unit_code, by->unit_path};
    for (size_t i = 1; i < nrec; i++) {
        const csv_record *r = &rec[i];
#define FIELD(col) ((col) >= 0 && (size_t)(col) < r->n ? r->fields[col] : NULL)
        pay_line *l = &out->v[out->n++];
        *l = (pay_line){.line = r->line, .note = FIELD(cn), .ref = FIELD(cr), .date = FIELD(cd)};
        l->amount = FIELD(ca) ? amount_of(FIELD(ca)) : -1;
#undef FIELD
        /* The same bank reference twice in the file is one payment. */
        bool seen = false;
        for (size_t k = 0; l->ref && *l->ref && k + 1 < out->n && !seen; k++)
            seen = out->v[k].ref && !strcmp(out->v[k].ref, l->ref);
        dossier d;
        l->code = code_in(store_reader(s), a, by, l->note, &d);
        if (l->amount <= 0) {
            l->outcome = PAY_UNMATCHED;
            l->reason = "Không đọc được số tiền.";
        } else if (!l->code) {
            l->outcome = PAY_UNMATCHED;
            l->reason = "Nội dung chuyển khoản không có mã hồ sơ nào thuộc phạm vi đối soát của bạn.";
        } else if (seen || d.paid_at) {
            l->outcome = PAY_DUPLICATE;
            l->reason =
                seen ? "Giao dịch này đã có ở dòng trước trong tệp." : "Hồ sơ đã được xác nhận nộp phí trước đó.";
        } else if (d.fee_amount <= 0 || d.state != DS_PAYMENT) {
            l->outcome = PAY_NOT_DUE;
            l->reason = "Hồ sơ không ở trạng thái chờ nộp phí.";
        } else if (l->amount != d.fee_amount) {
            l->outcome = PAY_WRONG_AMOUNT;
            l->expected = d.fee_amount;
            l->reason = "Số tiền khác số phí phải nộp.";
        } else {
            char money[TEXT_VND_MAX];
            ds_act_input in = {.note = arena_printf(a, "Đối soát sao kê ngân hàng: dòng %d%s%s, %s (nhập bởi %s)",
                                                    l->line, l->ref ? ", tham chiếu " : "", l->ref ? l->ref : "",
                                                    text_vnd(l->amount, money), by->username)};
            mc_error e2;
            dossier after;
            if (dossier_act(s, cal, &acting, l->code, DA_MARK_PAID, &in, now, a, &after, &e2) == MC_OK) {
                l->outcome = PAY_MATCHED;
                l->reason = "Đã xác nhận nộp phí.";
            } else {
                l->outcome = PAY_NOT_DUE;
                l->reason = arena_strdup(a, e2.message);
            }
        }
        out->count[l->outcome]++;
    }
    return MC_OK;
}
