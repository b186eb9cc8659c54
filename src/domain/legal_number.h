/* legal_number.h - the number and symbol (số ký hiệu) of a legal normative document, read from text.
 *
 * A normative document is numbered "NUMBER/YEAR/SYMBOL": "123/2015/NĐ-CP", "15/2025/QĐ-UBND",
 * "08/2025/TT-BTP", "60/2014/QH13", "66.7/2025/NQ-CP", "05/2015/TTLT-BTP-BCA-BYT", "29/2026/QĐ-TTg".
 * The procedure catalog cites its legal basis as free text ("Nghị định số 123/2015/NĐ-CP ngày
 * 15/11/2015 của Chính phủ ...", "104/2022/NĐ-CP: Nghị định sửa đổi ..."): the document a string
 * cites is the FIRST number-and-symbol in it (a title may name other documents after it: "04/2024/TT-BTP:
 * Sửa đổi ... Thông tư số 02/2020/TT-BTP" cites 04/2024/TT-BTP). A date ("15/11/2015") is not a
 * number: the year must be followed by "/" and a symbol that starts with a capital letter.
 *
 * Two forms come out: the display form (spaces removed, the usual segments given their Đ: ND → NĐ,
 * QD → QĐ, HDND → HĐND; TTG → TTg) and the key two numbers are compared by (uppercase, Đ → D,
 * no spaces), so that "123/2015/ND-CP", "123 / 2015 / NĐ - CP" and "123/2015/NĐ-CP" are one document.
 * Pure functions: no store, no allocation. */
#ifndef MC_LEGAL_NUMBER_H
#define MC_LEGAL_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/** Bytes of a display form or key, with its NUL (a longer number-and-symbol is not read). */
#define LEGAL_NUMBER_MAX 96

/** Finds the first number-and-symbol in the UTF-8 text s (NULL: none). On success writes its
 *  display form and key (each at most LEGAL_NUMBER_MAX bytes with the NUL) and, when at/len are
 *  not NULL, where it starts in s and how many bytes it spans; false when s cites none. */
bool legal_number_find(const char *s, char display[LEGAL_NUMBER_MAX], char key[LEGAL_NUMBER_MAX], size_t *at,
                       size_t *len);
/** Reads s as exactly one number-and-symbol, as an officer types it into the register (spaces
 *  around it and around "/" and "-" allowed; lowercase letters of the symbol read as capitals).
 *  false when s is anything else; *year gets the year of the number. */
bool legal_number_parse(const char *s, char display[LEGAL_NUMBER_MAX], char key[LEGAL_NUMBER_MAX], int *year);
/** The key of a number-and-symbol read from s (legal_number_parse), or false. */
bool legal_number_key(const char *s, char key[LEGAL_NUMBER_MAX]);

#endif
