/* mime.c - e-mail messages (mime.h). */
#include "mime.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool mime_addr_ok(const char *s) {
    if (!s) return false;
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (!n || n > 254 || !at || at == s || !at[1] || strchr(at + 1, '@')) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7F || strchr("\"<>(),;:[]\\", *p)) return false;
    return true;
}

static bool plain_ascii(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < ' ' || *p >= 0x7F) return false;
    /* "=?" would read as the start of an encoded word. */
    return !strstr(s, "=?");
}

/* One encoded word for s[0..n). */
static void word(buf *out, const char *s, size_t n) {
    char b64[128];
    sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    buf_printf(out, "=?UTF-8?B?%s?=", b64);
}

void mime_header_text(buf *out, const char *text, size_t used) {
    if (plain_ascii(text)) {
        buf_puts(out, text);
        return;
    }
    /* "=?UTF-8?B?" + "?=" is 12 characters; 75 - 12 = 63 base64 characters = 45 bytes at most (a multiple of 3
     * keeps each word whole). The first word shares its line with the header's name. */
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), i = 0;
    bool first = true;
    while (i < len) {
        /* The first word shares its line with the header's name: 36 bytes are 60 characters. */
        size_t room = first && used > 3 ? 36 : 45;
        size_t take = len - i < room ? len - i : room;
        /* Never end a word inside a UTF-8 character. */
        while (take < len - i && take > 0 && (p[i + take] & 0xC0) == 0x80) take--;
        if (!take) take = 1;
        if (!first) buf_puts(out, "\r\n ");
        word(out, text + i, take);
        i += take;
        first = false;
    }
}

void mime_base64_lines(buf *out, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i += 57) {
        size_t n = len - i < 57 ? len - i : 57;
        char line[80];
        sodium_bin2base64(line, sizeof line, p + i, n, sodium_base64_VARIANT_ORIGINAL);
        buf_puts(out, line);
        buf_puts(out, "\r\n");
    }
}

void mime_date(mc_time t, char out[40]) {
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t local = (time_t)(t + 7 * 3600); /* Vietnam: UTC+7, no daylight saving */
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0700", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool id_ok(const char *s) {
    if (!s || !*s || strlen(s) > 200 || !strchr(s, '@')) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7F || strchr("<>\"(),;:[]\\", *p)) return false;
    return true;
}

static bool url_ok(const char *s) {
    if (!s || strlen(s) > 900) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7F || *p == '<' || *p == '>') return false;
    return true;
}

bool mime_build(buf *out, const mime_msg *m) {
    if (!mime_addr_ok(m->from_addr) || !mime_addr_ok(m->to_addr) || !id_ok(m->message_id) ||
        (m->unsubscribe && !url_ok(m->unsubscribe)))
        return false;
    char date[40];
    mime_date(m->date, date);
    buf_puts(out, "From: ");
    if (m->from_name && *m->from_name) {
        mime_header_text(out, m->from_name, 6);
        buf_puts(out, " ");
    }
    buf_printf(out, "<%s>\r\nTo: <%s>\r\nSubject: ", m->from_addr, m->to_addr);
    mime_header_text(out, m->subject ? m->subject : "", 9);
    buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s>\r\n", date, m->message_id);
    if (m->unsubscribe)
        buf_printf(out, "List-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
                   m->unsubscribe);
    buf_puts(out, "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    /* The body with CRLF line ends, then base64 (any UTF-8 survives every relay). */
    buf crlf = {0};
    const char *b = m->body ? m->body : "";
    for (const char *p = b; *p; p++) {
        if (*p == '\n' && (p == b || p[-1] != '\r')) buf_putc(&crlf, '\r');
        buf_putc(&crlf, *p);
    }
    mime_base64_lines(out, crlf.data ? crlf.data : "", crlf.len);
    buf_free(&crlf);
    return true;
}
