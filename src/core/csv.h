/* csv.h - RFC 4180 CSV: a reader for whole documents and a field writer. */
#ifndef MC_CSV_H
#define MC_CSV_H

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
 * MC_ERR_INVALID naming the line. */
mc_err csv_parse(arena *a, const char *text, size_t len, csv_record **out, size_t *n, mc_error *err);
/** Appends one field, quoted when it holds a comma, quote, CR or LF. */
void csv_put_field(buf *b, const char *s);

#endif
