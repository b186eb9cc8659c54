/* store_migrations.h - numbered schema migrations, applied in order, once. */
#ifndef MC_STORE_MIGRATIONS_H
#define MC_STORE_MIGRATIONS_H

/** One migration: its number, a short name, and SQL (several statements)
 * run by both stores (PostgreSQL's backend rewrites the few words its dialect
 * spells differently), then, on PostgreSQL only, `pg`: what SQLite cannot or
 * need not do (composite keys for a distributed PostgreSQL, trigram indexes),
 * and on SQLite only, `sqlite`: a table rebuilt where PostgreSQL alters it. */
typedef struct {
    int version;
    const char *name;
    const char *sql;
    const char *pg;     /**< NULL: nothing more on PostgreSQL */
    const char *sqlite; /**< NULL: nothing more on SQLite (what PostgreSQL does with ALTER and SQLite cannot) */
} store_migration;

/** The migrations for SQLite, ascending; count in *n. */
const store_migration *store_migrations_sqlite(int *n);

#endif
