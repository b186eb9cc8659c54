/* feedback.c - citizens' feedback (phản ánh, kiến nghị): intake, the officers' actions as a
 * table, tracking, the sender's verdict, the deadline job and the figures (feedback.h). */
#include "feedback.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "code_space.h"
#include "dossier.h"
#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "text.h"
#include "units.h"

/* ---- names -------------------------------------------------------------------------------------------- */

static const char *const state_names[FB__STATES][2] = {
    {"received", "Chờ tiếp nhận, phân loại"},
    {"accepted", "Đang xử lý"},
    {"refused", "Không tiếp nhận"},
    {"answered", "Đã trả lời"},
};
static const char *const topic_names[FB__TOPICS][2] = {
    {"regulation", "Quy định hành chính, chính sách"},
    {"handling", "Việc giải quyết thủ tục hành chính"},
    {"conduct", "Hành vi, thái độ của cán bộ, công chức"},
    {"other", "Nội dung khác"},
};
static const char *const channel_names[FB__CHANNELS][2] = {
    {"portal", "trên cổng dịch vụ công"},
    {"counter", "trực tiếp tại bộ phận một cửa"},
    {"phone", "qua điện thoại (cán bộ ghi lại)"},
    {"api", "qua hệ thống khác (API)"},
};
static const char *const action_names[FBA__COUNT] = {"accept", "refuse", "transfer", "answer"};

static int parse(const char *const (*names)[2], int n, const char *s) {
    for (int i = 0; s && i < n; i++)
        if (!strcmp(names[i][0], s)) return i;
    return -1;
}

const char *fb_state_name(fb_state s) {
    return state_names[s][0];
}
const char *fb_state_label(fb_state s) {
    return state_names[s][1];
}
int fb_state_parse(const char *s) {
    return parse(state_names, FB__STATES, s);
}
const char *fb_topic_name(fb_topic t) {
    return topic_names[t][0];
}
const char *fb_topic_label(fb_topic t) {
    return topic_names[t][1];
}
int fb_topic_parse(const char *s) {
    return parse(topic_names, FB__TOPICS, s);
}
const char *fb_channel_name(fb_channel c) {
    return channel_names[c][0];
}
const char *fb_channel_label(fb_channel c) {
    return channel_names[c][1];
}
int fb_channel_parse(const char *s) {
    return parse(channel_names, FB__CHANNELS, s);
}
const char *fb_action_name(fb_action a) {
    return action_names[a];
}

int fb_action_parse(const char *s) {
    for (int i = 0; s && i < FBA__COUNT; i++)
        if (!strcmp(action_names[i], s)) return i;
    return -1;
}

/* ---- the time limits, as versioned data ------------------------------------------------------------ */

/* Oldest first. The limits are those of the national feedback system on the DVCQG (its operating
 * rules); which decision sets them (QĐ 31/2021/QĐ-TTg or QĐ 29/2026/QĐ-TTg) is unverified
 * (measurement.md §5, §10 item 5; docs/FEEDBACK.md). */
static const feedback_rules rules[] = {
    {"pakn-2021.1", "2021-01-01",
     "Quy chế hoạt động Cổng Dịch vụ công quốc gia (QĐ 31/2021/QĐ-TTg, thay bởi QĐ 29/2026/QĐ-TTg) — thời hạn của "
     "hệ thống tiếp nhận PAKN, chưa xác minh điều khoản",
     2, 15, 2, 2},
};

const feedback_rules *feedback_rules_on(mc_day day) {
    const feedback_rules *best = &rules[0];
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        mc_day from;
        if (day_parse(rules[i].effective_from, &from) && from <= day) best = &rules[i];
    }
    return best;
}

static const feedback_rules *rules_named(const char *version) {
    for (size_t i = 0; version && i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(rules[i].version, version)) return &rules[i];
    return &rules[0];
}

/* ---- reading ---------------------------------------------------------------------------------------- */

static const char *dup(arena *a, store_rows *r, int col) {
    return store_null(r, col) ? NULL : arena_strdup(a, store_text(r, col));
}

static mc_time opt_time(store_rows *r, int col) {
    return store_null(r, col) ? 0 : store_int(r, col);
}

