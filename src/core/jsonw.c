/* jsonw.c - JSON text writer (jsonw.h). */
#include "jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

void jsonw_init(jsonw *w, buf *b) {
    memset(w, 0, sizeof *w);
    w->b = b;
    w->first[0] = true;
}

void jsonw_escape(buf *b, const char *s) {
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
                buf_puts(b, u);
            } else
                buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

/* The comma before a member and its key. */
static void member(jsonw *w, const char *key) {
    if (!w->first[w->depth]) buf_putc(w->b, ',');
    w->first[w->depth] = false;
    if (key) {
        jsonw_escape(w->b, key);
        buf_putc(w->b, ':');
    }
}

static void open(jsonw *w, const char *key, char c) {
    member(w, key);
    buf_putc(w->b, c);
    assert(w->depth < 15);
    w->first[++w->depth] = true;
}

void jsonw_object(jsonw *w, const char *key) {
    open(w, key, '{');
}

void jsonw_array(jsonw *w, const char *key) {
    open(w, key, '[');
}

void jsonw_close(jsonw *w, char c) {
    assert(w->depth > 0);
    w->depth--;
    buf_putc(w->b, c);
}

void jsonw_str(jsonw *w, const char *key, const char *s) {
    member(w, key);
    if (s)
        jsonw_escape(w->b, s);
    else
        buf_puts(w->b, "null");
}

void jsonw_int(jsonw *w, const char *key, int64_t v) {
    member(w, key);
    buf_printf(w->b, "%" PRId64, v);
}

void jsonw_bool(jsonw *w, const char *key, bool v) {
    member(w, key);
    buf_puts(w->b, v ? "true" : "false");
}
