/* test_vietqr.c - VietQR payloads: the CRC against the standard check value
 * and a payload made by another implementation, every field of a payload in
 * its place, and inputs that cannot go into a code. */
#include "testutil.h"

#include "vietqr.h"

static void crc_check_values(void **state) {
    (void)state;
    assert_int_equal(vietqr_crc("123456789", 9), 0x29B1); /* CRC-16/CCITT-FALSE check value */
    /* A VietQR string printed by an independent Go implementation (vietqr-parser README), CRC "CD60". */
    const char *p = "00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304";
    assert_int_equal(vietqr_crc(p, strlen(p)), 0xCD60);
}

static void fields_in_place(void **state) {
    (void)state;
    char out[VIETQR_MAX];
    mc_error err;
    vietqr_input in = {"970415", "113366668888", 79000, "Ung Ho Quy Vac Xin"};
    assert_int_equal(vietqr_payload(&in, out, &err), MC_OK);
    const char *want = "000201"                     /* payload format indicator */
                       "010212"                     /* dynamic: one payment of this amount */
                       "3856"                       /* NAPAS account template, 56 characters */
                       "0010A000000727"             /* its AID */
                       "0126"                       /* the beneficiary: */
                       "0006970415"                 /*   the bank's BIN */
                       "0112113366668888"           /*   the account */
                       "0208QRIBFTTA"               /* service: transfer to an account */
                       "5303704"                    /* VND */
                       "540579000"                  /* the amount */
                       "5802VN"                     /* country */
                       "62220818Ung Ho Quy Vac Xin" /* additional data: purpose of the transaction */
                       "6304";                      /* the CRC follows */
    assert_int_equal(strncmp(out, want, strlen(want)), 0);
    assert_int_equal(strlen(out), strlen(want) + 4);
    char crc[5];
    snprintf(crc, sizeof crc, "%04X", vietqr_crc(out, strlen(want)));
    assert_string_equal(out + strlen(want), crc);
    /* Without an amount: a static code, no 54, no note. */
    vietqr_input st = {"970436", "0881000458086", 0, NULL};
    assert_int_equal(vietqr_payload(&st, out, &err), MC_OK);
    assert_non_null(strstr(out, "010211"));
    assert_null(strstr(out, "5303704"
                            "54"));
    assert_null(strstr(out, "6208"));
}

static void refused_inputs(void **state) {
    (void)state;
    char out[VIETQR_MAX];
    mc_error err;
    vietqr_input bad[] = {{"97041", "1", 1, NULL},
                          {"97041X", "1", 1, NULL},
                          {"970415", "", 1, NULL},
                          {"970415", "12345678901234567890", 1, NULL},
                          {"970415", "12 34", 1, NULL},
                          {"970415", "1", -5, NULL},
                          {"970415", "1", 1, "Lệ phí hộ tịch"},
                          {"970415", "1", 1, "A123456789012345678901234567"}};
    const char *field[] = {"bin", "bin", "account", "account", "account", "amount", "note", "note"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(vietqr_payload(&bad[i], out, &err), MC_ERR_INVALID);
        assert_string_equal(err.field, field[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc_check_values),
        cmocka_unit_test(fields_in_place),
        cmocka_unit_test(refused_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
