/* qr.h - QR codes (libqrencode), as a square of modules to draw. */
#ifndef MC_QR_H
#define MC_QR_H

#include <stdbool.h>

#include "buf.h"

/** The modules of a QR code for `text` (byte mode, error correction level M),
 *  with the 4-module quiet zone around it: *size × *size bytes, 1 = dark.
 *  free() the result; NULL when the text is too long for a QR code. */
unsigned char *qr_modules(const char *text, int *size);

/** Appends a PNG of the QR code for `text`: one pixel per module, quiet zone
 *  included (scale it up with CSS image-rendering: pixelated). false when the
 *  text is too long. */
bool qr_png(const char *text, buf *out);

#endif
