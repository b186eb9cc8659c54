/* jsonw.c - the tiny JSON writer (jsonw.h). */
#include "jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void jsonw_escape(buf *b, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    buf_putc(b, '"');
    /* Bytes that go out as they are (printable ASCII but the quote and the backslash, valid UTF-8) are
     * appended a run at a time. */
    size_t i = 0, from = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        size_t len = c >= 0x80 ? utf8_len(p + i, n - i) : 0;
        if (len) {
            i += len;
            continue;
        }
        if (i > from) buf_append(b, p + from, i - from);
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c >= 0x80) {
            buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD for a byte that starts no valid sequence */
        } else {
            const char *esc = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
            if (esc)
                buf_puts(b, esc);
            else
                buf_printf(b, "\\u%04x", c);
        }
        from = ++i;
    }
    if (i > from) buf_append(b, p + from, i - from);
    buf_putc(b, '"');
}

/* The separator before a member (a comma after the first). */
static void member(jsonw *w, const char *key) {
    assert(w->depth > 0);
    if (!w->first[w->depth - 1]) buf_putc(w->out, ',');
    w->first[w->depth - 1] = false;
    jsonw_escape(w->out, key, strlen(key));
    buf_putc(w->out, ':');
}

void jsonw_open(jsonw *w, buf *b) {
    if (b) {
        /* The outermost object: the writer starts afresh (it need not have been zeroed). */
        w->out = b;
        w->depth = 0;
    }
    assert(w->out);
    assert(w->depth < (int)(sizeof w->first / sizeof w->first[0]));
    buf_putc(w->out, '{');
    w->first[w->depth++] = true;
}

void jsonw_close(jsonw *w) {
    assert(w->depth > 0);
    w->depth--;
    buf_putc(w->out, '}');
}

void jsonw_key(jsonw *w, const char *key) {
    member(w, key);
}

void jsonw_str(jsonw *w, const char *key, const char *s) {
    member(w, key);
    if (s)
        jsonw_escape(w->out, s, strlen(s));
    else
        buf_puts(w->out, "null");
}

void jsonw_int(jsonw *w, const char *key, int64_t v) {
    member(w, key);
    buf_printf(w->out, "%" PRId64, v);
}

void jsonw_bool(jsonw *w, const char *key, bool v) {
    member(w, key);
    buf_puts(w->out, v ? "true" : "false");
}
