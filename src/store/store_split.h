/* store_split.h - a PostgreSQL script cut into its statements.
 *
 * A migration is one text of several statements. A Citus coordinator forwards some DDL to the workers
 * with the text it received, and a worker refuses several commands in one prepared statement; so on
 * PostgreSQL each statement of a migration is sent on its own (store_pg.c), in the same transaction. */
#ifndef MC_STORE_SPLIT_H
#define MC_STORE_SPLIT_H

#include <stddef.h>

/** Cuts sql at each semicolon that is outside a quoted string ('…', "…"), a dollar-quoted body
 *  ($$…$$, $tag$…$tag$) and a comment (-- to the end of the line, and block comments). Returns the number of
 *  statements; *out gets a malloc'd array of malloc'd statements without their semicolon and without
 *  the white space around them; empty statements are left out. Free with store_split_free. */
size_t store_split(const char *sql, char ***out);

/** Frees what store_split returned. */
void store_split_free(char **stmts, size_t n);

#endif
