/* multipart.c - see multipart.h.
 *
 * A byte-driven state machine. The body is read as if a CRLF came before it,
 * so every boundary is the same delimiter "\r\n--" boundary (RFC 2046 5.1.1).
 * In the preamble and in part bodies the delimiter is matched byte by byte:
 * `k` delimiter bytes matched so far are held back, and as they are always
 * delim[0..k) they need no buffer. The boundary has no CR, so on a mismatch
 * the held bytes are released as data and the mismatching byte is examined
 * again from k = 0; runs without CR are passed on whole. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkostemp */
#endif
#include "multipart.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "fdio.h"
#include "text.h"
#include "xalloc.h"

enum { MAX_BOUNDARY = 70, WBUF_SIZE = 32 * 1024 };

typedef enum {
    S_PREAMBLE, /* before the first delimiter */
    S_DELIM,    /* just after a delimiter: "--", padding or CRLF */
    S_DASH,     /* after "-": the second "-" of the close delimiter */
    S_PADDING,  /* transport padding (spaces, tabs) before CRLF */
    S_DELIM_CR, /* after CR: LF starts a part */
    S_HEADERS,  /* part header lines */
    S_BODY,     /* part content */
    S_EPILOGUE, /* after the close delimiter: ignored */
    S_FAILED
} mp_state;

typedef struct {
    multipart_file pub;
    bool kept;
} mp_file;

struct multipart {
    multipart_limits lim;
    arena *a; /* every string handed out, and the file/field records */
    const char *tmpdir;
    char delim[4 + MAX_BOUNDARY];
    size_t dlen, k;
    mp_state state;
    bool finished;
    mc_error error; /* the failure, replayed once state is S_FAILED */
    size_t total;
    int nparts;

    /* The part being read. */
    char line[MULTIPART_MAX_HEADER_LINE];
    size_t line_len;
    int header_lines;
    const char *name, *filename, *ctype; /* NULL until their header is seen */
    bool has_disposition;
    bool is_file;
    /* ... if a file */
    int fd; /* -1 when no file is open */
    char *path;
    size_t size;
    crypto_hash_sha256_state sha;
    unsigned char *sniff; /* FILETYPE_SNIFF_MAX bytes, allocated at the first file */
    size_t sniff_len;
    unsigned char *wbuf; /* WBUF_SIZE bytes, write buffer */
    size_t wlen;
    /* ... if a text field */
    buf value;
    size_t fields_total;

    mp_file **files;
    size_t nfiles, files_cap;
    multipart_field **fields;
    size_t nfields, fields_cap;
};

multipart_limits multipart_limits_default(void) {
    return (multipart_limits){.max_file = (size_t)10 << 20,
                              .max_total = (size_t)50 << 20,
                              .max_field = (size_t)64 << 10,
                              .max_fields_total = (size_t)256 << 10,
                              .max_parts = 32};
}

/* ---- messages ---------------------------------------------------------- */

/* "10 MB", "64 KB", "100 byte" for limits in messages. */
static void fmt_size(size_t n, char out[32]) {
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(out, 32, "%zu MB", n >> 20);
    else if (n >= ((size_t)1 << 20))
        snprintf(out, 32, "%.1f MB", (double)n / (1 << 20));
    else if (n >= 1024)
        snprintf(out, 32, "%zu KB", n >> 10);
    else
        snprintf(out, 32, "%zu byte", n);
}

/* Copies s into out, cut at a character boundary so that it fits in 80 bytes. */
static void short_text(const char *s, char out[96]) {
    size_t n = strlen(s);
    if (n <= 80) {
        memcpy(out, s, n + 1);
        return;
    }
    size_t cut = 77;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    memcpy(out, s, cut);
    memcpy(out + cut, "...", 4);
}

/* The part named in errors: its field name, "" before its headers are read. */
static const char *part_field(const multipart *m) {
    return m->name ? m->name : "";
}

/* mc_failf formats both messages from one argument list: "%.0s" skips the
 * other language's text. */
static mc_err malformed(multipart *m, const char *vi, const char *en) {
    return mc_failf(&m->error, MC_ERR_INVALID, part_field(m), "Dữ liệu multipart không hợp lệ: %s.%.0s",
                    "Malformed multipart body: %.0s%s.", vi, en);
}

