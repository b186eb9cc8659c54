/* notify.c - which journal entries notify whom (notify.h). */
#include "notify.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dossier.h"
#include "feedback.h"
#include "jsonw.h"
#include "outbox.h"
#include "tasks.h"
#include "text.h"
#include "units.h"
#include "vietqr.h"

/* ---- the events and their fields ---------------------------------------------------------------------- */

#define DOSSIER_FIELDS "code", "procedure", "unit"
static const char *const f_received[] = {DOSSIER_FIELDS, "due", NULL};
static const char *const f_supplement[] = {DOSSIER_FIELDS, "items", "reason", NULL};
static const char *const f_fee[] = {DOSSIER_FIELDS, "amount",        "bank", "account",
                                    "account_name", "transfer_note", "qr",   NULL};
static const char *const f_result[] = {DOSSIER_FIELDS, NULL};
static const char *const f_late[] = {DOSSIER_FIELDS, "old_due", "new_due", "reason", NULL};
static const char *const f_feedback[] = {"code", "unit", NULL};
static const char *const f_task[] = {"code", "title", "due", NULL};
static const char *const ch_person[] = {"email", "sms", "inapp", NULL};
static const char *const ch_officer[] = {"inapp", "email", NULL};

static const notify_event events[] = {
    {"received", "Hồ sơ đã được tiếp nhận", f_received, ch_person},
    {"supplement", "Yêu cầu bổ sung hồ sơ", f_supplement, ch_person},
    {"fee", "Đề nghị nộp phí, lệ phí", f_fee, ch_person},
    {"result", "Đã có kết quả", f_result, ch_person},
    {"late", "Xin lỗi và hẹn lại ngày trả kết quả", f_late, ch_person},
    {"feedback", "Phản ánh, kiến nghị đã được trả lời", f_feedback, ch_person},
    {"task_due", "Nhiệm vụ sắp đến hạn", f_task, ch_officer},
    {"task_overdue", "Nhiệm vụ quá hạn", f_task, ch_officer},
};

const notify_event *notify_events(size_t *n) {
    *n = sizeof events / sizeof events[0];
    return events;
}

const notify_event *notify_event_find(const char *name) {
    for (size_t i = 0; name && i < sizeof events / sizeof events[0]; i++)
        if (!strcmp(events[i].event, name)) return &events[i];
    return NULL;
}

bool notify_field_ok(const notify_event *ev, const char *channel, const char *field) {
    if (!strcmp(field, "link")) return true;
    if (!strcmp(field, "unsubscribe")) return channel && !strcmp(channel, "email");
    for (const char *const *f = ev->fields; *f; f++)
        if (!strcmp(*f, field)) return true;
    return false;
}

/* ---- the rules: which entry is which event, to whom ------------------------------------------------------ */

typedef enum { TO_APPLICANT, TO_SENDER, TO_OFFICERS } audience;

static const struct rule {
    const char *subject; /* NULL: a dossier's entry */
    const char *action;
    const char *to_state; /* NULL: any */
    const char *event;
    audience to;
} rules[] = {
    /* Received: online dossiers accepted by the counter, and counter intake (which journals "submit" then
     * "accept" in one transaction). */
    {NULL, "accept", "received", "received", TO_APPLICANT},
    {NULL, "request_supplement", NULL, "supplement", TO_APPLICANT},
    {NULL, "request_payment", NULL, "fee", TO_APPLICANT},
    {NULL, "result_ready", NULL, "result", TO_APPLICANT},
    {NULL, "extend", NULL, "late", TO_APPLICANT},
    {FEEDBACK_SUBJECT, "feedback.answer", NULL, "feedback", TO_SENDER},
    {TASKS_SUBJECT, "task.remind", NULL, "task_due", TO_OFFICERS},
    {TASKS_SUBJECT, "task.overdue", NULL, "task_overdue", TO_OFFICERS},
};

static const struct rule *rule_of(const journal_entry *e) {
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const struct rule *r = &rules[i];
        if ((r->subject == NULL) != (e->subject == NULL)) continue;
        if (r->subject && strcmp(r->subject, e->subject)) continue;
        if (!e->action || strcmp(r->action, e->action)) continue;
        if (r->to_state && (!e->to_state || strcmp(r->to_state, e->to_state))) continue;
        return &rules[i];
    }
    return NULL;
}

/* ---- addresses, opt-outs, preferences ------------------------------------------------------------------ */

