/* csv.c - see csv.h. */
#include "csv.h"

#include <string.h>

/* The length of the formula trigger s starts with, or 0: = + - @ TAB CR LF
 * and the full-width forms U+FF1D, U+FF0B, U+FF0D, U+FF20, which some
 * spreadsheets also take as the start of a formula. */
static size_t trigger_len(const char *s) {
    if (*s && strchr("=+-@\t\r\n", *s)) return 1;
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0)) return 3;
    return 0;
}

mc_err csv_parse(arena *a, const char *text, size_t len, csv_record **out, size_t *n, mc_error *err) {
    size_t i = 0;
    int line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    size_t cap = 64, cnt = 0;
    csv_record *recs = arena_alloc(a, cap * sizeof *recs);
    buf field = {0};
    while (i < len) {
        /* skip blank lines */
        if (text[i] == '\n' || text[i] == '\r') {
            if (text[i] == '\n') line++;
            i++;
            continue;
        }
        size_t fcap = 8, nf = 0;
        const char **fields = arena_alloc(a, fcap * sizeof *fields);
        int start_line = line;
        for (;;) {
            buf_reset(&field);
            if (i < len && text[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) {
                        buf_free(&field);
                        return mc_failf(err, MC_ERR_INVALID, "csv", "Dòng %d: thiếu dấu ngoặc kép đóng.",
                                        "Line %d: unterminated quoted field.", start_line);
                    }
                    if (text[i] == '"') {
                        if (i + 1 < len && text[i + 1] == '"') {
                            buf_putc(&field, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    buf_putc(&field, text[i++]);
                }
                /* The guard quote of csv_put_field comes off again. */
                if (field.len >= 2 && field.data[0] == '\'' && (field.data[1] == '\'' || trigger_len(field.data + 1))) {
                    memmove(field.data, field.data + 1, field.len); /* with the NUL */
                    field.len--;
                }
                if (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    buf_free(&field);
                    return mc_failf(err, MC_ERR_INVALID, "csv", "Dòng %d: ký tự thừa sau dấu ngoặc kép đóng.",
                                    "Line %d: text after a closing quote.", line);
                }
            } else {
                while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"') {
                        buf_free(&field);
                        return mc_failf(err, MC_ERR_INVALID, "csv",
                                        "Dòng %d: dấu ngoặc kép giữa trường không được bao.",
                                        "Line %d: quote inside an unquoted field.", line);
                    }
                    buf_putc(&field, text[i++]);
                }
            }
            if (nf == fcap) fields = arena_grow(a, fields, &fcap, sizeof *fields);
            fields[nf++] = arena_strndup(a, field.data ? field.data : "", field.len);
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        if (i < len && text[i] == '\r') i++;
        if (i < len && text[i] == '\n') {
            i++;
            line++;
        }
        if (cnt == cap) recs = arena_grow(a, recs, &cap, sizeof *recs);
        recs[cnt++] = (csv_record){fields, nf, start_line};
    }
    buf_free(&field);
    *out = recs;
    *n = cnt;
    return MC_OK;
}

bool csv_needs_guard(const char *s) {
    return s && trigger_len(s) > 0;
}

void csv_put_field(buf *b, const char *s) {
    if (!s) s = "";
    buf_putc(b, '"');
    if (*s == '\'' || trigger_len(s)) buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}
