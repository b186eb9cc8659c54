/* test_multipart.c - streaming multipart/form-data: framing, chunking,
 * limits, temporary files and their cleanup. */
#include "testutil.h"

#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "multipart.h"

#define BOUNDARY "----WebKitFormBoundaryQ7pZ"
#define CTYPE    "multipart/form-data; boundary=" BOUNDARY
#define DELIM    "\r\n--" BOUNDARY

/* A real 1×1 PNG. */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01,
    0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

/* ---- helpers ----------------------------------------------------------- */

static char *tmpdir_new(void) {
    char *d = strdup("/tmp/motcua-mp-XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

static int dir_count(const char *d) {
    DIR *dir = opendir(d);
    assert_non_null(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(dir);
    return n;
}

/* Removes the test's directory, which must be empty by now. */
static void tmpdir_done(char *d) {
    assert_int_equal(dir_count(d), 0);
    assert_int_equal(rmdir(d), 0);
    free(d);
}

static bool exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* Deterministic bytes (xorshift), from seed. */
static void noise(buf *b, size_t n, unsigned seed) {
    unsigned x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf_putc(b, (char)(x >> 7));
    }
}

static void part_head(buf *b, const char *disposition, const char *ctype) {
    buf_puts(b, DELIM "\r\nContent-Disposition: form-data; ");
    buf_puts(b, disposition);
    buf_puts(b, "\r\n");
    if (ctype) buf_printf(b, "Content-Type: %s\r\n", ctype);
    buf_puts(b, "\r\n");
}

/* Begins, feeds body in pieces of `chunk` bytes (0: at once; SIZE_MAX:
 * varying sizes) and finishes. Returns the first error; *out is the parser. */
static mc_err run(const char *ctype, const multipart_limits *lim, const char *dir, const char *body, size_t n,
                  size_t chunk, multipart **out, mc_error *err) {
    mc_err e = multipart_begin(ctype, lim, dir, out, err);
    if (e) return e;
    size_t off = 0;
    unsigned seed = 7;
    while (off < n) {
        size_t c = chunk == 0 ? n : chunk;
        if (chunk == SIZE_MAX) {
            seed = seed * 1103515245u + 12345u;
            c = 1 + (seed >> 16) % 97;
        }
        if (c > n - off) c = n - off;
        e = multipart_feed(*out, body + off, c, err);
        if (e) return e;
        off += c;
    }
    return multipart_finish(*out, err);
}

/* A description of everything parsed, for comparing two runs. */
static char *describe(const multipart *m) {
    buf b = {0};
    for (size_t i = 0; i < multipart_file_count(m); i++) {
        const multipart_file *f = multipart_file_at(m, i);
        buf_printf(&b, "file %s|%s|%zu|%s|%s|%s\n", f->name, f->filename, f->size, f->sha256_hex, filetype_ext(f->type),
                   f->declared_type);
    }
    for (size_t i = 0; i < multipart_field_count(m); i++) {
        const multipart_field *f = multipart_field_at(m, i);
        buf_printf(&b, "field %s=%s\n", f->name, f->value);
    }
    return buf_steal(&b);
}

/* Asserts that file f holds exactly data[0..n) and hashes it right. */
static void assert_file(const multipart_file *f, const void *data, size_t n) {
    assert_int_equal(f->size, n);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    assert_memory_equal(f->sha256, h, sizeof h);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(f->sha256_hex, hex);
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    char *got = malloc(n + 1);
    assert_non_null(got);
    assert_int_equal(fread(got, 1, n + 1, fp), n);
    fclose(fp);
    assert_memory_equal(got, data, n);
    free(got);
}

typedef struct {
    buf body, pdf, png, exe;
} sample;

/* Two text fields, three files (a PDF with boundary-like lines, a 100 KB
 * PNG, an executable declared as PDF), an empty field, preamble, epilogue. */
static void sample_build(sample *s) {
    memset(s, 0, sizeof *s);
    buf_puts(&s->pdf, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\r\n");
    buf_puts(&s->pdf, "text--" BOUNDARY " in a line\r\n"); /* not at line start */
    buf_puts(&s->pdf, "\r\n--"
                      "----WebKitFormBoundaryQ7p"
                      "\r\n"); /* the delimiter but its last byte */
    buf_puts(&s->pdf, "\r\n-" BOUNDARY "\r\n\r\n-\r\n--\r\r\n--"
                      "----WebKitFormBoundaryQ7p"
                      "Y\r\n%%EOF\r\n");
    buf_append(&s->png, png_1x1, sizeof png_1x1);
    noise(&s->png, 100 * 1000, 1);
    buf_puts(&s->exe, "MZ\x90");
    noise(&s->exe, 500, 2);
    const buf *files[] = {&s->pdf, &s->png, &s->exe};
    for (int i = 0; i < 3; i++) assert_null(memmem(files[i]->data, files[i]->len, DELIM, strlen(DELIM)));

    buf *b = &s->body;
    buf_puts(b, "Phần mở đầu này bị bỏ qua.\r\n--" BOUNDARY "\r\n");
    buf_puts(b, "Content-Disposition: form-data; name=\"ho_ten\"\r\n\r\nNguyễn Văn An");
    part_head(b, "name=\"giay_to\"; filename=\"Giấy chứng sinh.pdf\"", "application/pdf");
    buf_append(b, s->pdf.data, s->pdf.len);
    part_head(b, "name=\"anh\"; filename=\"ảnh chân dung.png\"", "image/png");
    buf_append(b, s->png.data, s->png.len);
    part_head(b, "name=\"ghi_chu\"", "text/plain; charset=utf-8");
    buf_puts(b, "Dòng 1\r\nDòng 2 --" BOUNDARY);
    part_head(b, "name=\"trong\"", NULL);
    part_head(b, "name=\"giay_to\"; filename=\"to-khai.pdf\"", "application/pdf");
    buf_append(b, s->exe.data, s->exe.len);
    buf_puts(b, DELIM "--\r\nPhần kết, cũng bị bỏ qua.\r\n");
}

static void sample_free(sample *s) {
    buf_free(&s->body);
    buf_free(&s->pdf);
    buf_free(&s->png);
    buf_free(&s->exe);
}

/* ---- tests ------------------------------------------------------------- */

static void same_result_whole_and_byte_by_byte(void **state) {
    (void)state;
    sample s;
    sample_build(&s);
    char *dir = tmpdir_new();
    char *first = NULL;
    const size_t chunks[] = {0, 1, 2, 7, 4096, SIZE_MAX};
    for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
        multipart *m;
        mc_error err;
        mc_err e = run(CTYPE, NULL, dir, s.body.data, s.body.len, chunks[c], &m, &err);
        if (e) fail_msg("chunk %zu: %s", chunks[c], err.message_en);
        assert_int_equal(multipart_file_count(m), 3);
        assert_int_equal(multipart_field_count(m), 3);
        const multipart_file *pdf = multipart_file_at(m, 0), *png = multipart_file_at(m, 1),
                             *exe = multipart_file_at(m, 2);
        assert_string_equal(pdf->name, "giay_to");
        assert_string_equal(pdf->filename, "Giấy chứng sinh.pdf");
        assert_int_equal(pdf->type, FT_PDF);
        assert_string_equal(pdf->declared_type, "application/pdf");
        assert_file(pdf, s.pdf.data, s.pdf.len);
        assert_string_equal(png->filename, "ảnh chân dung.png");
        assert_int_equal(png->type, FT_PNG);
        assert_file(png, s.png.data, s.png.len);
        assert_int_equal(exe->type, FT_UNKNOWN); /* declared PDF, is not */
        assert_string_equal(exe->declared_type, "application/pdf");
        assert_file(exe, s.exe.data, s.exe.len);
        assert_string_equal(multipart_field_value(m, "ho_ten"), "Nguyễn Văn An");
        assert_string_equal(multipart_field_value(m, "ghi_chu"), "Dòng 1\r\nDòng 2 --" BOUNDARY);
        assert_string_equal(multipart_field_value(m, "trong"), "");
        assert_null(multipart_field_value(m, "khong_co"));
        assert_string_equal(multipart_field_at(m, 1)->name, "ghi_chu");

        char *d = describe(m);
        if (!first)
            first = d;
        else {
            assert_string_equal(d, first);
            free(d);
        }
        char *paths[3];
        for (int i = 0; i < 3; i++) {
            paths[i] = strdup(multipart_file_at(m, (size_t)i)->path);
            assert_true(exists(paths[i]));
        }
        assert_int_equal(dir_count(dir), 3);
        /* Finishing twice is harmless. */
        assert_int_equal(multipart_finish(m, &err), MC_OK);
        multipart_free(m);
        for (int i = 0; i < 3; i++) {
            assert_false(exists(paths[i]));
            free(paths[i]);
        }
        assert_int_equal(dir_count(dir), 0);
    }
    free(first);
    tmpdir_done(dir);
    sample_free(&s);
}

static void kept_file_survives_free(void **state) {
    (void)state;
    sample s;
    sample_build(&s);
    char *dir = tmpdir_new();
    multipart *m;
    mc_error err;
    assert_int_equal(run(CTYPE, NULL, dir, s.body.data, s.body.len, 0, &m, &err), MC_OK);
    multipart_keep(m, 1);
    char *kept = strdup(multipart_file_at(m, 1)->path);
    multipart_free(m);
    assert_true(exists(kept));
    assert_int_equal(dir_count(dir), 1);
    assert_int_equal(unlink(kept), 0); /* the caller's to move or delete */
    free(kept);
    tmpdir_done(dir);
    sample_free(&s);
}

static void file_limit_is_413_and_leaves_nothing(void **state) {
    (void)state;
    sample s;
    sample_build(&s);
    char *dir = tmpdir_new();
    multipart_limits lim = multipart_limits_default();
    lim.max_file = 50 * 1000; /* the PDF fits, the PNG does not */
    const size_t chunks[] = {0, 1, SIZE_MAX};
    for (size_t c = 0; c < 3; c++) {
        multipart *m;
        mc_error err;
        assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, chunks[c], &m, &err), MC_ERR_TOO_LARGE);
        assert_string_equal(err.field, "anh");
        assert_non_null(strstr(err.message, "ảnh chân dung.png"));
        assert_non_null(strstr(err.message_en, "48 KB"));
        /* The PDF before it is complete; the PNG's partial file is gone already. */
        assert_int_equal(multipart_file_count(m), 1);
        assert_int_equal(dir_count(dir), 1);
        /* Dead: every later call gives the same error. */
        mc_error again;
        assert_int_equal(multipart_feed(m, "x", 1, &again), MC_ERR_TOO_LARGE);
        assert_string_equal(again.message, err.message);
        assert_int_equal(multipart_finish(m, &again), MC_ERR_TOO_LARGE);
        assert_string_equal(again.message_en, err.message_en);
        multipart_free(m);
        assert_int_equal(dir_count(dir), 0);
    }
    /* Exactly at the limit is allowed. */
    lim.max_file = s.png.len;
    multipart *m;
    mc_error err;
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, SIZE_MAX, &m, &err), MC_OK);
    multipart_free(m);
    tmpdir_done(dir);
    sample_free(&s);
}

