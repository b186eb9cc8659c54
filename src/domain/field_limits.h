/* field_limits.h - the one table of limits on free text: every string a
 * citizen or officer sends, by its name in the API's JSON. The API checks
 * every string it reads against it (api_json_str), the domain's own guards
 * use the same numbers, and the portal's forms carry them as
 * maxlength="{{max.<key>}}" (web_page). Lengths are characters (Unicode code
 * points after NFC), as a browser's maxlength counts Vietnamese text. A
 * string under a name the table does not list gets FIELD_LIMIT_DEFAULT. */
#ifndef MC_FIELD_LIMITS_H
#define MC_FIELD_LIMITS_H

#include <stddef.h>

#include "err.h"
#include "timeutil.h"

/** Characters of a string whose name the table does not list. */
#define FIELD_LIMIT_DEFAULT 2000
/** The longest any listed field may be: a section of a periodic report (20,000 characters, at most 60 KB of
 *  UTF-8; ten of them fit the 1 MiB body of a logged-in user). A citizen's feedback and its answer are
 *  5,000 (15 KB, inside the 64 KiB body an anonymous request may send). */
#define FIELD_LIMIT_LONGEST 20000

/** One row: the name in the API's JSON, its most characters, and what it is called in Vietnamese. */
typedef struct {
    const char *key;
    int max;
    const char *words;
} field_limit;

/** The table (static, n rows). */
const field_limit *field_limits(size_t *n);
/** The most characters of `key` (FIELD_LIMIT_DEFAULT when not listed). */
int field_limit_max(const char *key);
/** MC_OK when value (UTF-8; NULL passes) has at most the characters of `key`;
 *  otherwise MC_ERR_INVALID (400) naming `field` (the path the caller sent,
 *  e.g. "applicant.address"), the limit and the length given. */
mc_err field_limit_check(const char *field, const char *key, const char *value, mc_error *err);
/** A required text: MC_ERR_INVALID naming `field` ("Vui lòng nhập <vi>.") when v is NULL or empty,
 *  otherwise field_limit_check(field, field, v). */
mc_err field_need_text(const char *v, const char *field, const char *vi, mc_error *err);
/** A required day "YYYY-MM-DD" into *out: MC_ERR_INVALID naming `field` (vi: what it is called) when v
 *  is NULL or does not read as a day. */
mc_err field_need_day(const char *v, const char *field, const char *vi, mc_day *out, mc_error *err);

#endif