static mc_err io_failure(multipart *m, const char *what, int errnum) {
    char eb[128];
    const char *es = strerror_r(errnum, eb, sizeof eb); /* the GNU variant */
    return mc_failf(&m->error, MC_ERR_INTERNAL, part_field(m),
                    "Máy chủ không ghi được tệp tải lên, vui lòng thử lại sau.%.0s%.0s%.0s",
                    "Cannot %s a temporary upload file in %s: %s.", what, m->tmpdir, es);
}

/* ---- temporary file ---------------------------------------------------- */

static mc_err file_open(multipart *m) {
    assert(m->fd < 0);
    m->path = arena_printf(m->a, "%s/motcua-upload-XXXXXX", m->tmpdir);
    m->fd = mkostemp(m->path, O_CLOEXEC);
    if (m->fd < 0) return io_failure(m, "create", errno);
    if (!m->sniff) m->sniff = xmalloc(FILETYPE_SNIFF_MAX);
    if (!m->wbuf) m->wbuf = xmalloc(WBUF_SIZE);
    m->size = m->sniff_len = m->wlen = 0;
    crypto_hash_sha256_init(&m->sha);
    return MC_OK;
}

static mc_err file_flush(multipart *m) {
    if (m->wlen && !fd_write_all(m->fd, m->wbuf, m->wlen)) return io_failure(m, "write", errno);
    m->wlen = 0;
    return MC_OK;
}

static mc_err file_put(multipart *m, const char *p, size_t n) {
    if (n > m->lim.max_file - m->size) {
        char lim[32], who[96];
        fmt_size(m->lim.max_file, lim);
        short_text(m->filename && *m->filename ? m->filename : part_field(m), who);
        return mc_failf(&m->error, MC_ERR_TOO_LARGE, part_field(m), "Tệp \"%s\" vượt quá giới hạn %s.",
                        "File \"%s\" is larger than %s.", who, lim);
    }
    m->size += n;
    crypto_hash_sha256_update(&m->sha, (const unsigned char *)p, n);
    if (m->sniff_len < FILETYPE_SNIFF_MAX) {
        size_t c = FILETYPE_SNIFF_MAX - m->sniff_len;
        if (c > n) c = n;
        memcpy(m->sniff + m->sniff_len, p, c);
        m->sniff_len += c;
    }
    if (n > WBUF_SIZE - m->wlen) {
        mc_err e = file_flush(m);
        if (e) return e;
        if (n >= WBUF_SIZE) return fd_write_all(m->fd, p, n) ? MC_OK : io_failure(m, "write", errno);
    }
    memcpy(m->wbuf + m->wlen, p, n);
    m->wlen += n;
    return MC_OK;
}

/* Closes and deletes a file left half-written. */
static void file_abandon(multipart *m) {
    if (m->fd < 0) return;
    close(m->fd);
    unlink(m->path);
    m->fd = -1;
}

static void *push(arena *a, void *arr, size_t *n, size_t *cap, void *item) {
    void **v = arr;
    if (*n == *cap) {
        if (!*cap) {
            *cap = 8;
            v = arena_alloc(a, *cap * sizeof *v);
        } else {
            v = arena_grow(a, v, cap, sizeof *v);
        }
    }
    v[(*n)++] = item;
    return v;
}

static mc_err file_end(multipart *m) {
    mc_err e = file_flush(m);
    if (e) return e;
    int fd = m->fd;
    m->fd = -1;
    if (close(fd) != 0) {
        int errnum = errno;
        unlink(m->path);
        return io_failure(m, "close", errnum);
    }
    if (m->size == 0 && !*m->filename) { /* a file input left empty */
        unlink(m->path);
        return MC_OK;
    }
    mp_file *f = arena_alloc(m->a, sizeof *f);
    f->pub.name = m->name;
    f->pub.filename = m->filename;
    f->pub.path = m->path;
    f->pub.size = m->size;
    crypto_hash_sha256_final(&m->sha, f->pub.sha256);
    sodium_bin2hex(f->pub.sha256_hex, sizeof f->pub.sha256_hex, f->pub.sha256, sizeof f->pub.sha256);
    f->pub.type = filetype_sniff(m->sniff, m->sniff_len);
    f->pub.declared_type = m->ctype ? m->ctype : "";
    m->files = push(m->a, m->files, &m->nfiles, &m->files_cap, f);
    return MC_OK;
}

/* ---- text fields ------------------------------------------------------- */

