/* store_migrations.h - numbered schema migrations, applied in order, once. */
#ifndef MC_STORE_MIGRATIONS_H
#define MC_STORE_MIGRATIONS_H

/** One migration: its number, a short name, and SQL (several statements). */
typedef struct {
    int version;
    const char *name;
    const char *sql;
} store_migration;

/** The migrations for SQLite, ascending; count in *n. */
const store_migration *store_migrations_sqlite(int *n);

#endif
