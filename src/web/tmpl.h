/* tmpl.h - HTML templates, parsed once and rendered against a JSON context.
 *
 * The language is a small part of Mustache:
 *   {{name}}          the value, HTML-escaped (& < > " ' become entities)
 *   {{{name}}} {{&name}}  the value as is (only for HTML the server built)
 *   {{#name}}…{{/name}}   a section: skipped when the value is missing, null,
 *                     false, "", 0 or an empty array; repeated for each element
 *                     of an array (the element becomes the context); an object
 *                     becomes the context; any other value renders it once
 *   {{^name}}…{{/name}}   rendered only when {{#name}} would be skipped
 *   {{>partial}}      another template of the same set, in the current context
 *   {{! comment}}     nothing
 * Names are looked up from the innermost context outwards; a dotted name
 * (a.b.c) looks up its first part so, then the rest inside it (a number
 * picks an element of an array: items.0 is the first, so {{#items.0}} tests
 * that there is one); {{.}} is the
 * current context. Strings print as they are, integers in decimal, reals with
 * up to 15 significant digits, true as "true", and null, false or a missing
 * name as nothing. Escaping is the default: raw output has to be asked for. */
#ifndef MC_TMPL_H
#define MC_TMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/** A set of named templates that may include one another. */
typedef struct tmpl_set tmpl_set;

/** An empty set. */
tmpl_set *tmpl_set_create(void);
/** Frees the set and its templates. NULL is allowed. */
void tmpl_set_free(tmpl_set *s);

/** Parses `text` (len bytes) and adds it as `name`, replacing one of the same
 *  name. On a syntax error returns false with "line N: reason" in err. */
bool tmpl_add(tmpl_set *s, const char *name, const char *text, size_t len, char *err, size_t errlen);

/** Adds every NAME.html of dir as NAME. false with the file and reason in err
 *  when one does not parse or the folder cannot be read. */
bool tmpl_load_dir(tmpl_set *s, const char *dir, char *err, size_t errlen);

/** Whether the set has a template of that name. */
bool tmpl_has(const tmpl_set *s, const char *name);

/** Appends template `name` rendered with `ctx` to out. false when there is no
 *  such template. A partial missing at render time renders nothing; partials
 *  nest at most 16 deep and at most 10,000 are rendered in one call. */
bool tmpl_render(const tmpl_set *s, const char *name, const json_t *ctx, buf *out);

/** Appends s with & < > " ' escaped. */
void tmpl_escape(buf *out, const char *s, size_t n);

#endif