bool notify_address_normal(const char *channel, const char *address, char *out, size_t size) {
    if (!address || !size) return false;
    size_t n = 0;
    if (!strcmp(channel, "email")) {
        while (*address == ' ' || *address == '\t') address++;
        size_t len = strlen(address);
        while (len && (address[len - 1] == ' ' || address[len - 1] == '\t')) len--;
        if (!len || len >= size || !memchr(address, '@', len)) return false;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)address[i];
            if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
            out[n++] = (char)tolower(c);
        }
        out[n] = 0;
        return true;
    }
    if (!strcmp(channel, "sms")) {
        const char *p = address;
        if (*p == '+') p++;
        char digits[32];
        size_t k = 0;
        for (; *p; p++) {
            if (isdigit((unsigned char)*p)) {
                if (k + 1 >= sizeof digits) return false;
                digits[k++] = *p;
            } else if (*p != ' ' && *p != '.' && *p != '-')
                return false;
        }
        digits[k] = 0;
        const char *d = digits;
        if (k > 9 && !strncmp(d, "84", 2)) {
            d += 2;
            if (n + 1 < size) out[n++] = '0';
        }
        if (strlen(d) + n + 1 > size || strlen(d) + n < 9) return false;
        snprintf(out + n, size - n, "%s", d);
        return true;
    }
    return false;
}

bool notify_address_hash(const char *channel, const char *address, char out[65]) {
    char norm[256];
    if (!notify_address_normal(channel, address, norm, sizeof norm)) return false;
    buf b = {0};
    buf_printf(&b, "%s:%s", channel, norm);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)b.data, b.len, NULL, 0);
    buf_free(&b);
    sodium_bin2hex(out, 65, h, sizeof h);
    return true;
}

