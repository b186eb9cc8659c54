/* text.h - UTF-8 validation and the one text folding used for search.
 *
 * text_fold() is the single definition of "the same word" in motcua: case,
 * tone marks and other diacritics are removed, đ/Đ becomes d, and every run of
 * punctuation or white space becomes one space. "Đăng ký  khai-sinh" and
 * "dang ky khai sinh" fold to the same string; so do "đăng kí" and "đăng ký" (a final i
 * after a consonant is written i or y alike). Both stores keep the folded form in a column, so
 * search behaves the same everywhere; TEXT_FOLD_VERSION names this definition, and a database
 * whose columns were folded by another is folded again when opened (catalog_refold). */
#ifndef MC_TEXT_H
#define MC_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** True when s[0..n) is well-formed UTF-8 with no NUL and no surrogates. */
bool text_valid_utf8(const char *s, size_t n);
/** Folds NUL-terminated UTF-8 s. Returns a malloc'd string (caller frees), or
 * NULL if s is not valid UTF-8. */
char *text_fold(const char *s);
/** The version of text_fold's definition: 2 since final i and y after a consonant are one letter. */
#define TEXT_FOLD_VERSION 2
/** Returns a malloc'd NFC-normalised copy of s, or NULL if s is not valid UTF-8. */
char *text_nfc(const char *s);
/** Characters (Unicode code points) of NUL-terminated UTF-8 s; 0 for NULL.
 *  A browser's maxlength counts Vietnamese text the same way (NFC). */
size_t text_chars(const char *s);
/** Returns a malloc'd copy of UTF-8 s in Vietnamese capitals ("Phường Thục Phán" → "PHƯỜNG THỤC PHÁN");
 *  NULL is read as "". The caller frees. */
char *text_upper(const char *s);
/** Trims ASCII white space at both ends, in place; returns s. */
char *text_trim(char *s);

/** Room for text_vnd's answer. */
#define TEXT_VND_MAX 48
/** 50000 → "50.000 đồng" (dots between thousands, as Vietnamese write amounts); returns out. */
const char *text_vnd(int64_t amount, char out[TEXT_VND_MAX]);
/** FNV-1a of a C string: a bucket for in-memory tables keyed by text (not for anything an attacker may
 *  steer into collisions that matter). */
uint32_t text_hash(const char *s);

#endif
