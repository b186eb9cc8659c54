/* drafts.c - online submissions being prepared (drafts.h). */
#include "drafts.h"

#include <string.h>

#include "attachments.h"

static mc_err not_found(mc_error *err) {
    return mc_fail(err, MC_ERR_NOT_FOUND, "draft", "Không tìm thấy hồ sơ đang soạn này.", "No such draft.");
}

/* Adds files and removes others inside the caller's transaction, then checks the limits. */
static mc_err change_files(store_conn *c, int64_t user_id, int64_t id, const ds_attachment *files, size_t nfiles,
                           const int64_t *remove, size_t nremove, int64_t max_bytes, int64_t max_account_bytes,
                           mc_time now, mc_error *err) {
    mc_err e = MC_OK;
    for (size_t i = 0; !e && i < nremove; i++)
        e = store_exec(c, Q_DRAFT_FILE_DELETE, SV_ARGS(SV_I(id), SV_I(remove[i])), NULL, err);
    /* The account's quota, on what it keeps once the files dropped are gone. */
    int64_t adding = 0;
    for (size_t i = 0; i < nfiles; i++) adding += files[i].size;
    if (!e) e = attachments_account_check(c, user_id, adding, max_account_bytes, err);
    for (size_t i = 0; !e && i < nfiles; i++) {
        const ds_attachment *f = &files[i];
        e = store_exec(c, Q_DRAFT_FILE_INSERT,
                       SV_ARGS(SV_I(id), SV_I(f->doc_seq), SV_T(f->name), SV_T(f->mime), SV_I(f->size), SV_T(f->sha256),
                               SV_T(f->stored), SV_I(now)),
                       NULL, err);
    }
    if (e) return e;
    int64_t total = 0, count = 0;
    store_rows *r = store_query(c, Q_DRAFT_FILE_LIST, SV_ARGS(SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    int k;
    while ((k = store_next(r, err)) == 1) {
        count++;
        total += store_int(r, 4);
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (count > DRAFT_MAX_FILES)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Một hồ sơ có tối đa %d tệp đính kèm.",
                        "At most %d files per draft.", DRAFT_MAX_FILES, DRAFT_MAX_FILES);
    if (max_bytes && total > max_bytes)
        return mc_failf(err, MC_ERR_TOO_LARGE, "file", "Tổng dung lượng tệp của một hồ sơ tối đa %lld MB.",
                        "Files of a draft exceed %lld MiB.", (long long)(max_bytes >> 20),
                        (long long)(max_bytes >> 20));
    return MC_OK;
}

mc_err drafts_save(store *s, int64_t user_id, int64_t *id, const char *procedure, const char *data,
                   const ds_attachment *files, size_t nfiles, const int64_t *remove, size_t nremove, int64_t max_bytes,
                   int64_t max_account_bytes, mc_time now, mc_error *err) {
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!c) return err->code;
    mc_err e;
    if (*id == 0) {
        int64_t have = 0;
        e = store_scalar_int(c, Q_DRAFT_COUNT, SV_ARGS(SV_I(user_id)), &have, err);
        if (!e && have >= DRAFT_MAX_PER_USER)
            e = mc_failf(err, MC_ERR_CONFLICT, "draft",
                         "Bạn đang có %d hồ sơ đang soạn. Hãy nộp hoặc xóa bớt trước khi soạn hồ sơ mới.",
                         "At most %d drafts per user.", DRAFT_MAX_PER_USER, DRAFT_MAX_PER_USER);
        if (!e)
            e = store_scalar_int(c, Q_DRAFT_INSERT,
                                 SV_ARGS(SV_I(user_id), SV_T(procedure), SV_T(data), SV_I(now), SV_I(now)), id, err);
    } else {
        int64_t changed = 0;
        e = store_exec(c, Q_DRAFT_UPDATE, SV_ARGS(SV_T(data), SV_I(now), SV_I(*id), SV_I(user_id)), &changed, err);
        if (!e && changed == 0) e = not_found(err);
    }
    if (!e) e = change_files(c, user_id, *id, files, nfiles, remove, nremove, max_bytes, max_account_bytes, now, err);
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}

static void read_draft(store_rows *r, arena *a, draft *d) {
    memset(d, 0, sizeof *d);
    d->id = store_int(r, 0);
    d->procedure_code = arena_strdup(a, store_text(r, 1));
    d->data = arena_strdup(a, store_text(r, 2));
    d->created_at = store_int(r, 3);
    d->updated_at = store_int(r, 4);
}

mc_err drafts_get(store_conn *c, arena *a, int64_t user_id, int64_t id, draft *out, mc_error *err) {
    store_rows *r = store_query(c, Q_DRAFT_GET, SV_ARGS(SV_I(id), SV_I(user_id)), err);
    if (!r) return MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_draft(r, a, out);
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    if (k == 0) return not_found(err);
    r = store_query(c, Q_DRAFT_FILE_LIST, SV_ARGS(SV_I(id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8;
    out->files = arena_alloc(a, cap * sizeof *out->files);
    while ((k = store_next(r, err)) == 1) {
        if (out->nfiles == cap) out->files = arena_grow(a, out->files, &cap, sizeof *out->files);
        out->files[out->nfiles++] =
            (draft_file){store_int(r, 0),
                         {(int)store_int(r, 1), arena_strdup(a, store_text(r, 2)), arena_strdup(a, store_text(r, 3)),
                          arena_strdup(a, store_text(r, 5)), arena_strdup(a, store_text(r, 6)), store_int(r, 4)}};
    }
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

mc_err drafts_list(store_conn *c, arena *a, int64_t user_id, draft **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_DRAFT_LIST, SV_ARGS(SV_I(user_id)), err);
    if (!r) return MC_ERR_STORE;
    size_t cap = 8, cnt = 0;
    draft *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_draft(r, a, &v[cnt]);
        v[cnt++].nfiles = (size_t)store_int(r, 5); /* counted, not loaded */
    }
    store_rows_free(r);
    if (k < 0) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err drafts_delete(store *s, int64_t user_id, int64_t id, mc_error *err) {
    store_conn *c = store_begin_tenant(s, STORE_PEOPLE, err);
    if (!c) return err->code;
    mc_err e = MC_OK;
    store_rows *r = store_query(c, Q_DRAFT_GET, SV_ARGS(SV_I(id), SV_I(user_id)), err);
    int k = r ? store_next(r, err) : -1;
    store_rows_free(r);
    if (k == 1) e = store_exec(c, Q_DRAFT_FILES_DELETE, SV_ARGS(SV_I(id)), NULL, err);
    if (!e && k == 1) e = store_exec(c, Q_DRAFT_DELETE, SV_ARGS(SV_I(id), SV_I(user_id)), NULL, err);
    if (!e && k < 0) e = MC_ERR_STORE;
    if (e) {
        store_rollback(c);
        return e;
    }
    return store_commit(c, err);
}