static mc_err field_put(multipart *m, const char *p, size_t n) {
    char lim[32];
    if (n > m->lim.max_field - m->value.len) {
        fmt_size(m->lim.max_field, lim);
        char who[96];
        short_text(part_field(m), who);
        return mc_failf(&m->error, MC_ERR_TOO_LARGE, part_field(m), "Trường %s quá dài (tối đa %s).",
                        "Field %s is longer than %s.", who, lim);
    }
    if (n > m->lim.max_fields_total - m->fields_total) {
        fmt_size(m->lim.max_fields_total, lim);
        return mc_failf(&m->error, MC_ERR_TOO_LARGE, part_field(m),
                        "Các trường văn bản của biểu mẫu quá dài (tổng cộng tối đa %s).",
                        "Text fields are longer than %s in total.", lim, lim);
    }
    m->fields_total += n;
    buf_append(&m->value, p, n);
    return MC_OK;
}

static mc_err field_end(multipart *m) {
    if (!text_valid_utf8(m->value.data ? m->value.data : "", m->value.len)) {
        char who[96];
        short_text(part_field(m), who);
        return mc_failf(&m->error, MC_ERR_INVALID, part_field(m),
                        "Trường %s chứa ký tự không hợp lệ (không phải UTF-8).", "Field %s is not valid UTF-8.", who,
                        who);
    }
    multipart_field *f = arena_alloc(m->a, sizeof *f);
    f->name = m->name;
    f->value = arena_strndup(m->a, m->value.data ? m->value.data : "", m->value.len);
    m->fields = push(m->a, m->fields, &m->nfields, &m->fields_cap, f);
    buf_reset(&m->value);
    return MC_OK;
}

/* ---- header parameters (Content-Type, Content-Disposition) ------------- */

static bool is_ws(char c) {
    return c == ' ' || c == '\t';
}

/* RFC 9110 tchar. */
static bool is_tchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

typedef struct {
    const char *name, *value; /* spans in the header value */
    size_t name_len, value_len;
    bool quoted; /* value is the inside of a quoted-string, escapes not yet removed */
} hparam;

/* Reads the next "; name=value" from *s. 1: *p filled; 0: end; -1: malformed. */
static int param_next(const char **s, hparam *p) {
    const char *c = *s;
    for (;;) {
        while (is_ws(*c)) c++;
        if (!*c) return 0;
        if (*c != ';') return -1;
        c++;
        while (is_ws(*c)) c++;
        if (!*c) return 0;    /* a trailing ";" */
        if (*c != ';') break; /* else an empty parameter */
    }
    p->name = c;
    while (is_tchar(*c)) c++;
    p->name_len = (size_t)(c - p->name);
    if (!p->name_len) return -1;
    while (is_ws(*c)) c++;
    if (*c++ != '=') return -1;
    while (is_ws(*c)) c++;
    if (*c == '"') {
        p->quoted = true;
        p->value = ++c;
        /* Only \" and \\ are escapes: old browsers sent Windows paths unescaped. */
        while (*c != '"') {
            if (!*c) return -1;
            c += (*c == '\\' && (c[1] == '"' || c[1] == '\\')) ? 2 : 1;
        }
        p->value_len = (size_t)(c - p->value);
        c++;
    } else {
        p->quoted = false;
        p->value = c;
        while (*c && *c != ';' && !is_ws(*c) && *c != '"') c++;
        p->value_len = (size_t)(c - p->value);
        if (!p->value_len) return -1;
    }
    *s = c;
    return 1;
}

/* Copies p's value, escapes removed, into out[0..cap); false if it does not fit. */
static bool param_value(const hparam *p, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = 0; i < p->value_len; i++) {
        char c = p->value[i];
        if (p->quoted && c == '\\' && i + 1 < p->value_len && (p->value[i + 1] == '"' || p->value[i + 1] == '\\'))
            c = p->value[++i];
        if (o + 1 >= cap) return false;
        out[o++] = c;
    }
    out[o] = 0;
    return true;
}

static bool param_is(const hparam *p, const char *name) {
    return strlen(name) == p->name_len && strncasecmp(p->name, name, p->name_len) == 0;
}

/* Reads a token (or type/subtype) at *s; returns its length. */
static size_t token_at(const char **s) {
    const char *c = *s;
    while (is_ws(*c)) c++;
    const char *t = c;
    while (is_tchar(*c) || *c == '/') c++;
    *s = c;
    return (size_t)(c - t);
}

