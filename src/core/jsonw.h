/* jsonw.h - a small JSON text writer for layers that must not include a JSON library (domain/):
 * objects built member by member into a buf, strings escaped (RFC 8259), invalid UTF-8 never produced
 * from valid input. The caller nests objects and arrays itself; the writer only tracks commas. */
#ifndef MC_JSONW_H
#define MC_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/** A writer over a buf (borrowed). depth-limited to 16 levels. */
typedef struct {
    buf *b;
    int depth;
    bool first[16]; /**< no member written yet at this level */
} jsonw;

/** Starts a writer appending to b (not reset). */
void jsonw_init(jsonw *w, buf *b);
/** Opens an object: as a member `key` of the enclosing object, or as a value when key is NULL. */
void jsonw_object(jsonw *w, const char *key);
/** Opens an array, as jsonw_object. */
void jsonw_array(jsonw *w, const char *key);
/** Closes the innermost object or array (c: '}' or ']'). */
void jsonw_close(jsonw *w, char c);
/** A string member (key NULL: an array element); s NULL writes null. */
void jsonw_str(jsonw *w, const char *key, const char *s);
/** An integer member. */
void jsonw_int(jsonw *w, const char *key, int64_t v);
/** A boolean member. */
void jsonw_bool(jsonw *w, const char *key, bool v);
/** Appends s to b as a JSON string literal with its quotes. */
void jsonw_escape(buf *b, const char *s);
#endif
