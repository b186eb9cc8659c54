/* log.c - see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "timeutil.h"

static log_level min_level = LOG_INFO;

void log_set_level(log_level l) {
    min_level = l;
}

/* The length of the well-formed UTF-8 sequence at s[0..n) (2 to 4 bytes: no
 * overlong form, no surrogate, nothing above U+10FFFF) and its code point;
 * 0 when s does not start one. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* Code points shown as \uXXXX: C1 controls, line/paragraph separators, bidi controls. */
static bool hidden(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

size_t log_escape(const char *in, size_t n, char *out, size_t cap) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0;
    if (!cap) return 0;
    for (size_t i = 0; i < n;) {
        char esc[8];
        const char *piece = esc;
        size_t k = 0, used = 1;
        unsigned char c = s[i];
        uint32_t cp = 0;
        if (c == '\\')
            k = 2, esc[0] = '\\', esc[1] = '\\';
        else if (c == '\n')
            k = 2, esc[0] = '\\', esc[1] = 'n';
        else if (c == '\r')
            k = 2, esc[0] = '\\', esc[1] = 'r';
        else if (c == '\t')
            k = 2, esc[0] = '\\', esc[1] = 't';
        else if (c >= 0x20 && c < 0x7F)
            k = 1, piece = (const char *)s + i;
        else if (c >= 0x80 && (used = utf8_seq(s + i, n - i, &cp)) > 0) {
            if (hidden(cp)) {
                k = 6;
                memcpy(esc, "\\u", 2);
                for (int d = 0; d < 4; d++) esc[2 + d] = hex[(cp >> (12 - 4 * d)) & 0xF];
            } else {
                k = used;
                piece = (const char *)s + i;
            }
        } else { /* C0 control, DEL, or a byte of invalid UTF-8 */
            used = 1;
            k = 4;
            esc[0] = '\\', esc[1] = 'x', esc[2] = hex[c >> 4], esc[3] = hex[c & 0xF];
        }
        if (o + k + 1 > cap) break;
        memcpy(out + o, piece, k);
        o += k;
        i += used;
    }
    out[o] = 0;
    return o;
}

void log_msg(log_level l, const char *fmt, ...) {
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (l < min_level) return;
    char ts[26], line[LOG_MESSAGE_MAX + 1], safe[4 * LOG_MESSAGE_MAX + 8];
    time_format_iso8601(time_now(), ts);
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (len < 0) len = 0;
    size_t n = (size_t)len < sizeof line ? (size_t)len : sizeof line - 1;
    log_escape(line, n, safe, sizeof safe);
    fprintf(stderr, "%s %s %s%s\n", ts, names[l], safe, (size_t)len > n ? " [...]" : "");
}