/* RFC 2046 bchars, space not last. */
static bool boundary_ok(const char *b) {
    size_t n = strlen(b);
    if (n < 1 || n > MAX_BOUNDARY || b[n - 1] == ' ') return false;
    for (const char *c = b; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              strchr("'()+_,-./:=? ", *c)))
            return false;
    return true;
}

/* ---- part headers ------------------------------------------------------ */

/* Turns a client file name into something safe to show: the last path
 * component, control characters replaced by "_", NFC (macOS sends NFD). */
static const char *clean_filename(multipart *m, char *raw) {
    char *base = raw;
    for (char *c = raw; *c; c++)
        if (*c == '/' || *c == '\\') base = c + 1;
    for (char *c = base; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F) *c = '_';
    char *nfc = text_nfc(base);
    const char *out = arena_strdup(m->a, nfc ? nfc : base);
    free(nfc);
    return out;
}

static mc_err parse_disposition(multipart *m, const char *v) {
    const char *s = v;
    size_t tl = token_at(&s);
    if (tl != 9 || strncasecmp(s - tl, "form-data", 9) != 0)
        return malformed(m, "Content-Disposition phải là form-data", "Content-Disposition must be form-data");
    hparam p;
    int r;
    char *tmp = arena_alloc(m->a, strlen(v) + 1); /* a value is never longer than the header */
    while ((r = param_next(&s, &p)) == 1) {
        bool is_name = param_is(&p, "name"), is_filename = param_is(&p, "filename");
        if (!is_name && !is_filename) continue;
        if ((is_name && m->name) || (is_filename && m->filename))
            return malformed(m, "tham số lặp lại trong Content-Disposition",
                             "repeated parameter in Content-Disposition");
        if (!param_value(&p, tmp, strlen(v) + 1)) return malformed(m, "tham số quá dài", "parameter too long");
        if (is_name)
            m->name = arena_strdup(m->a, tmp);
        else
            m->filename = clean_filename(m, tmp);
    }
    if (r < 0) return malformed(m, "không đọc được Content-Disposition", "cannot parse Content-Disposition");
    if (!m->name) return malformed(m, "phần thiếu tên trường (name)", "part has no name parameter");
    return MC_OK;
}

static mc_err end_headers(multipart *m) {
    if (!m->has_disposition)
        return malformed(m, "phần thiếu tiêu đề Content-Disposition", "part has no Content-Disposition header");
    m->is_file = m->filename != NULL;
    if (m->is_file) {
        mc_err e = file_open(m);
        if (e) return e;
    }
    m->state = S_BODY;
    m->k = 0;
    return MC_OK;
}

static mc_err header_line(multipart *m, char *line, size_t len) {
    if (len == 0) return end_headers(m);
    if (++m->header_lines > MULTIPART_MAX_HEADER_LINES)
        return malformed(m, "quá nhiều dòng tiêu đề trong một phần", "too many header lines in a part");
    if (memchr(line, '\r', len)) return malformed(m, "ký tự CR lẻ trong tiêu đề", "stray CR in a header");
    if (!text_valid_utf8(line, len)) return malformed(m, "tiêu đề không phải UTF-8", "header is not valid UTF-8");
    if (is_ws(line[0])) return malformed(m, "không hỗ trợ tiêu đề gập dòng", "folded header lines are not supported");
    char *colon = memchr(line, ':', len);
    if (!colon) return malformed(m, "dòng tiêu đề thiếu dấu hai chấm", "header line without a colon");
    for (char *c = line; c < colon; c++)
        if (!is_tchar(*c)) return malformed(m, "tên tiêu đề không hợp lệ", "invalid header name");
    if (colon == line) return malformed(m, "tên tiêu đề không hợp lệ", "invalid header name");
    size_t nlen = (size_t)(colon - line);
    char *v = colon + 1;
    while (is_ws(*v)) v++;
    char *e = line + len;
    while (e > v && is_ws(e[-1])) e--;
    *e = 0;
    if (nlen == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
        if (m->has_disposition)
            return malformed(m, "tiêu đề Content-Disposition lặp lại", "repeated Content-Disposition header");
        m->has_disposition = true;
        return parse_disposition(m, v);
    }
    if (nlen == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
        if (m->ctype) return malformed(m, "tiêu đề Content-Type lặp lại", "repeated Content-Type header");
        m->ctype = arena_strdup(m->a, v);
    }
    return MC_OK; /* other headers are ignored */
}

