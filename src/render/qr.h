/* qr.h - QR codes (libqrencode), as a square of modules to draw. */
#ifndef MC_QR_H
#define MC_QR_H

/** The modules of a QR code for `text` (byte mode, error correction level M),
 *  with the 4-module quiet zone around it: *size × *size bytes, 1 = dark.
 *  free() the result; NULL when the text is too long for a QR code. */
unsigned char *qr_modules(const char *text, int *size);

#endif
