/* qr.c - QR codes through libqrencode (qr.h). */
#include "qr.h"

#include <qrencode.h>
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
