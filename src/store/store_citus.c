/* store_citus.c - motcua's tables on a Citus cluster (store_citus.h): which table is distributed by the
 * tenant, which is replicated to every node, which stays on the coordinator, and the SQL that makes them so. */
#include "store_citus.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Every table of the schema, by what Citus makes of it (docs/SCALING.md, section 3). A table added by a
 * migration must be named here: on Citus, migrate refuses a table it does not know. */
static const struct {
    const char *table;
    citus_kind kind;
} tables[] = {
    /* Shared by every province and rarely written: a copy on each node, joined locally. */
    {"unit_kinds", CITUS_REFERENCE},
    {"units", CITUS_REFERENCE},
    {"users", CITUS_REFERENCE},
    {"user_roles", CITUS_REFERENCE},
    {"procedures", CITUS_REFERENCE},
    {"procedure_versions", CITUS_REFERENCE},
    {"procedure_units", CITUS_REFERENCE},
    {"procedure_documents", CITUS_REFERENCE},
    {"procedure_fees", CITUS_REFERENCE},
    {"procedure_legal_basis", CITUS_REFERENCE},
    {"process_templates", CITUS_REFERENCE},
    {"process_template_steps", CITUS_REFERENCE},
    {"calendar_schedules", CITUS_REFERENCE},
    {"calendar_exceptions", CITUS_REFERENCE},
    {"unit_accounts", CITUS_REFERENCE},
    {"rating_sets", CITUS_REFERENCE},
    {"questionnaires", CITUS_REFERENCE},
    {"par_sets", CITUS_REFERENCE},
    {"par_criteria", CITUS_REFERENCE},
    {"par_bands", CITUS_REFERENCE},
    {"par_national", CITUS_REFERENCE},
    {"par_national_rows", CITUS_REFERENCE},
    {"counters", CITUS_REFERENCE},
    {"meta", CITUS_REFERENCE},
    /* Growing with a province's work: sharded by the tenant, all co-located with the dossiers so that a
     * province's transaction stays on one node. */
    {"dossiers", CITUS_DISTRIBUTED},
    {"dossier_documents", CITUS_DISTRIBUTED},
    {"dossier_files", CITUS_DISTRIBUTED},
    {"dossier_requests", CITUS_DISTRIBUTED},
    {"journal", CITUS_DISTRIBUTED},
    {"code_sequences", CITUS_DISTRIBUTED},
    {"ratings", CITUS_DISTRIBUTED},
    {"survey_campaigns", CITUS_DISTRIBUTED},
    {"survey_invites", CITUS_DISTRIBUTED},
    {"survey_responses", CITUS_DISTRIBUTED},
    {"survey_events", CITUS_DISTRIBUTED},
    {"feedback", CITUS_DISTRIBUTED},
    {"insp_plans", CITUS_DISTRIBUTED},
    {"insp_targets", CITUS_DISTRIBUTED},
    {"inspections", CITUS_DISTRIBUTED},
    {"insp_findings", CITUS_DISTRIBUTED},
    {"insp_remedies", CITUS_DISTRIBUTED},
    {"insp_evidence", CITUS_DISTRIBUTED},
    {"legal_docs", CITUS_DISTRIBUTED},
    {"legal_doc_changes", CITUS_DISTRIBUTED},
    {"legal_doc_reviews", CITUS_DISTRIBUTED},
    {"legal_proc_flags", CITUS_DISTRIBUTED},
    {"legal_doc_keepers", CITUS_DISTRIBUTED},
    {"task_docs", CITUS_DISTRIBUTED},
    {"tasks", CITUS_DISTRIBUTED},
    {"task_units", CITUS_DISTRIBUTED},
    {"task_reports", CITUS_DISTRIBUTED},
    {"task_evidence", CITUS_DISTRIBUTED},
    {"news", CITUS_DISTRIBUTED},
    {"par_rounds", CITUS_DISTRIBUTED},
    {"par_assessments", CITUS_DISTRIBUTED},
    {"par_scores", CITUS_DISTRIBUTED},
    {"par_evidence", CITUS_DISTRIBUTED},
    {"outbox", CITUS_DISTRIBUTED},
    {"stats_months", CITUS_DISTRIBUTED},
    {"i766_months", CITUS_DISTRIBUTED},
    {"i766_counted", CITUS_DISTRIBUTED},
    {"inbox_items", CITUS_DISTRIBUTED},
    {"inbox_counts", CITUS_DISTRIBUTED},
    {"nodes", CITUS_DISTRIBUTED},
    {"node_keys", CITUS_DISTRIBUTED},
    {"node_units", CITUS_DISTRIBUTED},
    {"node_journal", CITUS_DISTRIBUTED},
    {"node_conflicts", CITUS_DISTRIBUTED},
    {"dossier_origin", CITUS_DISTRIBUTED},
    {"node_pulled", CITUS_DISTRIBUTED},
    /* People's own rows (a citizen is of no one province) and small tables keyed without the tenant: on
     * the coordinator. The periodic reports' unique key (unit, year, kind) does not hold the tenant. */
    {"schema_migrations", CITUS_LOCAL},
    {"sessions", CITUS_LOCAL},
    {"login_known", CITUS_LOCAL},
    {"throttle", CITUS_LOCAL},
    {"form_once", CITUS_LOCAL},
    {"drafts", CITUS_LOCAL},
    {"draft_files", CITUS_LOCAL},
    {"notifications", CITUS_LOCAL},
    {"notify_prefs", CITUS_LOCAL},
    {"notify_optout", CITUS_LOCAL},
    {"cchc_reports", CITUS_LOCAL},
    {"cchc_report_sections", CITUS_LOCAL},
    {"cchc_report_figures", CITUS_LOCAL},
    /* A commune node's own queue: only ever on a node's SQLite database, but created everywhere. */
    {"node_outq", CITUS_LOCAL},

};

