/* store_citus.h - motcua's tables on a Citus cluster (issue 20, docs/SCALING.md section 3).
 *
 * On a PostgreSQL database with the citus extension, migrate makes the tables Citus tables after the
 * migrations: those that grow with a province's work are distributed by the tenant and co-located with
 * the dossiers, the shared ones (units, users, the catalog, the calendar) are reference tables copied to
 * every node, and people's own rows stay on the coordinator. */
#ifndef MC_STORE_CITUS_H
#define MC_STORE_CITUS_H

typedef enum {
    CITUS_UNKNOWN,     /**< not a table of motcua's schema */
    CITUS_REFERENCE,   /**< a copy on every node */
    CITUS_DISTRIBUTED, /**< sharded by tenant, co-located with dossiers */
    CITUS_LOCAL,       /**< on the coordinator only */
} citus_kind;

/** What Citus makes of table. */
citus_kind store_citus_kind(const char *table);

/** The SQL (one DO block, malloc'd: the caller frees) that makes every table what store_citus_kind says,
 *  in one transaction; refuses (an exception naming them) tables of the public schema it does not know;
 *  does nothing when they are all Citus tables already. Run with citus.enable_unsafe_triggers on (the
 *  journal's append-only triggers then run on each shard). */
char *store_citus_sql(void);

#endif