static void read_item(store_rows *r, arena *a, feedback *f) {
    memset(f, 0, sizeof *f);
    f->id = store_int(r, 0);
    f->tenant = dup(a, r, 1);
    f->code = dup(a, r, 2);
    f->rules_version = dup(a, r, 3);
    int st = fb_state_parse(store_text(r, 4));
    f->state = st < 0 ? FB_RECEIVED : (fb_state)st;
    f->topic = store_null(r, 5) ? -1 : fb_topic_parse(store_text(r, 5));
    int ch = fb_channel_parse(store_text(r, 6));
    f->channel = ch < 0 ? FB_CH_PORTAL : (fb_channel)ch;
    f->sender_name = dup(a, r, 7);
    f->sender_address = dup(a, r, 8);
    f->sender_phone = dup(a, r, 9);
    f->sender_email = dup(a, r, 10);
    f->sender_user_id = opt_time(r, 11);
    f->consent_publish = store_int(r, 12) != 0;
    f->title = dup(a, r, 13);
    f->content = dup(a, r, 14);
    f->dossier_code = dup(a, r, 15);
    f->receiving_unit_code = dup(a, r, 16);
    f->receiving_unit_name = dup(a, r, 17);
    f->receiving_unit_path = dup(a, r, 18);
    f->handling_unit_code = dup(a, r, 19);
    f->handling_unit_name = dup(a, r, 20);
    f->handling_unit_path = dup(a, r, 21);
    f->concerned_user_id = opt_time(r, 22);
    f->concerned_username = dup(a, r, 23);
    f->concerned_unit_path = dup(a, r, 24);
    f->transfers = (int)store_int(r, 25);
    f->received_at = store_int(r, 26);
    f->assigned_at = store_int(r, 27);
    f->refuse_due_at = store_int(r, 28);
    f->answer_due_at = store_int(r, 29);
    f->decided_at = opt_time(r, 30);
    f->answered_at = opt_time(r, 31);
    f->published_at = opt_time(r, 32);
    f->rated_at = opt_time(r, 33);
    f->refuse_reason = dup(a, r, 34);
    f->answer = dup(a, r, 35);
    f->answered_by = dup(a, r, 36);
    f->satisfied = store_null(r, 37) ? -1 : (int)store_int(r, 37);
    f->alert = dup(a, r, 38);
    f->escalated_to = dup(a, r, 39);
    f->recorded_by = opt_time(r, 40);
}

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, "code",
                   "Không tìm thấy phản ánh, kiến nghị có mã này trong phạm vi tài khoản của bạn. Vui lòng kiểm tra "
                   "lại mã.",
                   "No feedback with this code within your account's reach.");
}

/* The tenant of the unit whose code follows "PA-" in a feedback code (its receiving unit's, where the
 * item's tenant was fixed), in out; "" when the code names no unit. */
static const char *tenant_guess(store_conn *c, const char *code, char out[UNITS_TENANT_MAX]) {
    char unit[32];
    out[0] = 0;
    if (strncmp(code, "PA-", 3)) return out;
    size_t len = strcspn(code + 3, "-");
    if (len == 0 || len >= sizeof unit || !code[3 + len]) return out;
    memcpy(unit, code + 3, len);
    unit[len] = '\0';
    if (units_tenant_of_code(c, unit, out, NULL) != 1) out[0] = 0;
    return out;
}

