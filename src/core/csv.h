/* csv.h - RFC 4180 CSV: a reader for whole documents and a field writer that
 * is safe to open in a spreadsheet (OWASP "CSV injection"). */
#ifndef MC_CSV_H
#define MC_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/** One record: its fields and the 1-based line it starts on. */
typedef struct {
    const char **fields;
    size_t n;
    int line;
} csv_record;

/** Parses text[0..len) (a UTF-8 BOM is skipped; CRLF or LF line ends; blank
 * lines skipped). Records and fields live in `a`. On malformed quoting returns
 * MC_ERR_INVALID naming the line. A quoted field that starts with the guard
 * quote csv_put_field adds (a ' before one of = + - @ TAB CR LF, their
 * full-width forms, or another ') loses that quote: what csv_put_field wrote
 * reads back unchanged. */
mc_err csv_parse(arena *a, const char *text, size_t len, csv_record **out, size_t *n, mc_error *err);
/** Appends one text cell, always inside double quotes (inner quotes doubled).
 *  A cell a spreadsheet would take for a formula (first character = + - @
 *  TAB CR LF, or full-width ＝ ＋ － ＠) gets a single quote in front, and so
 *  does one that starts with a single quote (so csv_parse can take the guard
 *  off again). NULL writes an empty cell. Numbers the program computes may be
 *  written bare instead. */
void csv_put_field(buf *b, const char *s);
/** True when a spreadsheet would read text s as a formula (its first
 *  character is one csv_put_field guards, the single quote aside). */
bool csv_needs_guard(const char *s);

#endif