static void total_and_parts_limits(void **state) {
    (void)state;
    sample s;
    sample_build(&s);
    char *dir = tmpdir_new();
    multipart *m;
    mc_error err;
    multipart_limits lim = multipart_limits_default();
    lim.max_total = s.body.len - 1;
    const size_t chunks[] = {0, 1, 4096};
    for (size_t c = 0; c < 3; c++) {
        assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, chunks[c], &m, &err), MC_ERR_TOO_LARGE);
        assert_string_equal(err.field, "");
        multipart_free(m);
        assert_int_equal(dir_count(dir), 0);
    }
    lim.max_total = s.body.len;
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, 4096, &m, &err), MC_OK);
    multipart_free(m);

    lim = multipart_limits_default();
    lim.max_parts = 5; /* the sample has 6 */
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, 1, &m, &err), MC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "tối đa 5"));
    multipart_free(m);
    assert_int_equal(dir_count(dir), 0);
    lim.max_parts = 6;
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, 1, &m, &err), MC_OK);
    multipart_free(m);
    tmpdir_done(dir);
    sample_free(&s);
}

static void field_limits(void **state) {
    (void)state;
    sample s;
    sample_build(&s);
    char *dir = tmpdir_new();
    multipart *m;
    mc_error err;
    multipart_limits lim = multipart_limits_default();
    lim.max_field = strlen("Nguyễn Văn An"); /* ho_ten fits exactly, ghi_chu does not */
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, 1, &m, &err), MC_ERR_TOO_LARGE);
    assert_string_equal(err.field, "ghi_chu");
    multipart_free(m);
    lim = multipart_limits_default();
    lim.max_fields_total = strlen("Nguyễn Văn An") + 5;
    assert_int_equal(run(CTYPE, &lim, dir, s.body.data, s.body.len, 0, &m, &err), MC_ERR_TOO_LARGE);
    assert_string_equal(err.field, "ghi_chu");
    multipart_free(m);
    tmpdir_done(dir);
    sample_free(&s);
}