/* Consumes header bytes up to the end of a line (or of the input). */
static mc_err headers_scan(multipart *m, const char **pp, const char *end) {
    const char *p = *pp;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (n > sizeof m->line - 1 - m->line_len) /* room for the LF */
        return malformed(m, "dòng tiêu đề quá dài", "header line too long");
    memcpy(m->line + m->line_len, p, n);
    m->line_len += n;
    if (!nl) {
        *pp = end;
        return MC_OK;
    }
    *pp = nl + 1;
    if (m->line_len == 0 || m->line[m->line_len - 1] != '\r')
        return malformed(m, "dòng tiêu đề không kết thúc bằng CRLF", "header line not ended by CRLF");
    size_t len = m->line_len - 1;
    m->line[len] = 0;
    m->line_len = 0;
    return header_line(m, m->line, len);
}

/* ---- the delimiter ----------------------------------------------------- */

static mc_err part_start(multipart *m) {
    if (m->nparts >= m->lim.max_parts)
        return mc_failf(&m->error, MC_ERR_TOO_LARGE, NULL, "Biểu mẫu có quá nhiều phần (tối đa %d).",
                        "Too many parts in the form (at most %d).", m->lim.max_parts);
    m->nparts++;
    m->line_len = 0;
    m->header_lines = 0;
    m->name = m->filename = m->ctype = NULL;
    m->has_disposition = m->is_file = false;
    m->state = S_HEADERS;
    return MC_OK;
}

static mc_err part_data(multipart *m, const char *p, size_t n) {
    if (m->state != S_BODY || !n) return MC_OK; /* the preamble is dropped */
    return m->is_file ? file_put(m, p, n) : field_put(m, p, n);
}

static mc_err part_end(multipart *m) {
    mc_err e = m->is_file ? file_end(m) : field_end(m);
    m->name = m->filename = m->ctype = NULL;
    return e;
}

/* Passes data on, up to and including the next delimiter (preamble or body). */
static mc_err delim_scan(multipart *m, const char **pp, const char *end) {
    const char *p = *pp;
    mc_err e;
    while (p < end) {
        if (m->k == 0) {
            const char *cr = memchr(p, '\r', (size_t)(end - p));
            const char *stop = cr ? cr : end;
            if ((e = part_data(m, p, (size_t)(stop - p)))) return e;
            if (!cr) {
                p = end;
                break;
            }
            p = cr + 1;
            m->k = 1;
        } else if (*p == m->delim[m->k]) {
            p++;
            if (++m->k == m->dlen) {
                m->k = 0;
                *pp = p;
                if (m->state == S_BODY && (e = part_end(m))) return e;
                m->state = S_DELIM;
                return MC_OK;
            }
        } else {
            if ((e = part_data(m, m->delim, m->k))) return e; /* held bytes were data */
            m->k = 0;
        }
    }
    *pp = p;
    return MC_OK;
}

/* ---- public ------------------------------------------------------------ */

mc_err multipart_begin(const char *content_type, const multipart_limits *limits, const char *tmpdir, multipart **out,
                       mc_error *err) {
    assert(out && tmpdir);
    *out = NULL;
    const char *s = content_type ? content_type : "";
    size_t tl = token_at(&s);
    if (tl != 19 || strncasecmp(s - tl, "multipart/form-data", 19) != 0)
        return mc_fail(err, MC_ERR_MEDIA_TYPE, "Content-Type", "Yêu cầu phải gửi dạng multipart/form-data.",
                       "Content-Type must be multipart/form-data.");
    char boundary[MAX_BOUNDARY + 2] = "";
    bool seen = false;
    hparam p;
    int r;
    while ((r = param_next(&s, &p)) == 1) {
        if (!param_is(&p, "boundary")) continue;
        if (seen || !param_value(&p, boundary, sizeof boundary) || !boundary_ok(boundary))
            return mc_fail(err, MC_ERR_INVALID, "Content-Type", "Tham số boundary trong Content-Type không hợp lệ.",
                           "Invalid boundary parameter in Content-Type.");
        seen = true;
    }
    if (r < 0)
        return mc_fail(err, MC_ERR_INVALID, "Content-Type", "Không đọc được tiêu đề Content-Type.",
                       "Cannot parse the Content-Type header.");
    if (!seen)
        return mc_fail(err, MC_ERR_INVALID, "Content-Type", "Thiếu tham số boundary trong Content-Type.",
                       "Content-Type has no boundary parameter.");
    multipart *m = xcalloc(1, sizeof *m);
    m->lim = limits ? *limits : multipart_limits_default();
    m->a = arena_create();
    m->tmpdir = arena_strdup(m->a, tmpdir);
    m->dlen = (size_t)snprintf(m->delim, sizeof m->delim, "\r\n--%s", boundary);
    m->k = 2; /* the CRLF imagined before the body */
    m->state = S_PREAMBLE;
    m->fd = -1;
    *out = m;
    return MC_OK;
}

