/* jsonw.h - a tiny JSON writer for the layers that may not include jansson (domain/): one flat or nested
 * object built into a buf, strings escaped by RFC 8259 (quote, backslash, control characters as \uXXXX,
 * invalid UTF-8 replaced by U+FFFD so that the output is always valid JSON text). */
#ifndef MC_JSONW_H
#define MC_JSONW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/** A writer: jsonw_open(w, b) starts it on b (the caller owns b); nested objects open with b NULL. */
typedef struct {
    buf *out;
    int depth;
    bool first[8]; /**< per nesting level: nothing written at that level yet */
} jsonw;

/** Starts an object: the outermost one in b (the writer starts afresh), or with b NULL a member's value
 *  after jsonw_key. */
void jsonw_open(jsonw *w, buf *b);
/** Ends the innermost object. */
void jsonw_close(jsonw *w);
/** Writes a member's name; the next call writes its value (jsonw_open for an object). */
void jsonw_key(jsonw *w, const char *key);
/** Writes member key with string value s (NULL writes null). */
void jsonw_str(jsonw *w, const char *key, const char *s);
/** Writes member key with an integer value. */
void jsonw_int(jsonw *w, const char *key, int64_t v);
/** Writes member key with a boolean value. */
void jsonw_bool(jsonw *w, const char *key, bool v);
/** Appends s (n bytes) to b as a JSON string literal with its quotes. */
void jsonw_escape(buf *b, const char *s, size_t n);
#endif
