/* dossier_acts.c - the acts a dossier's forms record (dossier_acts.h). */
#include "dossier_acts.h"

#include <stdio.h>
#include <string.h>

#include "units.h"
#include "users.h"

/* How each kind of act shows in the journal and among the requests, and what
 * a form of it says when the dossier has none. */
static const struct {
    const char *action;  /* journal action; NULL: the intake (entering "received") */
    const char *request; /* dossier_requests.kind, NULL if it makes none */
    const char *none_vi, *none_en;
} kinds[DACT__COUNT] = {
    [DACT_INTAKE] = {NULL, NULL, "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.",
                     "Not received yet."},
    [DACT_SUPPLEMENT] = {"request_supplement", "supplement", "Hồ sơ chưa có yêu cầu bổ sung nào.",
                         "No supplement request."},
    [DACT_REFUSAL] = {"refuse", "refusal", "Hồ sơ không bị từ chối tiếp nhận.", "Not refused."},
    [DACT_EXTENSION] = {"extend", NULL, "Hồ sơ chưa được gia hạn nên không có phiếu xin lỗi.", "Never extended."},
    [DACT_STOP] = {"stop", "stop", "Hồ sơ không bị dừng giải quyết.", "Not stopped."},
};

/* Full name of who made entry e. */
static const char *actor_name(store_conn *c, arena *a, const journal_entry *e) {
    if (e->role && !strcmp(e->role, "system")) return "Hệ thống (tự động)";
    user u;
    if (e->actor && users_get(c, a, e->actor, &u, NULL, NULL) == MC_OK && u.name && *u.name) return u.name;
    return e->actor;
}

mc_err dossier_journal_lines(store_conn *c, arena *a, const dossier *d, ds_journal_line **out, size_t *n,
                             mc_error *err) {
    journal_entry *v;
    size_t k;
    mc_err e = journal_of(c, a, d->tenant, d->id, &v, &k, err);
    if (e) return e;
    ds_journal_line *l = arena_alloc(a, (k ? k : 1) * sizeof *l);
    for (size_t i = 0; i < k; i++) {
        l[i].e = v[i];
        /* Entries by the same person come in runs: look the name up once per run. */
        l[i].actor_name = i && v[i - 1].actor && v[i].actor && !strcmp(v[i - 1].actor, v[i].actor) &&
                                  !strcmp(v[i - 1].role ? v[i - 1].role : "", v[i].role ? v[i].role : "")
                              ? l[i - 1].actor_name
                              : actor_name(c, a, &v[i]);
        org_unit u;
        l[i].to_unit_name = v[i].to_unit_code && units_get(c, a, v[i].to_unit_code, &u, NULL) == MC_OK ? u.name : NULL;
    }
    *out = l;
    *n = k;
    return MC_OK;
}

/* True when e records the act of `kind`. */
static bool is_act(const journal_entry *e, ds_act_kind kind) {
    if (kinds[kind].action) return e->action && !strcmp(e->action, kinds[kind].action);
    /* The intake: the entry that takes the dossier into "received" (an acceptance, or the opening of a partner
     * dossier); an extension keeps it there and is not one. */
    return e->to_state && !strcmp(e->to_state, "received") && (!e->from_state || strcmp(e->from_state, "received"));
}

/* "HH:MM dd/mm/yyyy" (time_format_vn) at s as an instant; 0 if it is not one. */
static mc_time vn_time(const char *s) {
    int hh, mm, dd, mo, y, used = 0;
    if (!s || sscanf(s, "%2d:%2d %2d/%2d/%4d%n", &hh, &mm, &dd, &mo, &y, &used) != 5 || used != 16 ||
        !ymd_valid(y, mo, dd) || hh > 23 || mm > 59 || hh < 0 || mm < 0)
        return 0;
    return time_from_local(day_from_ymd(y, mo, dd), hh * 3600 + mm * 60);
}

mc_err dossier_act_record(store_conn *c, arena *a, const dossier *d, ds_act_kind kind, int n, ds_act_record *out,
                          mc_error *err) {
    memset(out, 0, sizeof *out);
    out->kind = kind;
    journal_entry *v;
    size_t nv;
    mc_err e = journal_of(c, a, d->tenant, d->id, &v, &nv, err);
    if (e) return e;
    const journal_entry *pick = NULL;
    int count = 0;
    if (kind == DACT_INTAKE && n <= 0) n = 1; /* received once: its first entry into "received" */
    for (size_t i = 0; i < nv; i++)
        if (is_act(&v[i], kind) && (++count == n || n <= 0)) pick = &v[i];
    if (kind == DACT_INTAKE) {
        /* Received once, whatever the journal says: the receipt exists when the dossier has an intake time. */
        count = d->received_at ? 1 : 0;
    }
    if (!count) return mc_fail(err, MC_ERR_CONFLICT, "form", kinds[kind].none_vi, kinds[kind].none_en);
    if (n > count || (kind != DACT_INTAKE && !pick)) {
        return mc_failf(err, MC_ERR_NOT_FOUND, "n",
                        "Hồ sơ chỉ có %d phiếu loại này; không có phiếu thứ %d (tham số n).",
                        "The dossier has %d such acts; there is no number %d.", count, n);
    }
    out->n = n > 0 ? n : count;
    out->count = count;
    if (pick) {
        out->at = pick->at;
        out->actor = pick->actor;
        out->role = pick->role;
        out->actor_name = actor_name(c, a, pick);
        out->unit_code = pick->unit_code;
    }
    if (kind == DACT_INTAKE) out->at = d->received_at; /* what the receipt states as the time of receipt */
    if (kinds[kind].request) {
        /* The request the act made: the one of the same rank among the requests of its kind (both are written
         * in the act's transaction, in the same order). */
        ds_request *q;
        size_t nq;
        if ((e = dossier_requests(c, a, d->tenant, d->id, &q, &nq, err))) return e;
        int rank = 0;
        for (size_t i = 0; i < nq; i++)
            if (q[i].kind && !strcmp(q[i].kind, kinds[kind].request) && ++rank == out->n) {
                out->items = q[i].items;
                out->reason = q[i].reason;
            }
        if (kind == DACT_STOP && !out->reason) out->reason = pick->note;
    }
    if (kind == DACT_EXTENSION) {
        /* The note dossier_act writes: "Xin lỗi và hẹn lại: <was> → <new>. Lý do: <reason>". The new appointment
         * is the one the letter promised, even if a later pause moved the dossier's. */
        const char *note = pick->note ? pick->note : "", *arrow = strstr(note, "→ "), *why = strstr(note, "Lý do: ");
        const char *was = strstr(note, ": ");
        out->due_before = was ? vn_time(was + 2) : 0;
        out->due_after = arrow ? vn_time(arrow + strlen("→ ")) : 0;
        if (!out->due_before) out->due_before = d->original_due_at;
        if (!out->due_after) out->due_after = d->due_at;
        out->reason = why ? why + strlen("Lý do: ") : NULL;
    }
    return MC_OK;
}