citus_kind store_citus_kind(const char *table) {
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (!strcmp(tables[i].table, table)) return tables[i].kind;
    return CITUS_UNKNOWN;
}

/* Appends the tables of one kind as a SQL array of text. */
static void array_of(buf *b, citus_kind kind) {
    buf_puts(b, "ARRAY[");
    int n = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (tables[i].kind == kind) buf_printf(b, "%s'%s'", n++ ? ", " : "", tables[i].table);
    buf_puts(b, "]::text[]");
}

char *store_citus_sql(void) {
    buf b = {0};
    /* A table is in place when Citus holds it as its kind says: hash-distributed ('h'), or a reference table
     * ('n' replicated to every node, 't'). A table that a later migration created with a reference to a
     * reference table is a Citus local table ('n', 's') already, which is made a plain table again first.
     * The foreign keys that touch a table not yet in place go first and come back last: a reference table
     * that plain tables still point at would turn them into Citus local tables. The others (between tables
     * already in place) stay, so that a migration that adds a table does not check every existing row again.
     * Only the tables the schema has so far (motcua migrate --to stops early); nothing is done when every
     * one is in place. */
    buf_puts(&b, "DO $motcua$ DECLARE f record; t text; missing int; unknown text;\n"
                 "ref text[] := ");
    array_of(&b, CITUS_REFERENCE);
    buf_puts(&b, ";\ndist text[] := ");
    array_of(&b, CITUS_DISTRIBUTED);
    buf_puts(&b, ";\nloc text[] := ");
    array_of(&b, CITUS_LOCAL);
    buf_puts(&b, ";\nBEGIN\n"
                 "SELECT string_agg(c.relname, ', ') INTO unknown FROM pg_class c WHERE c.relnamespace = "
                 "'public'::regnamespace AND c.relkind = 'r' AND NOT c.relname = ANY (ref || dist || loc);\n"
                 "IF unknown IS NOT NULL THEN RAISE EXCEPTION 'Bảng chưa được xếp loại cho Citus (store_citus.c): %', "
                 "unknown; END IF;\n"
                 "SELECT COALESCE(array_agg(n), '{}') INTO ref FROM unnest(ref) AS x(n) WHERE to_regclass(n) IS NOT "
                 "NULL;\n"
                 "SELECT COALESCE(array_agg(n), '{}') INTO dist FROM unnest(dist) AS x(n) WHERE to_regclass(n) IS NOT "
                 "NULL;\n"
                 "CREATE TEMP TABLE motcua_unplaced ON COMMIT DROP AS SELECT n::regclass AS rel, n AS name FROM unnest(ref) "
                 "AS x(n) WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = x.n::regclass AND "
                 "p.partmethod = 'n' AND p.repmodel = 't') UNION ALL SELECT n::regclass, n FROM unnest(dist) AS x(n) "
                 "WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = x.n::regclass AND "
                 "p.partmethod = 'h');\n"
                 "SELECT count(*) INTO missing FROM motcua_unplaced;\n"
                 "IF missing = 0 THEN RETURN; END IF;\n"
                 "CREATE TEMP TABLE motcua_fks ON COMMIT DROP AS SELECT c.conrelid::regclass::text AS tbl, c.conname, "
                 "pg_get_constraintdef(c.oid) AS def FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = "
                 "'public'::regnamespace AND c.conrelid::regclass::text = ANY (ref || dist || loc) AND (c.conrelid IN "
                 "(SELECT rel FROM motcua_unplaced) OR c.confrelid IN (SELECT rel FROM motcua_unplaced));\n"
                 "FOR f IN SELECT * FROM motcua_fks LOOP EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', f.tbl, "
                 "f.conname); END LOOP;\n"
                 "FOR t IN SELECT name FROM motcua_unplaced WHERE EXISTS (SELECT 1 FROM pg_dist_partition p WHERE "
                 "p.logicalrelid = rel) LOOP PERFORM undistribute_table(t); END LOOP;\n"
                 "FOREACH t IN ARRAY ref LOOP PERFORM create_reference_table(t) WHERE t IN (SELECT name FROM "
                 "motcua_unplaced); END LOOP;\n"
                 "FOREACH t IN ARRAY dist LOOP PERFORM create_distributed_table(t, 'tenant', colocate_with => "
                 "CASE WHEN t = 'dossiers' THEN 'default' ELSE 'dossiers' END) WHERE t IN (SELECT name FROM "
                 "motcua_unplaced); END LOOP;\n"
                 "FOR f IN SELECT * FROM motcua_fks LOOP EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', f.tbl, "
                 "f.conname, f.def); END LOOP;\n"
                 "END $motcua$");
    return b.data;
}
