/* vietqr.h - the VietQR payload: the EMVCo merchant-presented QR code that
 * every Vietnamese banking app reads, with NAPAS's account template (ID 38:
 * AID A000000727, the bank's BIN and the account, service QRIBFTTA "to an
 * account"), the amount in VND, the transfer note, and a CRC-16/CCITT-FALSE
 * over all of it. Pure: no I/O. */
#ifndef MC_VIETQR_H
#define MC_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/** What to pay whom. */
typedef struct {
    const char *bin;     /**< the bank's 6-digit NAPAS BIN, e.g. "970415" */
    const char *account; /**< the beneficiary account number (digits and letters, at most 19) */
    int64_t amount;      /**< VND; 0 = the payer types it (a static code) */
    const char *note;    /**< the transfer note (ASCII letters, digits, space, "-", "."; at most 25) */
} vietqr_input;

/** Longest payload this module writes, with its NUL. */
#define VIETQR_MAX 160

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection). */
uint16_t vietqr_crc(const char *s, size_t n);
/** Writes the payload into out (VIETQR_MAX bytes). MC_ERR_INVALID naming the
 *  field (bin, account, amount, note) when an input cannot go into a code. */
mc_err vietqr_payload(const vietqr_input *in, char out[VIETQR_MAX], mc_error *err);

#endif
