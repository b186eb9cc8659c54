/* text.c - see text.h. Uses utf8proc for decomposition and case folding. */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "xalloc.h"

bool text_valid_utf8(const char *s, size_t n) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)n;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0 || cp == 0) return false;
        p += k;
        left -= k;
    }
    return true;
}

/* đ/Đ have no decomposition in Unicode: map them to d before folding. */
static utf8proc_int32_t fold_dd(utf8proc_int32_t cp, void *data) {
    (void)data;
    return (cp == 0x0110 || cp == 0x0111) ? 'd' : cp;
}

/* Vietnamese writes a final i after a consonant as i or y alike (kí/ký, lí/lý, mĩ/mỹ, quí/quý: both in
 * everyday and official use): such a final y becomes i. "qu" counts as a consonant; a y after another
 * vowel (tuy, huy, thùy) or alone (y tế) stays. s holds folded text (lower case, no marks), n bytes. */
static void fold_final_y(char *s, size_t n) {
    for (size_t i = 1; i < n; i++) {
        if (s[i] != 'y' || (i + 1 < n && s[i + 1] != ' ')) continue;
        char c = s[i - 1];
        bool consonant = c && strchr("bcdghklmnprstvx", c);
        bool qu = c == 'u' && i >= 2 && s[i - 2] == 'q' && (i == 2 || s[i - 3] == ' ');
        if (consonant || qu) s[i] = 'i';
    }
}

char *text_fold(const char *s) {
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &mapped,
                                             UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT,
                                             fold_dd, NULL);
    if (n < 0) return NULL;
    /* Collapse punctuation and space runs; keep letters and digits (any script). */
    char *out = xmalloc((size_t)n + 1);
    size_t o = 0;
    bool space = true;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
        if (k <= 0) break;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (word) {
            memcpy(out + o, mapped + i, (size_t)k);
            o += (size_t)k;
            space = false;
        } else if (!space) {
            out[o++] = ' ';
            space = true;
        }
        i += k;
    }
    if (o && out[o - 1] == ' ') o--;
    out[o] = 0;
    free(mapped);
    fold_final_y(out, o);
    return out;
}

char *text_nfc(const char *s) {
    if (!text_valid_utf8(s, strlen(s))) return NULL;
    utf8proc_uint8_t *r = utf8proc_NFC((const utf8proc_uint8_t *)s);
    return (char *)r;
}

size_t text_chars(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) n += (*p & 0xC0) != 0x80;
    return n;
}

char *text_trim(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') i++;
    if (i) memmove(s, s + i, n - i + 1);
    return s;
}

uint32_t text_hash(const char *s) {
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

const char *text_vnd(int64_t amount, char out[TEXT_VND_MAX]) {
    char digits[32];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)(amount < 0 ? -(uint64_t)amount : (uint64_t)amount));
    size_t n = strlen(digits), k = 0;
    if (amount < 0) out[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[k++] = '.';
        out[k++] = digits[i];
    }
    snprintf(out + k, TEXT_VND_MAX - k, " đồng");
    return out;
}

char *text_upper(const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    size_t cap = strlen((const char *)p) * 2 + 1, n = 0;
    char *out = xmalloc(cap);
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        if (n + (size_t)m + 1 > cap) out = xrealloc(out, cap *= 2);
        memcpy(out + n, enc, (size_t)m);
        n += (size_t)m;
        p += k;
    }
    out[n] = 0;
    return out;
}
