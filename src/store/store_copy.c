/* store_copy.c - a province's database copied whole into another store
 * (store_copy in store.h): SQLite into PostgreSQL when a province moves to a
 * database server. */
#include <string.h>

#include "store_backend.h"

/* Every table of the schema, parents before children (the order of the migrations). */
static const char *const tables[] = {
    "counters",
    "meta",
    "unit_kinds",
    "units",
    "users",
    "user_roles",
    "sessions",
    "procedures",
    "procedure_versions",
    "procedure_units",
    "procedure_documents",
    "procedure_fees",
    "procedure_legal_basis",
    "process_templates",
    "process_template_steps",
    "calendar_schedules",
    "calendar_exceptions",
    "code_sequences",
    "dossiers",
    "dossier_documents",
    "dossier_files",
    "dossier_requests",
    "journal",
    "drafts",
    "draft_files",
    "form_once",
    "unit_accounts",
    "throttle",
    "login_known",
    "rating_sets",
    "ratings",
    "questionnaires",
    "survey_campaigns",
    "survey_invites",
    "survey_responses",
    "survey_events",
    "legal_docs",
    "legal_doc_changes",
    "legal_doc_reviews",
    "legal_proc_flags",
    "legal_doc_keepers",
    "feedback",
    "insp_plans",
    "insp_targets",
    "inspections",
    "insp_findings",
    "insp_remedies",
    "insp_evidence",
    "cchc_reports",
    "cchc_report_sections",
    "cchc_report_figures",
    /* migration 15: directives, plans and tasks; reform news */
    "task_docs",
    "tasks",
    "task_units",
    "task_reports",
    "task_evidence",
    "news",
    /* migration 17: the PAR INDEX's sets and rounds */
    "par_sets",
    "par_criteria",
    "par_bands",
    "par_rounds",
    "par_assessments",
    "par_scores",
    "par_evidence",
    /* migration 18: the provinces' national PAR INDEX and SIPAS */
    "par_national",
    "par_national_rows",
    /* migration 19: messages to people and systems */
    "outbox",
    "notifications",
    "notify_prefs",
    "notify_optout",
    /* migration 22: report II.06a's monthly sums */
    "stats_months",
    /* migration 23: the 766 index's monthly sums */
    "i766_months",
    "i766_counted",
    /* migration 24: the officers' inbox */
    "inbox_items",
    "inbox_counts",
    /* migration 25: commune nodes */
    "nodes",
    "node_keys",
    "node_units",
    "node_journal",
    "node_conflicts",
    "dossier_origin",
    "node_outq",
    "node_pulled",
};

typedef struct {
    store_conn *dst;
    const char *table;
    int64_t rows;
} copy_ctx;

static mc_err put(void *p, int n, const char *const *names, const char *const *values, mc_error *err) {
    copy_ctx *c = p;
    c->rows++;
    return c->dst->ops->load(c->dst, c->table, n, names, values, err);
}

mc_err store_copy(store *src, store *dst, int64_t *rows, mc_error *err) {
    *rows = 0;
    if (strcmp(store_backend(src), "sqlite") != 0 || strcmp(store_backend(dst), "sqlite") == 0 || !dst->ops->clear)
        return mc_fail(err, MC_ERR_INVALID, "to", "Chỉ hỗ trợ chép từ SQLite sang PostgreSQL.",
                       "Only SQLite to PostgreSQL is supported.");
    int64_t have = 0;
    mc_err e = dst->ops->count(store_reader(dst), "dossiers", &have, err);
    if (e) return e;
    if (have)
        return mc_failf(err, MC_ERR_CONFLICT, "to",
                        "Cơ sở dữ liệu đích đã có %lld hồ sơ; hãy chép vào một cơ sở dữ liệu mới.",
                        "The target already holds %lld dossiers.", (long long)have, (long long)have);
    size_t nt = sizeof tables / sizeof tables[0];
    store_conn *w = store_begin(dst, err);
    if (!w) return err->code;
    /* The target's own seed rows (unit kinds, the default schedule) make way for the source's. */
    for (size_t i = nt; !e && i-- > 0;) e = dst->ops->clear(w, tables[i], err);
    for (size_t i = 0; !e && i < nt; i++) {
        copy_ctx c = {w, tables[i], 0};
        e = src->ops->dump(src, tables[i], put, &c, err);
        if (!e) e = dst->ops->load_end(w, err);
        if (!e) e = dst->ops->fix_ids(w, tables[i], err);
        *rows += c.rows;
    }
    /* Every table as many rows on both sides, or nothing is kept. */
    for (size_t i = 0; !e && i < nt; i++) {
        int64_t a = 0, b = 0;
        e = src->ops->count(store_reader(src), tables[i], &a, err);
        if (!e) e = dst->ops->count(w, tables[i], &b, err);
        if (!e && a != b)
            e = mc_failf(err, MC_ERR_STORE, NULL, "Bảng %s: %lld dòng ở nguồn, %lld dòng ở đích.",
                         "Table %s: %lld rows in the source, %lld in the target.", tables[i], (long long)a,
                         (long long)b, tables[i], (long long)a, (long long)b);
    }
    if (e) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
}