mc_err feedback_get(store_conn *c, arena *a, const char *code, feedback *out, mc_error *err) {
    if (!code || !*code || strlen(code) > 64) return not_found(err);
    char tenant[UNITS_TENANT_MAX];
    store_rows *r;
    const char *t = tenant_guess(c, code, tenant);
    int k = store_first_in(c, Q_FEEDBACK_GET_IN, SV_ARGS(SV_T(code), SV_T(*t ? t : NULL)), Q_FEEDBACK_GET,
                           SV_ARGS(SV_T(code)), &r, err);
    if (k == 1) read_item(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    return k == 1 ? MC_OK : not_found(err);
}

/* Reads every row of r into an arena array. */
static mc_err read_all(store_rows *r, arena *a, feedback **out, size_t *n, mc_error *err) {
    if (!r) return MC_ERR_STORE;
    size_t cap = 16, cnt = 0;
    feedback *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_item(r, a, &v[cnt++]);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err feedback_key(store_conn *c, const char *code, char key[9], mc_error *err) {
    return dossier_tracking_key(c, code, key, err); /* the same keyed hash of the code as a dossier's */
}

bool feedback_key_ok(store_conn *c, const feedback *f, const char *key) {
    if (!key || !*key) return false;
    char k[9], given[9];
    if (strlen(key) == 8) {
        for (int i = 0; i < 8; i++) given[i] = (char)toupper((unsigned char)key[i]);
        given[8] = 0;
        if (feedback_key(c, f->code, k, NULL) == MC_OK && !strcmp(k, given)) return true;
    }
    size_t n = f->sender_phone ? strlen(f->sender_phone) : 0;
    return n >= 4 && strlen(key) == 4 && !memcmp(f->sender_phone + n - 4, key, 4);
}

/* ---- who may do what ---------------------------------------------------------------------------------- */

static bool prefix(const char *p, const char *s) {
    return p && s && *p && !strncmp(s, p, strlen(p));
}

/* The root segment of a unit path ("/04/..." → same tenant as "/04/x/"). */
static bool same_tree(const char *a, const char *b) {
    if (!a || !b || a[0] != '/' || b[0] != '/') return false;
    const char *ea = strchr(a + 1, '/'), *eb = strchr(b + 1, '/');
    size_t na = ea ? (size_t)(ea - a) : strlen(a), nb = eb ? (size_t)(eb - b) : strlen(b);
    return na == nb && !memcmp(a, b, na);
}

static bool allows(const user *u, perm_action act, const char *path) {
    return u && perm_allows(u->roles, u->unit_path, act, path) &&
           (perm_scope_of(u->roles, act) != SCOPE_ALL || same_tree(u->unit_path, path));
}

/* A leader of the unit of the officer concerned (or of a unit above it), who is not that officer. */
static bool head_of(const user *u, const feedback *f) {
    if (!u || (f->concerned_user_id && u->id == f->concerned_user_id) || !(u->roles & ROLE_LEADER)) return false;
    return prefix(u->unit_path, f->concerned_unit_path ? f->concerned_unit_path : f->handling_unit_path);
}

bool feedback_may_read(const user *u, const feedback *f) {
    if (!u) return false;
    if (f->sender_user_id && u->id == f->sender_user_id) return true;
    if (f->topic == FB_TOPIC_CONDUCT) return head_of(u, f);
    return allows(u, ACT_FEEDBACK_READ, f->handling_unit_path) || allows(u, ACT_FEEDBACK_READ, f->receiving_unit_path);
}

bool feedback_may_handle(const user *u, const feedback *f) {
    if (!u || (f->concerned_user_id && u->id == f->concerned_user_id)) return false;
    if (f->topic == FB_TOPIC_CONDUCT && !head_of(u, f)) return false;
    return allows(u, ACT_FEEDBACK_HANDLE, f->handling_unit_path);
}

mc_err feedback_list(store_conn *c, arena *a, const user *u, int state, bool open, int limit, feedback **out, size_t *n,
                     mc_error *err) {
    *n = 0;
    *out = NULL;
    if (!u || !u->unit_path) return MC_OK;
    /* Read the tree of the user's own unit (or the province, for a scope of everything), then keep what
     * the rules let them read: conduct items are filtered here, not in SQL. */
    const char *root = u->unit_path;
    char tree[128];
    if (perm_scope_of(u->roles, ACT_FEEDBACK_READ) == SCOPE_ALL || (u->roles & ROLE_LEADER)) {
        const char *e = strchr(root + 1, '/');
        snprintf(tree, sizeof tree, "%.*s%%", e ? (int)(e - root + 1) : (int)strlen(root), root);
    } else
        snprintf(tree, sizeof tree, "%s%%", root);
    const char *st = state >= 0 ? fb_state_name((fb_state)state) : "";
    feedback *v;
    size_t cnt;
    char tenant[UNITS_TENANT_MAX];
    mc_err e =
        read_all(store_query(c, Q_FEEDBACK_LIST,
                             SV_ARGS(SV_T(tree), SV_T(tree), SV_T(st), SV_T(st), SV_I(open ? 1 : 0),
                                     SV_T(units_tenant_or_null(c, root, tenant)), SV_I(limit > 0 ? limit * 4 : 400)),
                             err),
                 a, &v, &cnt, err);
    if (e) return e;
    size_t m = 0;
    for (size_t i = 0; i < cnt && (limit <= 0 || (int)m < limit); i++)
        if (feedback_may_read(u, &v[i]) && !(v[i].sender_user_id == u->id && !u->unit_path)) v[m++] = v[i];
    *out = v;
    *n = m;
    return MC_OK;
}

mc_err feedback_of_sender(store_conn *c, arena *a, int64_t user_id, feedback **out, size_t *n, mc_error *err) {
    return read_all(store_query(c, Q_FEEDBACK_OF_SENDER, SV_ARGS(SV_I(user_id)), err), a, out, n, err);
}

mc_err feedback_published(store_conn *c, arena *a, const char *tenant, int limit, feedback **out, size_t *n,
                          mc_error *err) {
    /* every province's (a national page), or one's: one shard group */
    mc_err e =
        read_all(tenant && *tenant ? store_query(c, Q_FEEDBACK_PUBLISHED_IN, SV_ARGS(SV_T(tenant), SV_I(limit)), err)
                                   : store_query(c, Q_FEEDBACK_PUBLISHED, SV_ARGS(SV_I(limit)), err),
                 a, out, n, err);
    if (e) return e;
    for (size_t i = 0; i < *n; i++) {
        feedback *f = &(*out)[i];
        f->title = feedback_redact(a, f->title);
        f->content = feedback_redact(a, f->content);
        f->answer = feedback_redact(a, f->answer);
        f->sender_name = f->sender_address = f->sender_phone = f->sender_email = NULL;
        f->sender_user_id = 0;
        f->concerned_user_id = 0;
        f->concerned_username = NULL;
        f->dossier_code = NULL;
    }
    return MC_OK;
}

/* ---- redaction ---------------------------------------------------------------------------------------- */

static bool mail_char(unsigned char c) {
    return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

const char *feedback_redact(arena *a, const char *text) {
    if (!text) return NULL;
    buf b = {0};
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        /* An e-mail address: the word around an '@'. */
        if (mail_char(c)) {
            size_t j = i;
            while (j < n && mail_char((unsigned char)text[j])) j++;
            if (j < n && text[j] == '@' && j + 1 < n && mail_char((unsigned char)text[j + 1])) {
                size_t k = j + 1;
                while (k < n && mail_char((unsigned char)text[k])) k++;
                buf_puts(&b, "***");
                i = k;
                continue;
            }
        }
        /* A run of digits with single spaces, dots or dashes between them: 9 digits or more is a phone,
         * identity or account number. */
        if (isdigit(c)) {
            size_t j = i, digits = 0, last = i;
            while (j < n) {
                if (isdigit((unsigned char)text[j])) {
                    digits++;
                    last = j++;
                } else if ((text[j] == ' ' || text[j] == '.' || text[j] == '-') && j + 1 < n &&
                           isdigit((unsigned char)text[j + 1]))
                    j++;
                else
                    break;
            }
            if (digits >= 9) {
                buf_puts(&b, "***");
                i = last + 1;
                continue;
            }
            buf_append(&b, text + i, last + 1 - i);
            i = last + 1;
            continue;
        }
        buf_putc(&b, (char)c);
        i++;
    }
    char *s = buf_steal(&b);
    const char *out = arena_strdup(a, s ? s : "");
    free(s);
    return out;
}

/* ---- writing ------------------------------------------------------------------------------------------ */

static const char *role_of(const user *by) {
    if (!by) return "public";
    for (int i = 0; i < ROLE_COUNT; i++)
        if (by->roles & (1u << i)) return role_name((role)(1u << i));
    return "citizen";
}

/* Appends the item's journal entry inside w. */
static mc_err journal(store_conn *w, const char *tenant, int64_t id, const user *by, const char *actor,
                      const char *action, const char *from, const char *to, const char *unit_code, const char *to_unit,
                      const char *note, mc_time now, mc_error *err) {
    journal_entry e = {0};
    e.tenant = tenant;
    e.subject = FEEDBACK_SUBJECT;
    e.subject_id = id;
    e.at = now;
    e.user_id = by ? by->id : 0;
    e.actor = by ? by->username : actor;
    e.role = role_of(by);
    e.unit_code = unit_code;
    e.action = action;
    e.from_state = from;
    e.to_state = to;
    e.to_unit_code = to_unit;
    e.note = note;
    return journal_append(w, &e, err);
}

static mc_err check_text(const char *field, const char *value, bool required, const char *what, mc_error *err) {
    if (required && (!value || !*value))
        return mc_failf(err, MC_ERR_INVALID, field, "Vui lòng nhập %s.", "%s is required.", what, field);
    return field_limit_check(field, field, value, err);
}

static bool code_chars(const char *s) {
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.') return false;
    return true;
}

static bool unit_active(const org_unit *u, mc_time now) {
    if (!u->active_to) return true;
    mc_day to;
    return !day_parse(u->active_to, &to) || time_local_day(now) <= to;
}

mc_err feedback_submit(store *s, const calendar *cal, const user *by, const feedback_new *in, mc_time now, arena *a,
                       const char **code, mc_error *err) {
    bool officer = by && by->unit_path && (by->roles & ~(unsigned)ROLE_CITIZEN);
    fb_channel ch = in->channel;
    if (officer && ch != FB_CH_COUNTER && ch != FB_CH_PHONE && ch != FB_CH_API)
        return mc_fail(err, MC_ERR_INVALID, "channel",
                       "Cán bộ ghi nhận phản ánh nhận trực tiếp (counter) hoặc qua điện thoại (phone).",
                       "Officers record counter or phone feedback.");
    if (!officer && (ch == FB_CH_COUNTER || ch == FB_CH_PHONE))
        return mc_fail(err, MC_ERR_FORBIDDEN, "channel",
                       "Chỉ cán bộ tiếp nhận ghi phản ánh nhận trực tiếp hoặc qua điện thoại.",
                       "Only officers record counter or phone feedback.");
    mc_err e;
    if ((e = check_text("name", in->sender_name, true, "họ và tên người phản ánh (Điều 7 Nghị định 20/2008/NĐ-CP)",
                        err)) ||
        (e = check_text("address", in->sender_address, false, "địa chỉ", err)) ||
        (e = check_text("phone", in->sender_phone, false, "số điện thoại", err)) ||
        (e = check_text("email", in->sender_email, false, "thư điện tử", err)) ||
        (e = check_text("title", in->title, true, "tiêu đề phản ánh, kiến nghị", err)) ||
        (e = check_text("content", in->content, true, "nội dung phản ánh, kiến nghị", err)) ||
        (e = check_text("dossier_code", in->dossier_code, false, "mã hồ sơ", err)))
        return e;
    if (!(in->sender_phone && *in->sender_phone) && !(in->sender_email && *in->sender_email) &&
        !(in->sender_address && *in->sender_address))
        return mc_fail(err, MC_ERR_INVALID, "phone",
                       "Vui lòng ghi số điện thoại, thư điện tử hoặc địa chỉ để cơ quan trả lời (Điều 7 Nghị định "
                       "20/2008/NĐ-CP).",
                       "A phone, e-mail or address is required.");
    if (strpbrk(in->title, "\r\n\t"))
        return mc_fail(err, MC_ERR_INVALID, "title", "Tiêu đề chỉ gồm một dòng.", "title: one line.");
    if (in->dossier_code && *in->dossier_code && !code_chars(in->dossier_code))
        return mc_fail(err, MC_ERR_INVALID, "dossier_code", "Mã hồ sơ chỉ gồm chữ, số và dấu gạch ngang.",
                       "dossier_code: letters, digits and dashes.");
    if (in->dossier_code && *in->dossier_code && by) {
        dossier d;
        bool found = dossier_get(store_reader(s), a, in->dossier_code, &d, NULL) == MC_OK;
        if (!officer && !(found && d.citizen_user_id == by->id))
            return mc_failf(err, MC_ERR_INVALID, "dossier_code",
                            "Không có hồ sơ mã %s trong các hồ sơ của bạn. Vui lòng kiểm tra lại mã trên giấy "
                            "tiếp nhận, hoặc để trống.",
                            "No dossier %s among yours.", in->dossier_code, in->dossier_code);
        if (officer && !found)
            return mc_failf(err, MC_ERR_INVALID, "dossier_code", "Không có hồ sơ mã %s.", "No dossier %s.",
                            in->dossier_code, in->dossier_code);
    }
    int topic = -1;
    if (in->topic && *in->topic && (topic = fb_topic_parse(in->topic)) < 0)
        return mc_fail(err, MC_ERR_INVALID, "topic",
                       "Phân loại phải là regulation (quy định), handling (giải quyết TTHC), conduct (hành vi cán bộ) "
                       "hoặc other.",
                       "topic: regulation, handling, conduct or other.");
    store_conn *rd = store_reader(s);
    const char *unit_code = in->unit && *in->unit ? in->unit : officer ? by->unit_code : NULL;
    if (!unit_code)
        return mc_fail(err, MC_ERR_INVALID, "unit", "Vui lòng chọn cơ quan nhận phản ánh, kiến nghị.",
                       "unit is required.");
    org_unit u;
    if ((e = check_text("unit", unit_code, false, "đơn vị", err))) return e;
    if (units_get(rd, a, unit_code, &u, NULL) != MC_OK || !unit_active(&u, now))
        return mc_failf(err, MC_ERR_INVALID, "unit", "Không có cơ quan mã %s.", "Unknown unit %s.", unit_code,
                        unit_code);
    if (officer && !allows(by, ACT_FEEDBACK_RECEIVE, u.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Bạn không tiếp nhận phản ánh cho cơ quan này.",
                       "Not your unit.");
    int64_t concerned = 0;
    if (in->concerned && *in->concerned) {
        user cu;
        if (!officer)
            return mc_fail(err, MC_ERR_INVALID, "concerned",
                           "Tên cán bộ được phản ánh ghi trong nội dung; cán bộ tiếp nhận sẽ xác định.",
                           "Only officers name the officer concerned.");
        if (users_get(rd, a, in->concerned, &cu, NULL, NULL) != MC_OK || !cu.unit_path ||
            !same_tree(cu.unit_path, u.path))
            return mc_failf(err, MC_ERR_INVALID, "concerned", "Không có cán bộ tên đăng nhập %s.", "No officer %s.",
                            in->concerned, in->concerned);
        concerned = cu.id;
        topic = FB_TOPIC_CONDUCT;
    }
    const feedback_rules *ru = feedback_rules_on(time_local_day(now));
    mc_time refuse_due = calendar_add(cal, now, ru->refuse_wd, CAL_UNIT_DAY, -1);
    mc_time answer_due = calendar_add(cal, now, ru->answer_wd, CAL_UNIT_DAY, -1);
    if (refuse_due == CAL_NO_TIME || answer_due == CAL_NO_TIME)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Lịch làm việc không có ngày làm việc để tính thời hạn.",
                       "The calendar has no working day.");
    store_conn *w = store_begin_tenant(s, u.tenant, err);
    if (!w) return MC_ERR_STORE;
    int64_t id = 0;
    bool citizen = by && !officer;
    e = dossier_tracking_secret_ensure(w, err);
    if (!e)
        e = code_space_next(w, a, u.tenant, arena_printf(a, "PA-%s", u.code), arena_printf(a, "PA-%s", u.code), false,
                            now, code, err);
    if (!e)
        e = store_scalar_int(
            w, Q_FEEDBACK_INSERT,
            SV_ARGS(SV_T(u.tenant), SV_T(*code), topic >= 0 ? SV_T(fb_topic_name((fb_topic)topic)) : SV_N,
                    SV_T(fb_channel_name(ch)), SV_T(in->sender_name),
                    SV_T(in->sender_address && *in->sender_address ? in->sender_address : NULL),
                    SV_T(in->sender_phone && *in->sender_phone ? in->sender_phone : NULL),
                    SV_T(in->sender_email && *in->sender_email ? in->sender_email : NULL),
                    citizen ? SV_I(by->id) : SV_N, SV_I(in->consent_publish ? 1 : 0), SV_T(in->title),
                    SV_T(in->content), SV_T(in->dossier_code && *in->dossier_code ? in->dossier_code : NULL),
                    SV_I(u.id), SV_I(u.id), concerned ? SV_I(concerned) : SV_N, officer ? SV_I(by->id) : SV_N,
                    SV_T(ru->version), SV_I(now), SV_I(now), SV_I(refuse_due), SV_I(answer_due)),
            &id, err);
    /* The journal holds the code and the channel, never the sender's name or contact. */
    if (!e)
        e = journal(w, u.tenant, id, officer ? by : NULL, citizen ? by->username : "người gửi", "feedback.submit", NULL,
                    "received", u.code, NULL, arena_printf(a, "%s; %s", *code, fb_channel_name(ch)), now, err);
    return store_finish(w, e, err);
}

/* The officers' actions: from which states each is allowed. */
static const struct {
    fb_action action;
    unsigned from; /* bits of fb_state */
    fb_state to;
} moves[] = {
    {FBA_ACCEPT, 1u << FB_RECEIVED, FB_ACCEPTED},
    {FBA_REFUSE, 1u << FB_RECEIVED, FB_REFUSED},
    {FBA_TRANSFER, 1u << FB_RECEIVED | 1u << FB_ACCEPTED, FB_RECEIVED},
    {FBA_ANSWER, 1u << FB_ACCEPTED, FB_ANSWERED},
};

bool feedback_can(const user *u, const feedback *f, fb_action a, mc_time now) {
    if ((int)a < 0 || a >= FBA__COUNT || !(moves[a].from & (1u << f->state)) || !feedback_may_handle(u, f))
        return false;
    return a != FBA_REFUSE || now <= f->refuse_due_at;
}

mc_err feedback_act(store *s, const calendar *cal, const user *by, const char *code, const fb_act_in *in, mc_time now,
                    mc_error *err) {
    arena *a = arena_create();
    feedback f;
    mc_err e = feedback_get(store_reader(s), a, code, &f, err);
    if (!e && !feedback_may_read(by, &f)) e = not_found(err);
    if (!e && !feedback_may_handle(by, &f))
        e = mc_fail(err, MC_ERR_FORBIDDEN, NULL,
                    f.topic == FB_TOPIC_CONDUCT ? "Phản ánh về hành vi của cán bộ do lãnh đạo của cán bộ đó xử lý."
                                                : "Bạn không có quyền xử lý phản ánh, kiến nghị của đơn vị này.",
                    "Not allowed to handle this feedback.");
    if (e) {
        arena_free(a);
        return e;
    }
    if ((int)in->action < 0 || in->action >= FBA__COUNT || !(moves[in->action].from & (1u << f.state))) {
        arena_free(a);
        return mc_failf(err, MC_ERR_CONFLICT, "action",
                        "Không thể thực hiện thao tác này khi phản ánh ở trạng thái \"%s\".",
                        "Action not allowed in state %s.", fb_state_label(f.state), fb_state_name(f.state));
    }
    const feedback_rules *ru = rules_named(f.rules_version);
    store_val state_was = SV_T(fb_state_name(f.state));
    const char *to_unit = NULL, *note = NULL;
    int topic = f.topic;
    int64_t concerned = 0;
    org_unit target;
    mc_time published = 0, refuse_due = 0, answer_due = 0;
    switch (in->action) {
    case FBA_ACCEPT:
        if (!in->topic || (topic = fb_topic_parse(in->topic)) < 0)
            e = mc_fail(
                err, MC_ERR_INVALID, "topic",
                "Vui lòng phân loại phản ánh: quy định hành chính, giải quyết thủ tục, hành vi cán bộ hoặc khác.",
                "topic is required: regulation, handling, conduct or other.");
        else if (in->concerned && *in->concerned) {
            user cu;
            if (topic != FB_TOPIC_CONDUCT)
                e = mc_fail(err, MC_ERR_INVALID, "concerned",
                            "Chỉ ghi cán bộ được phản ánh khi phân loại là hành vi, thái độ của cán bộ.",
                            "concerned only with topic conduct.");
            else if (users_get(store_reader(s), a, in->concerned, &cu, NULL, NULL) != MC_OK || !cu.unit_path ||
                     !same_tree(cu.unit_path, f.handling_unit_path))
                e = mc_failf(err, MC_ERR_INVALID, "concerned", "Không có cán bộ tên đăng nhập %s.", "No officer %s.",
                             in->concerned, in->concerned);
            else if (cu.id == by->id)
                e = mc_fail(err, MC_ERR_FORBIDDEN, "concerned", "Phản ánh về chính bạn do lãnh đạo của bạn xử lý.",
                            "Not about yourself.");
            else
                concerned = cu.id;
        }
        if (!e) note = fb_topic_name((fb_topic)topic);
        break;
    case FBA_REFUSE:
        if (!in->reason || !*in->reason)
            e = mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do không tiếp nhận phản ánh, kiến nghị.",
                        "reason is required.");
        else if (!(e = field_limit_check("reason", "reason", in->reason, err)) && now > f.refuse_due_at)
            e = mc_failf(err, MC_ERR_CONFLICT, "reason",
                         "Đã quá thời hạn từ chối tiếp nhận (%d ngày làm việc): phản ánh phải được xem xét, trả lời.",
                         "The refusal limit (%d working days) has passed.", ru->refuse_wd, ru->refuse_wd);
        note = in->reason;
        break;
    case FBA_TRANSFER:
        if (!in->unit || !*in->unit || units_get(store_reader(s), a, in->unit, &target, NULL) != MC_OK ||
            !unit_active(&target, now) || !same_tree(target.path, f.handling_unit_path))
            e = mc_failf(err, MC_ERR_INVALID, "unit", "Không có cơ quan mã %s để chuyển đến.", "Unknown unit %s.",
                         in->unit ? in->unit : "", in->unit ? in->unit : "");
        else if (!strcmp(target.code, f.handling_unit_code))
            e = mc_fail(err, MC_ERR_INVALID, "unit", "Phản ánh đang ở chính cơ quan này.", "Already there.");
        else if (!in->reason || !*in->reason)
            e = mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do chuyển (cơ quan có thẩm quyền).",
                        "reason is required.");
        else
            e = field_limit_check("reason", "reason", in->reason, err);
        if (!e) {
            to_unit = target.code;
            note = in->reason;
            refuse_due = calendar_add(cal, now, ru->refuse_wd, CAL_UNIT_DAY, -1);
            answer_due = calendar_add(cal, now, ru->answer_wd, CAL_UNIT_DAY, -1);
            if (refuse_due == CAL_NO_TIME || answer_due == CAL_NO_TIME)
                e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Lịch làm việc không có ngày làm việc để tính thời hạn.",
                            "The calendar has no working day.");
        }
        break;
    case FBA_ANSWER:
        if (!in->answer || !*in->answer)
            e = mc_fail(err, MC_ERR_INVALID, "reply", "Vui lòng nhập nội dung trả lời.", "reply is required.");
        else if ((e = field_limit_check("reply", "reply", in->answer, err)))
            break;
        else if (in->publish && !f.consent_publish)
            e = mc_fail(err, MC_ERR_CONFLICT, "publish",
                        "Người gửi không đồng ý công khai: câu trả lời chỉ gửi cho người gửi.",
                        "The sender did not agree to publication.");
        published = in->publish ? now : 0;
        break;
    default: break;
    }
    if (e) {
        arena_free(a);
        return e;
    }
    store_conn *w = store_begin_tenant(s, f.tenant, err);
    if (!w) {
        arena_free(a);
        return MC_ERR_STORE;
    }
    int64_t changed = 0;
    switch (in->action) {
    case FBA_ACCEPT:
        e = store_exec(w, Q_FEEDBACK_ACCEPT,
                       SV_ARGS(SV_T(fb_topic_name((fb_topic)topic)), concerned ? SV_I(concerned) : SV_N, SV_I(now),
                               SV_I(f.id), state_was, SV_T(f.tenant)),
                       &changed, err);
        break;
    case FBA_REFUSE:
        e = store_exec(w, Q_FEEDBACK_REFUSE,
                       SV_ARGS(SV_T(in->reason), SV_I(now), SV_I(f.id), state_was, SV_T(f.tenant)), &changed, err);
        break;
    case FBA_TRANSFER:
        e = store_exec(w, Q_FEEDBACK_TRANSFER,
                       SV_ARGS(SV_I(target.id), SV_I(now), SV_I(refuse_due), SV_I(answer_due), SV_I(f.id), state_was,
                               SV_T(f.tenant)),
                       &changed, err);
        break;
    case FBA_ANSWER:
        e = store_exec(w, Q_FEEDBACK_ANSWER,
                       SV_ARGS(SV_T(in->answer), SV_I(now), SV_I(by->id), published ? SV_I(published) : SV_N,
                               SV_I(f.id), state_was, SV_T(f.tenant)),
                       &changed, err);
        break;
    default: break;
    }
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Phản ánh vừa được người khác xử lý; vui lòng tải lại trang.",
                    "Changed meanwhile.");
    if (!e) {
        const char *action = arena_printf(a, "feedback.%s", fb_action_name(in->action));
        /* The answer's words are in the row; the journal holds whether it is on time and published. */
        if (in->action == FBA_ANSWER)
            note = arena_printf(a, "%s%s", now <= f.answer_due_at ? "đúng hạn" : "trễ hạn",
                                published ? "; công khai" : "");
        e = journal(w, f.tenant, f.id, by, NULL, action, fb_state_name(f.state), fb_state_name(moves[in->action].to),
                    f.handling_unit_code, to_unit, note, now, err);
    }
    e = store_finish(w, e, err);
    arena_free(a);
    return e;
}