static void truncated_body_fails_at_finish(void **state) {
    (void)state;
    buf b = {0};
    buf_puts(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nmột");
    part_head(&b, "name=\"f\"; filename=\"x.pdf\"", "application/pdf");
    buf_puts(&b, "%PDF-1.4\r\n-" BOUNDARY "-\r\nabc");
    buf_puts(&b, DELIM "--");
    size_t closed = b.len; /* the body is complete from here on */
    buf_puts(&b, "\r\nepilogue");
    char *dir = tmpdir_new();
    for (size_t cut = 0; cut <= b.len; cut++) {
        multipart *m;
        mc_error err;
        mc_err e = run(CTYPE, NULL, dir, b.data, cut, cut % 2 ? 1 : 0, &m, &err);
        if (cut < closed) {
            if (e != MC_ERR_INVALID) fail_msg("cut at %zu: %d", cut, e);
            assert_non_null(strstr(err.message_en, "body"));
        } else {
            assert_int_equal(e, MC_OK);
            assert_int_equal(multipart_file_count(m), 1);
            assert_int_equal(multipart_file_at(m, 0)->size, strlen("%PDF-1.4\r\n-" BOUNDARY "-\r\nabc"));
        }
        multipart_free(m);
        assert_int_equal(dir_count(dir), 0);
    }
    tmpdir_done(dir);
    buf_free(&b);
}

static void boundary_like_content_and_framing(void **state) {
    (void)state;
    char *dir = tmpdir_new();
    multipart *m;
    mc_error err;
    /* No preamble, transport padding after a delimiter, a leading CRLF. */
    const char *ok1 = "\r\n--b  \t\r\nContent-Disposition: form-data; name=v\r\n\r\n"
                      "a--b\r\n-b\r\n--c\r--b\n--b"
                      "\r\n--b-- \r\n";
    for (size_t c = 0; c <= 3; c++) {
        assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, ok1, strlen(ok1), c, &m, &err), MC_OK);
        assert_string_equal(multipart_field_value(m, "v"), "a--b\r\n-b\r\n--c\r--b\n--b");
        multipart_free(m);
    }
    /* No parts at all. */
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, "--b--", 5, 0, &m, &err), MC_OK);
    assert_int_equal(multipart_file_count(m) + multipart_field_count(m), 0);
    multipart_free(m);
    /* The whole delimiter inside content, followed by something else: the
     * sender broke RFC 2046's promise, 400. */
    const char *bad = "--b\r\nContent-Disposition: form-data; name=v\r\n\r\nx\r\n--bx\r\n--b--";
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, bad, strlen(bad), 0, &m, &err), MC_ERR_INVALID);
    multipart_free(m);
    /* A body with no boundary at all, an empty body. */
    assert_int_equal(run(CTYPE, NULL, dir, "hello", 5, 0, &m, &err), MC_ERR_INVALID);
    assert_non_null(strstr(err.message_en, "no boundary"));
    multipart_free(m);
    assert_int_equal(run(CTYPE, NULL, dir, "", 0, 0, &m, &err), MC_ERR_INVALID);
    multipart_free(m);
    tmpdir_done(dir);
}

