/* node_verify.c - what the province holds of a node's chain, against its own (node_verify.h). */
#include "node_verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "journal.h"

static const char genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

static void fault(node_verify_report *out, int64_t seq, const char *fmt, ...) {
    if (out->problem[0]) return; /* the first fault is the one told */
    out->bad_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->problem, sizeof out->problem, fmt, ap);
    va_end(ap);
}

mc_err node_verify(store_conn *c, const char *tenant, int number, node_verify_report *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    store_rows *r = store_query(c, Q_NODE_JOURNAL_ALL, SV_ARGS(SV_T(tenant), SV_I(number)), err);
    if (!r) return MC_ERR_STORE;
    arena *a = arena_create();
    char prev[65];
    memcpy(prev, genesis, sizeof prev);
    int k;
    mc_err e = MC_OK;
    while ((k = store_next(r, err)) == 1) {
        journal_entry je;
        journal_read_entry(r, a, &je);
        const char *status = store_text(r, 22);
        int64_t seq = je.id, pid = store_null(r, 23) ? 0 : store_int(r, 23), cid = store_null(r, 24) ? 0 : store_int(r, 24);
        out->entries++;
        char h[65];
        journal_entry_hash(&je, 2, h);
        if (seq != out->entries)
            fault(out, seq, "Thiếu thao tác số %lld của máy trạm (chuỗi có khoảng trống).", (long long)out->entries);
        else if (strcmp(je.prev_hash, prev) != 0)
            fault(out, seq, "Thao tác số %lld không nối với thao tác trước nó.", (long long)seq);
        else if (strcmp(h, je.hash) != 0)
            fault(out, seq, "Thao tác số %lld có mã băm không khớp nội dung (đã bị sửa).", (long long)seq);
        memcpy(prev, je.hash, sizeof prev);
        if (!strcmp(status, "applied") && je.dossier_id) {
            out->applied++;
            /* Its copy in the province's chain, by the id recorded, with the origin naming it. */
            char want[96];
            snprintf(want, sizeof want, "%d:%lld:%s", number, (long long)seq, je.hash);
            store_rows *o = store_query(c, Q_JOURNAL_ORIGIN_OF, SV_ARGS(SV_T(tenant), SV_I(pid)), err);
            if (!o) {
                e = MC_ERR_STORE;
                break;
            }
            int got = store_next(o, err);
            bool same = got == 1 && store_text(o, 0) && !strcmp(store_text(o, 0), want);
            store_rows_free(o);
            if (got < 0) {
                e = MC_ERR_STORE;
                break;
            }
            if (!same)
                fault(out, seq, "Thao tác số %lld được ghi nhận nhưng không có trong nhật ký của tỉnh với nguồn %s.",
                      (long long)seq, want);
        } else if (!strcmp(status, "conflict")) {
            out->conflicts++;
            int64_t n = 0;
            if ((e = store_scalar_int(c, Q_NODE_CONFLICT_EXISTS, SV_ARGS(SV_T(tenant), SV_I(cid)), &n, err))) break;
            if (!n) fault(out, seq, "Thao tác số %lld ở trạng thái xung đột nhưng không có xung đột nào được ghi.",
                          (long long)seq);
        } else {
            out->local++;
        }
    }
    store_rows_free(r);
    arena_free(a);
    if (k < 0) return MC_ERR_STORE;
    if (e) return e;
    /* Exactly once: as many entries of the province's chain claim to come from the node as it applied. */
    char like[16];
    snprintf(like, sizeof like, "%d:%%", number);
    int64_t claimed = 0, acked = 0;
    if ((e = store_scalar_int(c, Q_JOURNAL_ORIGIN_COUNT, SV_ARGS(SV_T(tenant), SV_T(like)), &claimed, err))) return e;
    if (claimed != out->applied)
        fault(out, 0, "Nhật ký của tỉnh có %lld thao tác ghi nguồn máy trạm số %d, nhưng chỉ %lld thao tác được ghi nhận.",
              (long long)claimed, number, (long long)out->applied);
    if ((e = store_scalar_int(c, Q_NODE_ACKED_OF, SV_ARGS(SV_T(tenant), SV_I(number)), &acked, err))) return e;
    if (acked != out->entries)
        fault(out, 0, "Tỉnh báo máy trạm đã nhận đến thao tác %lld nhưng giữ %lld thao tác.", (long long)acked,
              (long long)out->entries);
    return MC_OK;
}