mc_err feedback_rate(store *s, const user *by, const char *code, bool satisfied, mc_time now, mc_error *err) {
    arena *a = arena_create();
    feedback f;
    mc_err e = feedback_get(store_reader(s), a, code, &f, err);
    if (!e && by && by->id != f.sender_user_id) e = not_found(err);
    if (!e && f.state != FB_ANSWERED)
        e = mc_fail(err, MC_ERR_CONFLICT, "satisfied", "Phản ánh chưa được trả lời; đánh giá sau khi nhận câu trả lời.",
                    "Not answered yet.");
    if (!e && f.satisfied >= 0)
        e = mc_fail(err, MC_ERR_CONFLICT, "satisfied", "Bạn đã cho biết mức độ hài lòng với câu trả lời này.",
                    "Already rated.");
    store_conn *w = NULL;
    if (!e && !(w = store_begin_tenant(s, f.tenant, err))) e = MC_ERR_STORE;
    int64_t changed = 0;
    if (!e)
        e = store_exec(w, Q_FEEDBACK_RATE, SV_ARGS(SV_I(satisfied ? 1 : 0), SV_I(now), SV_I(f.id), SV_T(f.tenant)),
                       &changed, err);
    if (!e && changed != 1)
        e = mc_fail(err, MC_ERR_CONFLICT, "satisfied", "Bạn đã cho biết mức độ hài lòng với câu trả lời này.",
                    "Already rated.");
    if (!e)
        e = journal(w, f.tenant, f.id, NULL, "người gửi", "feedback.rate", "answered", "answered", f.handling_unit_code,
                    NULL, satisfied ? "hài lòng" : "không hài lòng", now, err);
    if (w) {
        e = store_finish(w, e, err);
    }
    arena_free(a);
    return e;
}