static void invalid_content_types(void **state) {
    (void)state;
    multipart *m = (multipart *)&m;
    mc_error err;
    assert_int_equal(multipart_begin(NULL, NULL, "/tmp", &m, &err), MC_ERR_MEDIA_TYPE);
    assert_null(m);
    assert_int_equal(mc_err_http_status(err.code), 415);
    assert_int_equal(multipart_begin("application/json", NULL, "/tmp", &m, &err), MC_ERR_MEDIA_TYPE);
    assert_int_equal(multipart_begin("multipart/mixed; boundary=x", NULL, "/tmp", &m, &err), MC_ERR_MEDIA_TYPE);
    assert_int_equal(multipart_begin("multipart/form-dataX; boundary=x", NULL, "/tmp", &m, &err), MC_ERR_MEDIA_TYPE);
    const char *bad[] = {
        "multipart/form-data",
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"a b \"",     /* ends in space */
        "multipart/form-data; boundary=a;boundary=b", /* twice */
        "multipart/form-data; boundary=ab\x01",       /* not a bchar */
        "multipart/form-data; boundary=\"unterminated",
        "multipart/form-data; boundary=12345678901234567890123456789012345678901234567890123456789012345678901",
        "multipart/form-data boundary=x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (multipart_begin(bad[i], NULL, "/tmp", &m, &err) != MC_ERR_INVALID) fail_msg("accepted %s", bad[i]);
        assert_null(m);
        assert_string_equal(err.field, "Content-Type");
    }
    const char *good[] = {
        "multipart/form-data; boundary=x",
        "Multipart/Form-Data;boundary=x",
        "multipart/form-data; charset=utf-8; boundary=\"a b:c=d\";",
        "multipart/form-data; boundary=1234567890123456789012345678901234567890123456789012345678901234567890",
        "multipart/form-data; BOUNDARY=----geckoformboundary1f4e3c",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        if (multipart_begin(good[i], NULL, "/tmp", &m, &err) != MC_OK) fail_msg("refused %s", good[i]);
        multipart_free(m);
    }
    /* A quoted boundary with a space is used as given. */
    const char *body = "--a b:c=d\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--a b:c=d--";
    assert_int_equal(run("multipart/form-data; boundary=\"a b:c=d\"", NULL, "/tmp", body, strlen(body), 1, &m, &err),
                     MC_OK);
    assert_string_equal(multipart_field_value(m, "k"), "v");
    multipart_free(m);
}