/* Makes the failure in m->error final. */
static mc_err die(multipart *m, mc_error *err) {
    file_abandon(m);
    m->state = S_FAILED;
    if (err) *err = m->error;
    return m->error.code;
}

mc_err multipart_feed(multipart *m, const char *data, size_t len, mc_error *err) {
    assert(m && !m->finished);
    if (m->state == S_FAILED) return die(m, err);
    if (!len) return MC_OK;
    if (len > m->lim.max_total - m->total) {
        char lim[32];
        fmt_size(m->lim.max_total, lim);
        mc_failf(&m->error, MC_ERR_TOO_LARGE, NULL, "Dữ liệu tải lên vượt quá giới hạn %s.", "Upload larger than %s.",
                 lim);
        return die(m, err);
    }
    m->total += len;
    const char *p = data, *end = data + len;
    while (p < end) {
        mc_err e = MC_OK;
        char c;
        switch (m->state) {
        case S_PREAMBLE:
        case S_BODY: e = delim_scan(m, &p, end); break;
        case S_HEADERS: e = headers_scan(m, &p, end); break;
        case S_DELIM:
            c = *p++;
            if (c == '-')
                m->state = S_DASH;
            else if (is_ws(c))
                m->state = S_PADDING;
            else if (c == '\r')
                m->state = S_DELIM_CR;
            else
                e = malformed(m, "ranh giới bị theo sau bởi ký tự lạ", "boundary followed by other text");
            break;
        case S_DASH:
            if (*p++ == '-')
                m->state = S_EPILOGUE;
            else
                e = malformed(m, "ranh giới bị theo sau bởi ký tự lạ", "boundary followed by other text");
            break;
        case S_PADDING:
            c = *p++;
            if (c == '\r')
                m->state = S_DELIM_CR;
            else if (!is_ws(c))
                e = malformed(m, "ranh giới bị theo sau bởi ký tự lạ", "boundary followed by other text");
            break;
        case S_DELIM_CR:
            if (*p++ == '\n')
                e = part_start(m);
            else
                e = malformed(m, "ranh giới không kết thúc bằng CRLF", "boundary line not ended by CRLF");
            break;
        case S_EPILOGUE: p = end; break;
        case S_FAILED: /* never: a failure returns at once */
            assert(!"feeding a failed parser");
            p = end;
            break;
        }
        if (e) return die(m, err);
    }
    return MC_OK;
}

mc_err multipart_finish(multipart *m, mc_error *err) {
    assert(m);
    if (m->state == S_FAILED) return die(m, err);
    if (m->state != S_EPILOGUE) {
        if (m->state == S_PREAMBLE)
            malformed(m, "không có ranh giới nào trong dữ liệu", "no boundary in the body");
        else
            malformed(m, "dữ liệu kết thúc trước ranh giới đóng (tải lên bị ngắt?)",
                      "body ended before the closing boundary (interrupted upload?)");
        return die(m, err);
    }
    m->finished = true;
    return MC_OK;
}

size_t multipart_file_count(const multipart *m) {
    return m->nfiles;
}

const multipart_file *multipart_file_at(const multipart *m, size_t i) {
    assert(i < m->nfiles);
    return &m->files[i]->pub;
}

size_t multipart_field_count(const multipart *m) {
    return m->nfields;
}

const multipart_field *multipart_field_at(const multipart *m, size_t i) {
    assert(i < m->nfields);
    return m->fields[i];
}

const char *multipart_field_value(const multipart *m, const char *name) {
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(m->fields[i]->name, name) == 0) return m->fields[i]->value;
    return NULL;
}

void multipart_keep(multipart *m, size_t i) {
    assert(i < m->nfiles);
    m->files[i]->kept = true;
}

void multipart_free(multipart *m) {
    if (!m) return;
    file_abandon(m);
    for (size_t i = 0; i < m->nfiles; i++)
        if (!m->files[i]->kept) unlink(m->files[i]->pub.path);
    buf_free(&m->value);
    free(m->sniff);
    free(m->wbuf);
    arena_free(m->a);
    free(m);
}
