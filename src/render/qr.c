/* qr.c - QR codes through libqrencode (qr.h). */
#include "qr.h"

#include <qrencode.h>
#include <stdint.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

unsigned char *qr_modules(const char *text, int *size) {
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q) return NULL;
    enum { QUIET = 4 };
    int w = q->width, n = w + 2 * QUIET;
    unsigned char *m = xcalloc((size_t)n * (size_t)n, 1);
    for (int r = 0; r < w; r++)
        for (int c = 0; c < w; c++) m[(r + QUIET) * n + c + QUIET] = q->data[r * w + c] & 1;
    QRcode_free(q);
    *size = n;
    return m;
}

/* Appends a PNG chunk: length, type, data, CRC of type and data. */
static void chunk(buf *b, const char *type, const unsigned char *data, uint32_t n) {
    unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                            (unsigned char)n};
    buf_append(b, len, 4);
    buf_append(b, type, 4);
    if (n) buf_append(b, data, n);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (n) crc = crc32(crc, data, n);
    unsigned char c[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
                          (unsigned char)crc};
    buf_append(b, c, 4);
}

bool qr_png(const char *text, buf *out) {
    int n;
    unsigned char *m = qr_modules(text, &n);
    if (!m) return false;
    /* One bit per module, rows led by filter byte 0; dark is 0 in a grey image. */
    size_t row = 1 + ((size_t)n + 7) / 8, raw_len = row * (size_t)n;
    unsigned char *raw = xcalloc(raw_len, 1);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            if (!m[y * n + x]) raw[(size_t)y * row + 1 + (size_t)x / 8] |= (unsigned char)(0x80 >> (x % 8));
    free(m);
    uLongf zlen = compressBound((uLong)raw_len);
    unsigned char *z = xmalloc(zlen);
    bool ok = compress2(z, &zlen, raw, (uLong)raw_len, 9) == Z_OK;
    if (ok) {
        static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        unsigned char ihdr[13] = {0, 0, 0, (unsigned char)n, 0, 0, 0, (unsigned char)n, 1, 0, 0, 0, 0};
        buf_append(out, sig, 8);
        chunk(out, "IHDR", ihdr, 13);
        chunk(out, "IDAT", z, (uint32_t)zlen);
        chunk(out, "IEND", NULL, 0);
    }
    free(raw);
    free(z);
    return ok;
}