/* Each body is one part with bad headers: 400, and nothing left. */
static void malformed_part_headers(void **state) {
    (void)state;
    char *dir = tmpdir_new();
    char long_line[3000];
    snprintf(long_line, sizeof long_line, "--b\r\nContent-Disposition: form-data; name=f; filename=\"%02000d\"\r\n\r\n",
             0);
    buf many = {0};
    buf_puts(&many, "--b\r\nContent-Disposition: form-data; name=f\r\n");
    for (int i = 0; i < MULTIPART_MAX_HEADER_LINES; i++) buf_printf(&many, "X-H%d: v\r\n", i);
    buf_puts(&many, "\r\nv\r\n--b--");
    const char *bad[] = {
        "--b\r\n\r\nno headers\r\n--b--",
        "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=f\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f; name=g\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f\r\nContent-Disposition: form-data; name=g\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"f\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data;\r\n name=f\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition : form-data; name=f\r\n\r\nv\r\n--b--",
        "--b\r\nno colon\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"\xC3\x28\"\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f\r\n\r\n\xFF\xFE\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f\r\n\r\nnul\0x\r\n--b--",
        "--b\rContent-Disposition: form-data; name=f\r\n\r\nv\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f; filename=\"x\"\r\n\r\nv\r\n--b-x",
        long_line,
        many.data,
    };
    const size_t nul_len =
        strlen("--b\r\nContent-Disposition: form-data; name=f\r\n\r\nnul") + 1 + strlen("x\r\n--b--");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n = strstr(bad[i], "\r\n\r\nnul") ? nul_len : strlen(bad[i]);
        for (size_t c = 0; c <= 1; c++) {
            multipart *m;
            mc_error err;
            mc_err e = run("multipart/form-data; boundary=b", NULL, dir, bad[i], n, c, &m, &err);
            if (e != MC_ERR_INVALID) fail_msg("body %zu (chunk %zu) gave %d", i, c, e);
            multipart_free(m);
            assert_int_equal(dir_count(dir), 0);
        }
    }
    /* The header line limit counts the CRLF: 2048 bytes is fine. */
    char edge[4096];
    int pad = MULTIPART_MAX_HEADER_LINE - (int)strlen("X-Pad: \r\n");
    snprintf(edge, sizeof edge, "--b\r\nX-Pad: %0*d\r\nContent-Disposition: form-data; name=f\r\n\r\nv\r\n--b--", pad,
             0);
    multipart *m;
    mc_error err;
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, edge, strlen(edge), 1, &m, &err), MC_OK);
    multipart_free(m);
    snprintf(edge, sizeof edge, "--b\r\nX-Pad: %0*d\r\nContent-Disposition: form-data; name=f\r\n\r\nv\r\n--b--",
             pad + 1, 0);
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, edge, strlen(edge), 0, &m, &err),
                     MC_ERR_INVALID);
    assert_non_null(strstr(err.message_en, "too long"));
    multipart_free(m);
    buf_free(&many);
    tmpdir_done(dir);
}