/* ---- the deadline job ----------------------------------------------------------------------------------- */

/* The mark an open item should carry at `now`: overdue, due soon, or none. */
static const char *mark_of(const calendar *cal, const feedback *f, const feedback_rules *ru, mc_time now) {
    if (now > f->answer_due_at) return "overdue";
    if (calendar_elapsed(cal, now, f->answer_due_at) <= (int64_t)ru->remind_wd * calendar_nominal_day(cal))
        return "due_soon";
    return NULL;
}

mc_err feedback_scan(store *s, const calendar *cal, mc_time now, int *marked, mc_error *err) {
    arena *a = arena_create();
    feedback *v;
    size_t n;
    *marked = 0;
    mc_err e = read_all(store_query(store_reader(s), Q_FEEDBACK_OPEN, SV_NONE, err), a, &v, &n, err);
    for (size_t i = 0; !e && i < n; i++) {
        const feedback *f = &v[i];
        const char *mark = mark_of(cal, f, rules_named(f->rules_version), now);
        if (!mark || (f->alert && !strcmp(f->alert, mark))) continue;
        /* Overdue goes up to the parent of the unit that holds it. */
        org_unit hu, up;
        int64_t up_id = 0;
        const char *up_code = NULL;
        if (!strcmp(mark, "overdue") && units_get(store_reader(s), a, f->handling_unit_code, &hu, NULL) == MC_OK &&
            hu.parent_code && units_get(store_reader(s), a, hu.parent_code, &up, NULL) == MC_OK) {
            up_id = up.id;
            up_code = up.code;
        }
        store_conn *w = store_begin_tenant(s, f->tenant, err);
        if (!w) {
            e = MC_ERR_STORE;
            break;
        }
        int64_t changed = 0;
        e = store_exec(w, Q_FEEDBACK_ALERT,
                       SV_ARGS(SV_T(mark), SV_I(now), up_id ? SV_I(up_id) : SV_N, SV_I(f->id),
                               SV_T(fb_state_name(f->state)), SV_I(f->answer_due_at), SV_T(f->alert ? f->alert : ""),
                               SV_T(f->tenant)),
                       &changed, err);
        if (!e && changed == 1) {
            char due[17];
            time_format_vn(f->answer_due_at, due);
            e = journal(w, f->tenant, f->id, NULL, "motcua",
                        !strcmp(mark, "overdue") ? "feedback.escalate" : "feedback.remind", fb_state_name(f->state),
                        fb_state_name(f->state), f->handling_unit_code, up_code, arena_printf(a, "hạn trả lời %s", due),
                        now, err);
            if (!e) ++*marked;
        }
        e = store_finish(w, e, err);
    }
    arena_free(a);
    return e;
}