mc_err notify_optout_has(store_conn *c, const char *hash, bool *out, mc_error *err) {
    *out = false;
    store_rows *r = store_query(c, Q_NOTIFY_OPTOUT_HAS, SV_ARGS(SV_T(hash)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = k == 1;
    return MC_OK;
}

mc_err notify_opted_out(store_conn *c, const char *channel, const char *address, bool *out, mc_error *err) {
    char h[65];
    *out = false;
    if (!notify_address_hash(channel, address, h)) return MC_OK;
    return notify_optout_has(c, h, out, err);
}

/* The opt-out MAC key (meta notify_optout_key), created on first use. */
static mc_err optout_key(store *s, store_conn *c, unsigned char key[32], mc_error *err) {
    for (int round = 0; round < 2; round++) {
        store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("notify_optout_key")), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        bool ok = k == 1 && store_text(r, 0) &&
                  !sodium_hex2bin(key, 32, store_text(r, 0), strlen(store_text(r, 0)), NULL, NULL, NULL);
        store_rows_free(r);
        if (k < 0) return MC_ERR_STORE;
        if (ok) return MC_OK;
        if (!s || round) break;
        unsigned char fresh[32];
        char hex[65];
        randombytes_buf(fresh, sizeof fresh);
        sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
        store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
        if (!w) return MC_ERR_STORE;
        mc_err e = store_exec(w, Q_META_INIT, SV_ARGS(SV_T("notify_optout_key"), SV_T(hex)), NULL, err);
        if ((e = store_finish(w, e, err))) return e;
    }
    return mc_fail(err, MC_ERR_INVALID, "token", "Liên kết hủy nhận thông báo không hợp lệ.", "No opt-out key yet.");
}

/* The MAC of a token's text (channel letter and hash), 16 bytes as hex. */
static void token_mac(const unsigned char key[32], const char *text, char out[33]) {
    unsigned char mac[16];
    crypto_generichash(mac, sizeof mac, (const unsigned char *)text, strlen(text), key, 32);
    sodium_bin2hex(out, 33, mac, sizeof mac);
}

mc_err notify_optout_token(store *s, const char *channel, const char *address, char out[NOTIFY_TOKEN_MAX],
                           mc_error *err) {
    char h[65];
    if (!notify_address_hash(channel, address, h))
        return mc_fail(err, MC_ERR_INVALID, "address", "Địa chỉ nhận không hợp lệ.", "Bad address.");
    unsigned char key[32];
    mc_err e = optout_key(s, store_reader(s), key, err);
    if (e) return e;
    char text[80], mac[33];
    snprintf(text, sizeof text, "%c%s", channel[0], h);
    token_mac(key, text, mac);
    snprintf(out, NOTIFY_TOKEN_MAX, "%.65s.%.32s", text, mac);
    sodium_memzero(key, sizeof key);
    return MC_OK;
}

mc_err notify_optout_check(store_conn *c, const char *token, char channel[8], char hash[65], mc_error *err) {
    const char *bad_vi = "Liên kết hủy nhận thông báo không hợp lệ hoặc đã bị sửa.";
    if (!token || strlen(token) != 1 + 64 + 1 + 32 || token[65] != '.' || (token[0] != 'e' && token[0] != 's'))
        return mc_fail(err, MC_ERR_INVALID, "token", bad_vi, "Bad opt-out token.");
    for (int i = 1; i < 98; i++)
        if (i != 65 && !isxdigit((unsigned char)token[i]))
            return mc_fail(err, MC_ERR_INVALID, "token", bad_vi, "Bad opt-out token.");
    unsigned char key[32];
    mc_err e = optout_key(NULL, c, key, err);
    if (e) return mc_fail(err, MC_ERR_INVALID, "token", bad_vi, "No opt-out key.");
    char text[80], mac[33];
    snprintf(text, sizeof text, "%.65s", token);
    token_mac(key, text, mac);
    sodium_memzero(key, sizeof key);
    if (sodium_memcmp(mac, token + 66, 32))
        return mc_fail(err, MC_ERR_INVALID, "token", bad_vi, "Opt-out token MAC mismatch.");
    snprintf(channel, 8, "%s", token[0] == 'e' ? "email" : "sms");
    snprintf(hash, 65, "%.64s", token + 1);
    return MC_OK;
}

mc_err notify_optout_apply(store *s, const char *token, mc_time now, mc_error *err) {
    char ch[8], h[65];
    mc_err e = notify_optout_check(store_reader(s), token, ch, h, err);
    if (e) return e;
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    e = store_exec(w, Q_NOTIFY_OPTOUT_PUT, SV_ARGS(SV_T(h), SV_T(ch), SV_I(now)), NULL, err);
    return store_finish(w, e, err);
}

mc_err notify_prefs_get(store_conn *c, int64_t user_id, notify_prefs *out, mc_error *err) {
    *out = (notify_prefs){true, true, true};
    store_rows *r = store_query(c, Q_NOTIFY_PREFS_GET, SV_ARGS(SV_I(user_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) *out = (notify_prefs){store_int(r, 0) != 0, store_int(r, 1) != 0, store_int(r, 2) != 0};
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err notify_prefs_set(store *s, int64_t user_id, const notify_prefs *p, mc_time now, mc_error *err) {
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_NOTIFY_PREFS_PUT,
                          SV_ARGS(SV_I(user_id), SV_I(p->email), SV_I(p->sms), SV_I(p->inapp), SV_I(now)), NULL, err);
    return store_finish(w, e, err);
}

/* ---- template versions ----------------------------------------------------------------------------------- */

int notify_template_version(store_conn *c) {
    mc_error err;
    store_rows *r = store_query(c, Q_META_GET, SV_ARGS(SV_T("notify_templates_version")), &err);
    if (!r) return 1;
    int v = 1;
    if (store_next(r, &err) == 1 && store_text(r, 0)) v = atoi(store_text(r, 0));
    store_rows_free(r);
    return v > 0 ? v : 1;
}

mc_err notify_template_version_publish(store *s, int version, mc_error *err) {
    if (version <= notify_template_version(store_reader(s)) && version >= 1) {
        /* Also record version 1 explicitly on a fresh database (nothing to lower). */
        store_rows *r = store_query(store_reader(s), Q_META_GET, SV_ARGS(SV_T("notify_templates_version")), err);
        if (!r) return MC_ERR_STORE;
        int k = store_next(r, err);
        store_rows_free(r);
        if (k != 0) return k < 0 ? MC_ERR_STORE : MC_OK;
    }
    store_conn *w = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!w) return MC_ERR_STORE;
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    mc_err e = store_exec(w, Q_META_SET, SV_ARGS(SV_T("notify_templates_version"), SV_T(v)), NULL, err);
    return store_finish(w, e, err);
}

/* ---- in-app notifications -------------------------------------------------------------------------------- */

mc_err notify_inapp_save(store *s, const char *tenant, int64_t user_id, int64_t outbox_id, const char *event,
                         const char *title, const char *body, const char *link, mc_time now, mc_error *err) {
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_NOTIFY_INAPP_INSERT,
                          SV_ARGS(SV_T(tenant), SV_I(user_id), SV_I(outbox_id), SV_T(event), SV_T(title), SV_T(body),
                                  SV_T(link), SV_I(now)),
                          NULL, err);
    return store_finish(w, e, err);
}

mc_err notify_inapp_list(store_conn *c, arena *a, int64_t user_id, int limit, notify_item **out, size_t *n,
                         int64_t *unread, mc_error *err) {
    *n = 0;
    *unread = 0;
    if (limit < 1) limit = 1;
    if (limit > NOTIFY_LIST_MAX) limit = NOTIFY_LIST_MAX;
    *out = arena_alloc(a, (size_t)limit * sizeof **out);
    store_rows *r = store_query(c, Q_NOTIFY_INAPP_LIST, SV_ARGS(SV_I(user_id), SV_I(limit)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1 && *n < (size_t)limit)
        (*out)[(*n)++] = (notify_item){.id = store_int(r, 0),
                                       .event = arena_strdup(a, store_text(r, 1)),
                                       .title = arena_strdup(a, store_text(r, 2)),
                                       .body = arena_strdup(a, store_text(r, 3)),
                                       .link = arena_strdup(a, store_text(r, 4)),
                                       .created_at = store_int(r, 5),
                                       .read_at = store_null(r, 6) ? 0 : store_int(r, 6)};
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    r = store_query(c, Q_NOTIFY_INAPP_UNREAD, SV_ARGS(SV_I(user_id)), err);
    if (!r) return MC_ERR_STORE;
    if ((k = store_next(r, err)) == 1) *unread = store_int(r, 0);
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err notify_inapp_read(store *s, int64_t user_id, int64_t id, mc_time now, mc_error *err) {
    store_rows *r = store_query(store_reader(s), Q_NOTIFY_INAPP_OWNER, SV_ARGS(SV_I(id), SV_I(user_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    char tenant[64] = "";
    if (k == 1) snprintf(tenant, sizeof tenant, "%s", store_text(r, 0) ? store_text(r, 0) : "");
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, "id", "Không có thông báo này.", "No such notification.");
    store_conn *w = store_begin_tenant(s, tenant, err);
    if (!w) return MC_ERR_STORE;
    mc_err e = store_exec(w, Q_NOTIFY_INAPP_READ, SV_ARGS(SV_I(now), SV_I(id), SV_I(user_id)), NULL, err);
    return store_finish(w, e, err);
}

/* ---- the producer ---------------------------------------------------------------------------------------- */

typedef struct {
    store_conn *w;
    const journal_entry *e;
    const struct rule *rule;
    arena *a;
    char tmpl[48];
    int64_t dossier_id;
    const char *subject;
    int64_t subject_id;
    const char *payload;
} produce;

/* Puts one message for channel and recipient unless the address opted out or the account's preferences
 * turn the channel off (prefs NULL: no account). several: the entry notifies more than one recipient on
 * this channel, so the dedup key names the recipient too. */
static mc_err put_one(produce *p, const char *channel, const char *recipient, const notify_prefs *prefs, bool several,
                      mc_error *err) {
    if (!recipient || !*recipient) return MC_OK;
    if (prefs && ((!strcmp(channel, "email") && !prefs->email) || (!strcmp(channel, "sms") && !prefs->sms) ||
                  (!strcmp(channel, "inapp") && !prefs->inapp)))
        return MC_OK;
    char norm[256];
    if (strcmp(channel, "inapp")) {
        if (!notify_address_normal(channel, recipient, norm, sizeof norm)) return MC_OK; /* not an address */
        bool out;
        mc_err e = notify_opted_out(p->w, channel, recipient, &out, err);
        if (e || out) return e;
        recipient = norm;
    }
    const char *dedup = several ? arena_printf(p->a, "%s:%s:%s", channel, p->e->hash, recipient)
                                : arena_printf(p->a, "%s:%s", channel, p->e->hash);
    outbox_msg m = {.tenant = p->e->tenant,
                    .channel = channel,
                    .event = p->rule->event,
                    .dedup = dedup,
                    .dossier_id = p->dossier_id,
                    .subject = p->subject,
                    .subject_id = p->subject_id,
                    .recipient = recipient,
                    .tmpl = p->tmpl,
                    .payload = p->payload,
                    .at = p->e->at};
    return outbox_put(p->w, &m, err);
}

/* The messages to a person: e-mail, phone, and the in-app list of their account (0: none). */
static mc_err to_person(produce *p, const char *email, const char *phone, int64_t user_id, mc_error *err) {
    notify_prefs prefs;
    mc_err e = MC_OK;
    if (user_id && (e = notify_prefs_get(p->w, user_id, &prefs, err))) return e;
    const notify_prefs *pp = user_id ? &prefs : NULL;
    if ((e = put_one(p, "email", email, pp, false, err))) return e;
    if ((e = put_one(p, "sms", phone, pp, false, err))) return e;
    if (user_id) e = put_one(p, "inapp", arena_printf(p->a, "%lld", (long long)user_id), pp, false, err);
    return e;
}

static const char *vn_time(arena *a, mc_time t) {
    if (!t) return "";
    char s[17];
    time_format_vn(t, s);
    return arena_strdup(a, s);
}

/* The code of record `id` by query q (dossiers, feedback, tasks), or NULL. */
static const char *code_of(store_conn *w, arena *a, store_qid q, const char *tenant, int64_t id, mc_error *err) {
    store_rows *r = store_query(w, q, SV_ARGS(SV_T(tenant), SV_I(id)), err);
    if (!r) return NULL;
    const char *code = store_next(r, err) == 1 ? arena_strdup(a, store_text(r, 0)) : NULL;
    store_rows_free(r);
    return code;
}

/* The reason of the dossier's latest open request of kind (supplement), or NULL. */
static const char *request_reason(store_conn *w, arena *a, const dossier *d, const char *kind, mc_error *err) {
    ds_request *v;
    size_t n;
    if (dossier_requests(w, a, d->tenant, d->id, &v, &n, err)) return NULL;
    for (size_t i = n; i-- > 0;)
        if (!strcmp(v[i].kind, kind)) return v[i].reason;
    return NULL;
}

static mc_err dossier_event(produce *p, mc_error *err) {
    const journal_entry *e = p->e;
    dossier d;
    mc_err r;
    if (e->dossier) {
        d = *e->dossier; /* as the transaction wrote it */
    } else {
        const char *code = code_of(p->w, p->a, Q_NOTIFY_DOSSIER_CODE, e->tenant, e->dossier_id, err);
        if (!code) return MC_OK;
        if ((r = dossier_get(p->w, p->a, code, &d, err))) return r;
    }
    char key[9];
    if ((r = dossier_tracking_key(p->w, d.code, key, err))) return r;
    buf b = {0};
    jsonw j = {0};
    jsonw_open(&j, &b);
    jsonw_str(&j, "code", d.code);
    jsonw_str(&j, "procedure", d.procedure_name);
    jsonw_str(&j, "unit", d.receiving_unit_name);
    jsonw_str(&j, "path", arena_printf(p->a, "/tra-cuu?code=%s&key=%s", d.code, key));
    const char *ev = p->rule->event;
    if (!strcmp(ev, "received")) {
        jsonw_str(&j, "due", vn_time(p->a, d.due_at));
    } else if (!strcmp(ev, "supplement")) {
        jsonw_str(&j, "items", e->note ? e->note : "");
        const char *why = request_reason(p->w, p->a, &d, "supplement", err);
        jsonw_str(&j, "reason", why ? why : "");
    } else if (!strcmp(ev, "fee")) {
        char money[TEXT_VND_MAX];
        jsonw_str(&j, "amount", d.fee_amount > 0 ? text_vnd(d.fee_amount, money) : "");
        unit_account acct;
        mc_error ignore;
        char note[32], qr[VIETQR_MAX] = "";
        snprintf(note, sizeof note, "HS %s", d.code); /* as the receipt's VietQR: matched on the bank statement */
        bool have =
            d.receiving_unit_code && !units_account_get(p->w, p->a, d.receiving_unit_code, &acct, NULL, &ignore);
        if (have && vietqr_payload(&(vietqr_input){acct.bin, acct.account, d.fee_amount, note}, qr, &ignore)) qr[0] = 0;
        jsonw_str(&j, "bank", have ? acct.bank : "");
        jsonw_str(&j, "account", have ? acct.account : "");
        jsonw_str(&j, "account_name", have ? acct.name : "");
        jsonw_str(&j, "transfer_note", note);
        jsonw_str(&j, "qr", qr);
    } else if (!strcmp(ev, "late")) {
        jsonw_str(&j, "old_due", vn_time(p->a, d.original_due_at));
        jsonw_str(&j, "new_due", vn_time(p->a, d.due_at));
        const char *why = e->note ? strstr(e->note, "Lý do: ") : NULL;
        jsonw_str(&j, "reason", why ? why + strlen("Lý do: ") : e->note ? e->note : "");
    }
    jsonw_close(&j);
    p->payload = arena_strdup(p->a, b.data);
    buf_free(&b);
    p->dossier_id = d.id;
    return to_person(p, d.applicant.email, d.applicant.phone, d.citizen_user_id, err);
}

static mc_err feedback_event(produce *p, mc_error *err) {
    const char *code = code_of(p->w, p->a, Q_NOTIFY_FEEDBACK_CODE, p->e->tenant, p->e->subject_id, err);
    if (!code) return MC_OK;
    feedback f;
    mc_err r = feedback_get(p->w, p->a, code, &f, err);
    if (r) return r;
    if (!(f.sender_email && *f.sender_email) && !(f.sender_phone && *f.sender_phone) && !f.sender_user_id)
        return MC_OK; /* no contact left: nobody to tell */
    char key[9];
    if ((r = feedback_key(p->w, code, key, err))) return r;
    buf b = {0};
    jsonw j = {0};
    jsonw_open(&j, &b);
    jsonw_str(&j, "code", f.code);
    jsonw_str(&j, "unit", f.handling_unit_name);
    jsonw_str(&j, "path", arena_printf(p->a, "/phan-anh/tra-cuu?code=%s&key=%s", f.code, key));
    jsonw_close(&j);
    p->payload = arena_strdup(p->a, b.data);
    buf_free(&b);
    p->subject = FEEDBACK_SUBJECT;
    p->subject_id = f.id;
    return to_person(p, f.sender_email, f.sender_phone, f.sender_user_id, err);
}

static mc_err task_event(produce *p, mc_error *err) {
    store_rows *r = store_query(p->w, Q_NOTIFY_TASK, SV_ARGS(SV_I(p->e->subject_id), SV_T(p->e->tenant)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    const char *code = NULL, *title = NULL;
    mc_time due = 0;
    if (k == 1) {
        code = arena_strdup(p->a, store_text(r, 0));
        title = arena_strdup(p->a, store_text(r, 1));
        due = store_int(r, 2);
    }
    store_rows_free(r);
    if (k != 1) return k < 0 ? MC_ERR_STORE : MC_OK;
    buf b = {0};
    jsonw j = {0};
    jsonw_open(&j, &b);
    jsonw_str(&j, "code", code);
    jsonw_str(&j, "title", title);
    jsonw_str(&j, "due", vn_time(p->a, due));
    jsonw_str(&j, "path", arena_printf(p->a, "/can-bo/nhiem-vu/%lld", (long long)p->e->subject_id));
    jsonw_close(&j);
    p->payload = arena_strdup(p->a, b.data);
    buf_free(&b);
    p->subject = TASKS_SUBJECT;
    p->subject_id = p->e->subject_id;
    /* The officers of the lead unit: each in the app, and by e-mail when they have one. */
    typedef struct {
        int64_t id;
        const char *email;
    } officer;
    officer v[NOTIFY_TASK_OFFICERS_MAX];
    size_t n = 0;
    r = store_query(p->w, Q_NOTIFY_TASK_OFFICERS,
                    SV_ARGS(SV_I(p->e->subject_id), SV_T(p->e->tenant), SV_I(NOTIFY_TASK_OFFICERS_MAX)), err);
    if (!r) return MC_ERR_STORE;
    while ((k = store_next(r, err)) == 1 && n < NOTIFY_TASK_OFFICERS_MAX)
        v[n++] = (officer){store_int(r, 0), arena_strdup(p->a, store_text(r, 1))};
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    mc_err e = MC_OK;
    for (size_t i = 0; !e && i < n; i++) {
        notify_prefs prefs;
        if ((e = notify_prefs_get(p->w, v[i].id, &prefs, err))) break;
        e = put_one(p, "inapp", arena_printf(p->a, "%lld", (long long)v[i].id), &prefs, true, err);
        if (!e) e = put_one(p, "email", v[i].email, &prefs, true, err);
    }
    return e;
}

mc_err notify_on_journal(store_conn *w, const journal_entry *e, mc_error *err) {
    const struct rule *rule = rule_of(e);
    if (!rule) return MC_OK;
    produce p = {.w = w, .e = e, .rule = rule, .a = arena_create()};
    snprintf(p.tmpl, sizeof p.tmpl, "%s@%d", rule->event, notify_template_version(w));
    mc_err r;
    if (rule->to == TO_APPLICANT)
        r = e->dossier_id ? dossier_event(&p, err) : MC_OK;
    else if (rule->to == TO_SENDER)
        r = feedback_event(&p, err);
    else
        r = task_event(&p, err);
    arena_free(p.a);
    return r;
}