static void file_names_are_cleaned(void **state) {
    (void)state;
    char *dir = tmpdir_new();
    buf b = {0};
    buf_puts(&b, "--b\r\n");
    /* NFD (as macOS sends it) with a Windows path: "Giấy" with combining marks. */
    buf_puts(
        &b, "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\An\\Gia\xCC\x82\xCC\x81y.pdf\"\r\n\r\n");
    buf_puts(&b, "%PDF-1.4\r\n--b\r\n");
    buf_puts(&b, "Content-Disposition: form-data; name=\"g\"; filename=\"../../etc/a \\\"b\\\"\tc.png\"\r\n\r\n");
    buf_append(&b, png_1x1, sizeof png_1x1);
    /* An empty file input: dropped. */
    buf_puts(&b, "\r\n--b\r\nContent-Disposition: form-data; name=\"h\"; filename=\"\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n");
    /* An empty file with a name is kept. filename*= is ignored. */
    buf_puts(&b, "\r\n--b\r\nContent-Disposition: form-data; name=i; filename=rong.txt; filename*=UTF-8''x\r\n\r\n");
    buf_puts(&b, "\r\n--b--\r\n");
    multipart *m;
    mc_error err;
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, dir, b.data, b.len, 1, &m, &err), MC_OK);
    assert_int_equal(multipart_file_count(m), 3);
    assert_string_equal(multipart_file_at(m, 0)->filename, "Giấy.pdf");
    assert_int_equal(multipart_file_at(m, 0)->type, FT_PDF);
    assert_string_equal(multipart_file_at(m, 0)->declared_type, "");
    assert_string_equal(multipart_file_at(m, 1)->filename, "a \"b\"_c.png");
    assert_int_equal(multipart_file_at(m, 1)->type, FT_PNG);
    assert_string_equal(multipart_file_at(m, 2)->name, "i");
    assert_string_equal(multipart_file_at(m, 2)->filename, "rong.txt");
    assert_int_equal(multipart_file_at(m, 2)->size, 0);
    assert_string_equal(multipart_file_at(m, 2)->sha256_hex,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(dir_count(dir), 3);
    multipart_free(m);
    buf_free(&b);
    tmpdir_done(dir);
}

static void unwritable_directory_is_500(void **state) {
    (void)state;
    char *dir = tmpdir_new();
    char missing[96];
    snprintf(missing, sizeof missing, "%s/missing", dir);
    const char *body = "--b\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n"
                       "--b\r\nContent-Disposition: form-data; name=f; filename=a.pdf\r\n\r\n%PDF-\r\n--b--";
    multipart *m;
    mc_error err;
    assert_int_equal(run("multipart/form-data; boundary=b", NULL, missing, body, strlen(body), 0, &m, &err),
                     MC_ERR_INTERNAL);
    assert_non_null(strstr(err.message_en, "missing"));
    assert_string_equal(err.field, "f");
    multipart_free(m);
    tmpdir_done(dir);
}

int main(void) {
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_result_whole_and_byte_by_byte),
        cmocka_unit_test(kept_file_survives_free),
        cmocka_unit_test(file_limit_is_413_and_leaves_nothing),
        cmocka_unit_test(total_and_parts_limits),
        cmocka_unit_test(field_limits),
        cmocka_unit_test(truncated_body_fails_at_finish),
        cmocka_unit_test(boundary_like_content_and_framing),
        cmocka_unit_test(invalid_content_types),
        cmocka_unit_test(malformed_part_headers),
        cmocka_unit_test(file_names_are_cleaned),
        cmocka_unit_test(unwritable_directory_is_500),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
