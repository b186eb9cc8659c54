/* web_form.c - HTML form bodies (application/x-www-form-urlencoded, as the
 * WHATWG URL standard describes them): name=value pairs joined by "&", "+"
 * for a space, %XX for any byte. Decoded names and values must be UTF-8
 * without NUL; anything else refuses the whole form. */
#include <string.h>

#include "text.h"
#include "web_internal.h"

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes one component into the arena; NULL when malformed. */
static char *decode(arena *a, const char *s, size_t n) {
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n) return NULL;
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0 || hi * 16 + lo == 0) return NULL;
            out[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (s[i] == 0) {
            return NULL;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
    return text_valid_utf8(out, k) ? out : NULL;
}

bool web_form_parse(arena *a, const char *body, size_t len, web_form *f) {
    memset(f, 0, sizeof *f);
    size_t pairs = 1;
    for (size_t i = 0; i < len; i++) pairs += body[i] == '&';
    f->names = arena_alloc(a, pairs * sizeof *f->names);
    f->values = arena_alloc(a, pairs * sizeof *f->values);
    const char *s = body, *stop = body + len;
    while (s < stop) {
        const char *amp = memchr(s, '&', (size_t)(stop - s)), *end = amp ? amp : stop;
        if (end > s) { /* "a&&b": an empty part is skipped */
            const char *eq = memchr(s, '=', (size_t)(end - s)), *ne = eq ? eq : end;
            char *name = decode(a, s, (size_t)(ne - s));
            char *value = eq ? decode(a, eq + 1, (size_t)(end - eq - 1)) : arena_strdup(a, "");
            if (!name || !value) return false;
            f->names[f->n] = name;
            f->values[f->n++] = value;
        }
        s = end + 1;
    }
    return true;
}
