/* news.c - reform news on the portal (news.h). */
#include "news.h"

#include <sodium.h>
#include <string.h>

#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "units.h"

#define TXT(r, i) (store_null(r, i) ? NULL : arena_strdup(a, store_text(r, i)))

static void read_item(store_rows *r, arena *a, news_item *it) {
    *it = (news_item){.id = store_int(r, 0),
                      .tenant = TXT(r, 1),
                      .key = TXT(r, 2),
                      .unit_code = TXT(r, 3),
                      .unit_name = TXT(r, 4),
                      .unit_path = TXT(r, 5),
                      .title = TXT(r, 6),
                      .summary = TXT(r, 7),
                      .body = TXT(r, 8),
                      .published_on = TXT(r, 9),
                      .by_name = TXT(r, 10),
                      .created_at = store_int(r, 11),
                      .withdrawn_at = store_null(r, 12) ? 0 : store_int(r, 12)};
}

static mc_err read_list(store_rows *r, arena *a, news_item **out, size_t *n, mc_error *err) {
    *n = 0;
    if (!r) return MC_ERR_STORE;
    size_t cap = 16;
    news_item *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (*n == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_item(r, a, &v[(*n)++]);
    }
    store_rows_free(r);
    *out = v;
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

bool news_may_manage(const user *by, const news_item *it) {
    return by && perm_allows(by->roles, by->unit_path, ACT_NEWS_PUBLISH, it->unit_path);
}

mc_err news_publish(store *s, arena *a, const news_new *in, const user *by, mc_time now, const char **key,
                    mc_error *err) {
    if (!by || perm_scope_of(by->roles, ACT_NEWS_PUBLISH) == SCOPE_NONE)
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Bạn không có quyền đăng tin cải cách hành chính.",
                       "You may not publish news.");
    mc_err e = field_need_text(in->title, "title", "tiêu đề tin", err);
    if (!e) e = field_need_text(in->summary, "summary", "tóm tắt", err);
    if (!e) e = field_need_text(in->body, "body", "nội dung tin", err);
    if (e) return e;
    mc_day day = time_local_day(now);
    if (in->published_on && *in->published_on && !day_parse(in->published_on, &day))
        return mc_fail(err, MC_ERR_INVALID, "published_on", "Ngày đăng phải có dạng YYYY-MM-DD.",
                       "published_on: YYYY-MM-DD.");
    org_unit u;
    const char *code = in->unit && *in->unit ? in->unit : by->unit_code;
    e = code ? units_get(store_reader(s), a, code, &u, err) : MC_ERR_NOT_FOUND;
    if (e == MC_ERR_NOT_FOUND)
        return mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", code ? code : "");
    if (e) return e;
    if (!perm_allows(by->roles, by->unit_path, ACT_NEWS_PUBLISH, u.path))
        return mc_fail(err, MC_ERR_FORBIDDEN, "unit", "Đơn vị đăng tin nằm ngoài phạm vi của bạn.",
                       "The unit is outside your scope.");
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    unsigned char raw[NEWS_KEY_LEN];
    randombytes_buf(raw, sizeof raw);
    char *k = arena_alloc(a, NEWS_KEY_LEN + 1);
    for (int i = 0; i < NEWS_KEY_LEN; i++) k[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    char d[11];
    day_format(day, d);
    store_conn *w = store_begin_tenant(s, u.tenant, err);
    if (!w) return err->code;
    int64_t id = 0;
    store_rows *r = store_query(w, Q_NEWS_INSERT,
                                SV_ARGS(SV_T(u.tenant), SV_T(k), SV_I(u.id), SV_T(in->title), SV_T(in->summary),
                                        SV_T(in->body), SV_T(d), SV_I(by->id), SV_I(now)),
                                err);
    e = r ? MC_OK : MC_ERR_STORE;
    if (r) {
        if (store_next(r, err) == 1)
            id = store_int(r, 0);
        else
            e = MC_ERR_STORE;
        store_rows_free(r);
    }
    if (!e) {
        journal_entry j = {.tenant = u.tenant,
                           .subject = NEWS_SUBJECT,
                           .subject_id = id,
                           .at = now,
                           .user_id = by->id,
                           .actor = by->username,
                           .role = "officer",
                           .unit_code = by->unit_code,
                           .action = "news.publish",
                           .to_state = "published",
                           .to_unit_code = u.code,
                           .note = arena_printf(a, "Đăng tin ngày %s: %s", d, in->title)};
        e = journal_append(w, &j, err);
    }
    if (e) {
        store_rollback(w);
        return e;
    }
    if ((e = store_commit(w, err))) return e;
    *key = k;
    return MC_OK;
}

mc_err news_get(store_conn *c, arena *a, const char *key, news_item *out, mc_error *err) {
    store_rows *r = store_query(c, Q_NEWS_GET, SV_ARGS(SV_T(key)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_item(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, NULL, "Không có tin này.", "No such news item.");
    return MC_OK;
}

mc_err news_withdraw(store *s, arena *a, const char *key, const user *by, mc_time now, mc_error *err) {
    news_item it;
    mc_err e = news_get(store_reader(s), a, key, &it, err);
    if (e) return e;
    if (!news_may_manage(by, &it))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Bạn không có quyền gỡ tin của đơn vị này.",
                       "You may not withdraw this unit's news.");
    if (it.withdrawn_at) return mc_fail(err, MC_ERR_CONFLICT, NULL, "Tin này đã được gỡ.", "Withdrawn already.");
    store_conn *w = store_begin_tenant(s, it.tenant, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_NEWS_WITHDRAW, SV_ARGS(SV_I(now), SV_I(by->id), SV_I(it.id), SV_T(it.tenant)), &changed, err);
    if (!e && changed != 1) e = mc_fail(err, MC_ERR_CONFLICT, NULL, "Tin này đã được gỡ.", "Withdrawn already.");
    if (!e) {
        journal_entry j = {.tenant = it.tenant,
                           .subject = NEWS_SUBJECT,
                           .subject_id = it.id,
                           .at = now,
                           .user_id = by->id,
                           .actor = by->username,
                           .role = "officer",
                           .unit_code = by->unit_code,
                           .action = "news.withdraw",
                           .from_state = "published",
                           .to_state = "withdrawn",
                           .note = arena_printf(a, "Gỡ tin: %s", it.title)};
        e = journal_append(w, &j, err);
    }
    return store_finish(w, e, err);
}

mc_err news_published(store_conn *c, arena *a, const char *tenant, int limit, news_item **out, size_t *n,
                      mc_error *err) {
    /* every province's (a national page), or one's: one shard group */
    return read_list(tenant ? store_query(c, Q_NEWS_PUBLIC_IN, SV_ARGS(SV_T(tenant), SV_I(limit)), err)
                            : store_query(c, Q_NEWS_PUBLIC, SV_ARGS(SV_I(limit)), err),
                     a, out, n, err);
}

mc_err news_all(store_conn *c, arena *a, const char *tenant, int limit, news_item **out, size_t *n, mc_error *err) {
    return read_list(store_query(c, Q_NEWS_ALL, SV_ARGS(SV_T(tenant), SV_I(limit)), err), a, out, n, err);
}
