/* zip.c - an in-memory ZIP writer over zlib (zip.h). */
#include "zip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xalloc.h"

#define ZIP_MAX_BYTES   (64u << 20)
#define ZIP_MAX_ENTRIES 65535u
/* 1 January 2026 00:00 in MS-DOS form: the same entries always give the same bytes. */
#define DOS_TIME 0
#define DOS_DATE (((2026 - 1980) << 9) | (1 << 5) | 1)

typedef struct {
    char *name;
    uint32_t crc, csize, usize, offset;
    uint16_t method;
} zip_entry;

struct zip_writer {
    buf data; /* local headers and entry data */
    zip_entry *v;
    size_t n, cap;
};

static void le16(buf *b, uint32_t v) {
    unsigned char x[2] = {(unsigned char)(v & 0xff), (unsigned char)(v >> 8 & 0xff)};
    buf_append(b, x, 2);
}

static void le32(buf *b, uint32_t v) {
    unsigned char x[4] = {(unsigned char)(v & 0xff), (unsigned char)(v >> 8 & 0xff), (unsigned char)(v >> 16 & 0xff),
                          (unsigned char)(v >> 24 & 0xff)};
    buf_append(b, x, 4);
}

zip_writer *zip_create(void) {
    return xcalloc(1, sizeof(zip_writer));
}

void zip_free(zip_writer *z) {
    if (!z) return;
    for (size_t i = 0; i < z->n; i++) free(z->v[i].name);
    free(z->v);
    buf_free(&z->data);
    free(z);
}

/* Raw deflate (no zlib header) of data into out; false if zlib fails. */
static bool deflate_raw(const void *data, size_t len, buf *out) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    uLong bound = deflateBound(&s, (uLong)len);
    unsigned char *dst = xmalloc(bound ? bound : 1);
    s.next_in = (Bytef *)(uintptr_t)data;
    s.avail_in = (uInt)len;
    s.next_out = dst;
    s.avail_out = (uInt)bound;
    int rc = deflate(&s, Z_FINISH);
    bool ok = rc == Z_STREAM_END;
    if (ok) buf_append(out, dst, s.total_out);
    deflateEnd(&s);
    free(dst);
    return ok;
}

mc_err zip_add(zip_writer *z, const char *name, const void *data, size_t len, bool store, mc_error *err) {
    size_t nl = name ? strlen(name) : 0;
    if (!nl || nl > 255 || name[0] == '/' || strstr(name, ".."))
        return mc_fail(err, MC_ERR_INVALID, NULL, NULL, "zip: bad entry name");
    if (z->n >= ZIP_MAX_ENTRIES || len > ZIP_MAX_BYTES || z->data.len + len > ZIP_MAX_BYTES)
        return mc_fail(err, MC_ERR_TOO_LARGE, NULL, NULL, "zip: archive too large");
    buf packed = {0};
    uint16_t method = 0;
    if (!store && len > 0) {
        if (!deflate_raw(data, len, &packed)) {
            buf_free(&packed);
            return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "zip: deflate failed");
        }
        method = 8;
    }
    if (z->n == z->cap) z->v = xrealloc(z->v, (z->cap = z->cap ? z->cap * 2 : 16) * sizeof *z->v);
    zip_entry *e = &z->v[z->n++];
    e->name = xstrdup(name);
    e->crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
    e->usize = (uint32_t)len;
    e->csize = method ? (uint32_t)packed.len : (uint32_t)len;
    e->method = method;
    e->offset = (uint32_t)z->data.len;
    buf *b = &z->data;
    le32(b, 0x04034b50);
    le16(b, 20);       /* version needed: 2.0 */
    le16(b, 1u << 11); /* names in UTF-8 */
    le16(b, method);
    le16(b, DOS_TIME);
    le16(b, DOS_DATE);
    le32(b, e->crc);
    le32(b, e->csize);
    le32(b, e->usize);
    le16(b, (uint32_t)nl);
    le16(b, 0);
    buf_append(b, name, nl);
    if (method)
        buf_append(b, packed.data, packed.len);
    else if (len)
        buf_append(b, data, len);
    buf_free(&packed);
    return MC_OK;
}

mc_err zip_finish(zip_writer *z, buf *out, mc_error *err) {
    (void)err;
    buf *b = &z->data;
    uint32_t cd_start = (uint32_t)b->len;
    for (size_t i = 0; i < z->n; i++) {
        const zip_entry *e = &z->v[i];
        size_t nl = strlen(e->name);
        le32(b, 0x02014b50);
        le16(b, 20); /* made by: version 2.0, MS-DOS attributes */
        le16(b, 20);
        le16(b, 1u << 11);
        le16(b, e->method);
        le16(b, DOS_TIME);
        le16(b, DOS_DATE);
        le32(b, e->crc);
        le32(b, e->csize);
        le32(b, e->usize);
        le16(b, (uint32_t)nl);
        le16(b, 0); /* extra */
        le16(b, 0); /* comment */
        le16(b, 0); /* disk */
        le16(b, 0); /* internal attributes */
        le32(b, 0); /* external attributes */
        le32(b, e->offset);
        buf_append(b, e->name, nl);
    }
    uint32_t cd_size = (uint32_t)b->len - cd_start;
    le32(b, 0x06054b50);
    le16(b, 0);
    le16(b, 0);
    le16(b, (uint32_t)z->n);
    le16(b, (uint32_t)z->n);
    le32(b, cd_size);
    le32(b, cd_start);
    le16(b, 0);
    buf_append(out, b->data, b->len);
    return MC_OK;
}
