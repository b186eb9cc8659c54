/* vietqr.c - VietQR payloads (vietqr.h). Field layout from the EMVCo
 * merchant-presented QR specification as NAPAS profiles it for VietQR. */
#include "vietqr.h"

#include <stdio.h>
#include <string.h>

uint16_t vietqr_crc(const char *s, size_t n) {
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)((unsigned char)s[i] << 8);
        for (int b = 0; b < 8; b++) crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

/* Appends one data object: two-digit ID, two-digit length, value. */
static void tlv(char *out, size_t cap, size_t *k, const char *id, const char *value) {
    int n = snprintf(out + *k, cap - *k, "%s%02zu%s", id, strlen(value), value);
    *k = n > 0 && (size_t)n < cap - *k ? *k + (size_t)n : cap - 1;
}

static bool only(const char *s, const char *allowed, bool alnum) {
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= '0' && *p <= '9') || (alnum && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) ||
                  (allowed && *p && strchr(allowed, *p));
        if (!ok) return false;
    }
    return true;
}

mc_err vietqr_payload(const vietqr_input *in, char out[VIETQR_MAX], mc_error *err) {
    if (!in->bin || strlen(in->bin) != 6 || !only(in->bin, NULL, false))
        return mc_fail(err, MC_ERR_INVALID, "bin", "Mã ngân hàng (BIN) phải gồm 6 chữ số.", "bin: 6 digits.");
    size_t an = in->account ? strlen(in->account) : 0;
    if (an == 0 || an > 19 || !only(in->account, NULL, true))
        return mc_fail(err, MC_ERR_INVALID, "account", "Số tài khoản gồm chữ số hoặc chữ cái, tối đa 19 ký tự.",
                       "account: 1-19 letters or digits.");
    if (in->amount < 0 || in->amount > 9999999999999LL)
        return mc_fail(err, MC_ERR_INVALID, "amount", "Số tiền không hợp lệ.", "amount out of range.");
    if (in->note && (strlen(in->note) > 25 || !only(in->note, " -.", true)))
        return mc_fail(err, MC_ERR_INVALID, "note", "Nội dung chuyển khoản tối đa 25 ký tự không dấu.",
                       "note: at most 25 plain characters.");
    char bene[64], acct[120], amount[24];
    size_t k = 0;
    /* 38: the NAPAS template: AID, the beneficiary (BIN and account), the service. */
    tlv(bene, sizeof bene, &k, "00", in->bin);
    tlv(bene, sizeof bene, &k, "01", in->account);
    k = 0;
    tlv(acct, sizeof acct, &k, "00", "A000000727");
    tlv(acct, sizeof acct, &k, "01", bene);
    tlv(acct, sizeof acct, &k, "02", "QRIBFTTA");
    k = 0;
    tlv(out, VIETQR_MAX, &k, "00", "01");
    tlv(out, VIETQR_MAX, &k, "01", in->amount > 0 ? "12" : "11"); /* dynamic (one payment) or static */
    tlv(out, VIETQR_MAX, &k, "38", acct);
    tlv(out, VIETQR_MAX, &k, "53", "704"); /* VND */
    if (in->amount > 0) {
        snprintf(amount, sizeof amount, "%lld", (long long)in->amount);
        tlv(out, VIETQR_MAX, &k, "54", amount);
    }
    tlv(out, VIETQR_MAX, &k, "58", "VN");
    if (in->note && *in->note) {
        char add[40];
        size_t j = 0;
        tlv(add, sizeof add, &j, "08", in->note); /* purpose of the transaction */
        tlv(out, VIETQR_MAX, &k, "62", add);
    }
    k += (size_t)snprintf(out + k, VIETQR_MAX - k, "6304");
    snprintf(out + k, VIETQR_MAX - k, "%04X", vietqr_crc(out, k));
    return MC_OK;
}
