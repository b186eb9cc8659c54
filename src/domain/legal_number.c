/* legal_number.c - reading the number and symbol of a legal normative document (legal_number.h). */
#include "legal_number.h"

#include <string.h>

/* What has been read so far: the display form and the key. */
typedef struct {
    char disp[LEGAL_NUMBER_MAX], key[LEGAL_NUMBER_MAX];
    size_t dn, kn;
    bool full;
} out;

static void put_disp(out *o, const char *b, size_t n) {
    if (o->dn + n >= LEGAL_NUMBER_MAX) {
        o->full = true;
        return;
    }
    memcpy(o->disp + o->dn, b, n);
    o->dn += n;
}

static void put_key(out *o, char c) {
    if (o->kn + 1 >= LEGAL_NUMBER_MAX) {
        o->full = true;
        return;
    }
    o->key[o->kn++] = c;
}

static bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Ð/đ: Đ is C4 90, đ is C4 91. */
static bool is_dd_upper(const char *s) {
    return (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x90;
}

static bool is_dd_lower(const char *s) {
    return (unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x91;
}

/* A letter of any script starts at s: ASCII, or any multi-byte character (Vietnamese letters). */
static bool letter_at(const char *s) {
    unsigned char c = (unsigned char)*s;
    return is_alpha(c) || c >= 0x80;
}

static size_t skip_spaces(const char *s, size_t p) {
    while (s[p] == ' ') p++;
    return p;
}

/* One segment of a symbol at s+p: capitals, digits and Đ (and, when loose, small letters and đ read
 * as capitals), plus the "g" of "TTg". Writes its display form to seg (NUL-terminated, at most cap-1
 * bytes) and its key form to key; returns the bytes read (0: no segment, or too long). */
static size_t segment(const char *s, size_t p, bool loose, char *seg, char *key, size_t cap) {
    size_t q = p, dn = 0, kn = 0;
    for (;;) {
        unsigned char c = (unsigned char)s[q];
        if ((c >= 'A' && c <= 'Z') || is_digit(c) || (loose && c >= 'a' && c <= 'z')) {
            char u = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            if (dn + 1 >= cap) return 0;
            seg[dn++] = u;
            key[kn++] = u;
            q++;
        } else if (is_dd_upper(s + q) || (loose && is_dd_lower(s + q))) {
            if (dn + 2 >= cap) return 0;
            seg[dn++] = (char)0xC4;
            seg[dn++] = (char)0x90;
            key[kn++] = 'D';
            q += 2;
        } else if (!loose && c == 'g' && dn == 2 && !memcmp(seg, "TT", 2) && !letter_at(s + q + 1)) {
            /* Thủ tướng: QĐ-TTg, CT-TTg */
            if (dn + 1 >= cap) return 0;
            seg[dn++] = 'g';
            key[kn++] = 'G';
            q++;
        } else {
            break;
        }
    }
    seg[dn] = 0;
    key[kn] = 0;
    return q - p;
}

/* The usual segments written without their Đ get it back in the display form; TTG is TTg. */
static const char *seg_display(const char *seg) {
    static const struct {
        const char *plain, *with;
    } fix[] = {{"ND", "NĐ"}, {"QD", "QĐ"}, {"HDND", "HĐND"}, {"TTG", "TTg"}};
    for (size_t i = 0; i < sizeof fix / sizeof fix[0]; i++)
        if (!strcmp(seg, fix[i].plain)) return fix[i].with;
    return seg;
}

static void put_segment(out *o, const char *seg, const char *key) {
    const char *d = seg_display(seg);
    put_disp(o, d, strlen(d));
    for (const char *k = key; *k; k++) put_key(o, *k);
}

/* Reads NUMBER/YEAR/SYMBOL at s+p; *end gets where it stops. `loose`: an officer's input (small
 * letters allowed in the symbol). */
static bool match_at(const char *s, size_t p, bool loose, out *o, size_t *end, int *year) {
    memset(o, 0, sizeof *o);
    size_t q = p;
    while (is_digit((unsigned char)s[q]) && q - p < 6) q++;
    if (q == p || is_digit((unsigned char)s[q])) return false;
    size_t num_end = q;
    /* A suffix: "66.7", "66.18", "08.a", "09b" - kept only when "/" follows. */
    size_t r = q;
    if (s[r] == '.') r++;
    size_t k = r;
    while ((is_digit((unsigned char)s[k]) || is_alpha((unsigned char)s[k])) && k - r < 4) k++;
    if (k > r && !is_digit((unsigned char)s[k]) && !is_alpha((unsigned char)s[k]) && s[skip_spaces(s, k)] == '/')
        num_end = k;
    for (size_t i = p; i < num_end; i++) {
        char c = s[i];
        put_disp(o, &c, 1);
        put_key(o, (char)(c >= 'a' && c <= 'z' ? c - 32 : c));
    }
    q = skip_spaces(s, num_end);
    if (s[q] != '/') return false;
    q = skip_spaces(s, q + 1);
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (!is_digit((unsigned char)s[q + i])) return false;
        y = y * 10 + (s[q + i] - '0');
    }
    if (is_digit((unsigned char)s[q + 4]) || y < 1900 || y > 2100) return false;
    put_disp(o, "/", 1);
    put_key(o, '/');
    put_disp(o, s + q, 4);
    for (int i = 0; i < 4; i++) put_key(o, s[q + i]);
    q = skip_spaces(s, q + 4);
    if (s[q] != '/') return false;
    q = skip_spaces(s, q + 1);
    /* The first segment starts with a capital and is not the start of a word ("/2015/Nghị"). */
    unsigned char c0 = (unsigned char)s[q];
    bool cap0 =
        (c0 >= 'A' && c0 <= 'Z') || is_dd_upper(s + q) || (loose && ((c0 >= 'a' && c0 <= 'z') || is_dd_lower(s + q)));
    if (!cap0) return false;
    char seg[48], key[48];
    size_t n = segment(s, q, loose, seg, key, sizeof seg);
    if (!n || (!loose && letter_at(s + q + n))) return false;
    put_disp(o, "/", 1);
    put_key(o, '/');
    put_segment(o, seg, key);
    q += n;
    for (;;) {
        size_t j = skip_spaces(s, q);
        if (s[j] != '-') break;
        size_t m = skip_spaces(s, j + 1);
        size_t n2 = segment(s, m, loose, seg, key, sizeof seg);
        if (!n2) break;
        bool spaced = j > q || m > j + 1;
        /* "NĐ-CP - Sửa đổi": a spaced dash before a word ends the symbol. */
        if (spaced && letter_at(s + m + n2)) break;
        put_disp(o, "-", 1);
        put_key(o, '-');
        put_segment(o, seg, key);
        q = m + n2;
    }
    if (o->full) return false;
    o->disp[o->dn] = 0;
    o->key[o->kn] = 0;
    *end = q;
    if (year) *year = y;
    return true;
}

bool legal_number_find(const char *s, char display[LEGAL_NUMBER_MAX], char key[LEGAL_NUMBER_MAX], size_t *at,
                       size_t *len) {
    if (!s) return false;
    for (size_t p = 0; s[p]; p++) {
        if (!is_digit((unsigned char)s[p])) continue;
        if (p > 0) {
            unsigned char b = (unsigned char)s[p - 1];
            if (is_digit(b) || is_alpha(b) || b == '.' || b == '/' || b == '-' || b >= 0x80) continue;
        }
        out o;
        size_t end;
        if (!match_at(s, p, false, &o, &end, NULL)) continue;
        memcpy(display, o.disp, o.dn + 1);
        memcpy(key, o.key, o.kn + 1);
        if (at) *at = p;
        if (len) *len = end - p;
        return true;
    }
    return false;
}

bool legal_number_parse(const char *s, char display[LEGAL_NUMBER_MAX], char key[LEGAL_NUMBER_MAX], int *year) {
    if (!s) return false;
    size_t p = skip_spaces(s, 0), end;
    out o;
    int y = 0;
    if (!match_at(s, p, true, &o, &end, &y)) return false;
    if (s[skip_spaces(s, end)] != 0) return false;
    memcpy(display, o.disp, o.dn + 1);
    memcpy(key, o.key, o.kn + 1);
    if (year) *year = y;
    return true;
}

bool legal_number_key(const char *s, char key[LEGAL_NUMBER_MAX]) {
    char d[LEGAL_NUMBER_MAX];
    return legal_number_parse(s, d, key, NULL);
}