/* ---- figures ---------------------------------------------------------------------------------------------- */

mc_err feedback_stats_of(store_conn *c, const char *unit_path, mc_time from, mc_time to, mc_time asof,
                         feedback_stats *out, mc_error *err) {
    memset(out, 0, sizeof *out);
    char like[160], tenant[UNITS_TENANT_MAX];
    snprintf(like, sizeof like, "%s%%", unit_path);
    mc_err e = units_tenant_of_path(c, unit_path, tenant, err);
    if (e) return e;
    store_val F = SV_I(from), T = SV_I(to), A = SV_I(asof);
    store_rows *r = store_query(
        c, Q_FEEDBACK_STATS,
        SV_ARGS(F, T, F, T, F, T, F, T, T, T, A, T, T, A, A, F, T, F, T, F, T, F, T, F, T, SV_T(like), SV_T(tenant)),
        err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) {
        int64_t *cols[] = {&out->received,       &out->refused,         &out->answered_on_time, &out->answered_late,
                           &out->pending,        &out->overdue,         &out->satisfied,        &out->dissatisfied,
                           &out->first_received, &out->handled_on_time, &out->handled_satisfied};
        for (int i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++) *cols[i] = store_null(r, i) ? 0 : store_int(r, i);
        out->answered = out->answered_on_time + out->answered_late;
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}
