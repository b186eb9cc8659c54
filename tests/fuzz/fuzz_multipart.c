/* fuzz_multipart.c - libFuzzer target for the streaming multipart parser.
 *
 * Input: byte 0 gives k = byte0 % 8 chunk sizes, the next k bytes are the
 * sizes (each + 1, used in turn; k = 0 feeds the body at once), the rest is
 * the body, parsed with the fixed boundary "fuzzB". Small limits, so that
 * every 413 path is reachable. Checks after each input: errors are final and
 * repeatable, every reported file matches its temporary file (size, SHA-256,
 * sniffed type), strings are valid UTF-8, limits hold, and once the parser is
 * freed nothing is left in the temporary directory but the file kept.
 *
 *   make fuzz          (every fuzzer, with the project's flags: build/fuzz/fuzz_multipart)
 *   mkdir -p /tmp/multipart-corpus
 *   build/fuzz/fuzz_multipart -max_total_time=60 /tmp/multipart-corpus tests/fuzz/corpus/multipart
 *
 * libFuzzer writes new inputs into the first directory given: keep the seeds
 * (tests/fuzz/corpus/multipart) second so that they stay a handful. `make test`
 * replays the seeds and fuzzes for a few seconds (tests/fuzz/run.sh). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkdtemp, strdup under -std=c17 */
#endif
#include <dirent.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "multipart.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                        \
    do {                                                                                \
        if (!(c)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);      \
            abort();                                                                    \
        }                                                                               \
    } while (0)

static char tmpdir[64];

static void tmpdir_remove(void) {
    rmdir(tmpdir);
}

static int dir_count(void) {
    DIR *d = opendir(tmpdir);
    CHECK(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void check_file(const multipart_file *f, const multipart_limits *lim) {
    CHECK(f->size <= lim->max_file);
    CHECK(text_valid_utf8(f->name, strlen(f->name)));
    CHECK(text_valid_utf8(f->filename, strlen(f->filename)));
    CHECK(!strchr(f->filename, '/') && !strchr(f->filename, '\\'));
    FILE *fp = fopen(f->path, "rb");
    CHECK(fp);
    unsigned char *b = malloc(f->size + 1);
    CHECK(b);
    CHECK(fread(b, 1, f->size + 1, fp) == f->size);
    fclose(fp);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, b, f->size);
    CHECK(memcmp(h, f->sha256, sizeof h) == 0);
    CHECK(strlen(f->sha256_hex) == 64);
    CHECK(f->type == filetype_sniff(b, f->size));
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!tmpdir[0]) {
        CHECK(sodium_init() >= 0);
        snprintf(tmpdir, sizeof tmpdir, "/tmp/motcua-fuzz-XXXXXX");
        CHECK(mkdtemp(tmpdir));
        atexit(tmpdir_remove);
    }
    if (size < 1) return 0;
    size_t nsizes = data[0] % 8;
    if (size < 1 + nsizes) return 0;
    const uint8_t *sizes = data + 1;
    const char *body = (const char *)data + 1 + nsizes;
    size_t n = size - 1 - nsizes;

    const multipart_limits lim = {
        .max_file = 3000, .max_total = 1 << 20, .max_field = 300, .max_fields_total = 1000, .max_parts = 8};
    multipart *m;
    mc_error err;
    CHECK(multipart_begin("multipart/form-data; boundary=fuzzB", &lim, tmpdir, &m, &err) == MC_OK);
    mc_err e = MC_OK;
    for (size_t off = 0, i = 0; off < n && !e; i++) {
        size_t c = nsizes ? (size_t)sizes[i % nsizes] + 1 : n;
        if (c > n - off) c = n - off;
        e = multipart_feed(m, body + off, c, &err);
        off += c;
    }
    if (!e) e = multipart_finish(m, &err);
    if (e) {
        CHECK(err.code == e);
        CHECK(e == MC_ERR_INVALID || e == MC_ERR_TOO_LARGE);
        CHECK(text_valid_utf8(err.message, strlen(err.message)) && err.message[0]);
        CHECK(text_valid_utf8(err.field, strlen(err.field)));
        mc_error again;
        CHECK(multipart_feed(m, "x", 1, &again) == e && strcmp(again.message_en, err.message_en) == 0);
        CHECK(multipart_finish(m, &again) == e);
    }
    for (size_t i = 0; i < multipart_file_count(m); i++) check_file(multipart_file_at(m, i), &lim);
    size_t fields_total = 0;
    for (size_t i = 0; i < multipart_field_count(m); i++) {
        const multipart_field *f = multipart_field_at(m, i);
        size_t len = strlen(f->value);
        CHECK(len <= lim.max_field);
        CHECK(text_valid_utf8(f->value, len) && text_valid_utf8(f->name, strlen(f->name)));
        fields_total += len;
    }
    CHECK(fields_total <= lim.max_fields_total);
    CHECK(multipart_file_count(m) + multipart_field_count(m) <= (size_t)lim.max_parts);

    char *kept = NULL;
    if (!e && multipart_file_count(m)) {
        multipart_keep(m, 0);
        kept = strdup(multipart_file_at(m, 0)->path);
    }
    multipart_free(m);
    if (kept) {
        CHECK(dir_count() == 1);
        CHECK(unlink(kept) == 0);
        free(kept);
    }
    CHECK(dir_count() == 0);
    return 0;
}
