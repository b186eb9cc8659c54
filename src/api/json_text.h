/* json_text.h - compact JSON text, UTF-8 kept as is: from a jansson tree (the
 * same text json_dumps(j, JSON_COMPACT) gives, several times faster), or
 * written directly with a writer that places the commas, for the large
 * responses where building a tree first would cost more than the answer. */
#ifndef MC_JSON_TEXT_H
#define MC_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/** Appends the compact JSON text of j to b. j's strings are valid UTF-8
 *  (jansson checks that when they are made); they are copied byte for byte
 *  with ", \ and control characters escaped. */
void json_text_append(buf *b, const json_t *j);

/** The compact JSON text of j followed by a newline, malloc'd (the caller
 *  frees it); *len receives its length. Never NULL. */
char *json_text_line(const json_t *j, size_t *len);

/** A writer appending JSON text to a buffer: start with {.b = &buf}. Or, started with b NULL, the same
 *  calls build the jansson tree that parsing the text would give (`root`): a page that calls a handler in
 *  process (web_api) gets the answer without text in between. */
typedef struct {
    buf *b;
    bool more; /**< a value was written at this level: the next one needs a comma */
    /* the tree, when b is NULL */
    json_t *root;     /**< the outermost value written; owned by the writer until jw_take */
    json_t *open[16]; /**< the objects and arrays open, innermost last (borrowed from root) */
    int depth;
    const char *key; /**< the member name written last, for the value that follows */
} json_w;

/** Tree mode: the value written (a new reference), NULL if none; the writer no longer holds it. */
json_t *jw_take(json_w *w);

/** Opens an object ('{') or an array ('['), as a value. */
void jw_open(json_w *w, char bracket);
/** Closes what jw_open opened ('}' or ']'). */
void jw_close(json_w *w, char bracket);
/** Writes a member name; the next call writes its value. */
void jw_key(json_w *w, const char *key);
/** A string value; NULL writes null. s must be valid UTF-8. */
void jw_str(json_w *w, const char *s);
/** An integer value. */
void jw_int(json_w *w, int64_t v);
/** true or false. */
void jw_bool(json_w *w, bool v);
/** null. */
void jw_null(json_w *w);
/** A jansson tree as the value. */
void jw_tree(json_w *w, const json_t *j);

/* Member shorthands: key then value. */
void jw_kstr(json_w *w, const char *key, const char *s);
void jw_kint(json_w *w, const char *key, int64_t v);
void jw_kbool(json_w *w, const char *key, bool v);
void jw_kopen(json_w *w, const char *key, char bracket);

#endif
