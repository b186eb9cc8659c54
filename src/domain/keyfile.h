/* keyfile.h - the Ed25519 key files of motcua, one kind per use (the journal's anchors, commune nodes).
 *
 * A secret key file holds the key's 32-byte seed as one line "<secret tag> <64 hex>", with comments in
 * Vietnamese; it is written 0600, refused when its group or others may read it, and never overwritten. The
 * public key file holds "<public tag> <64 hex>". A key's id is the first 8 bytes of BLAKE2b-256 of its
 * public key, as 16 hex digits. A secret key lives in guarded memory (sodium_malloc), wiped when freed. */
#ifndef MC_KEYFILE_H
#define MC_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/** What a kind of key is called and how its files are tagged. */
typedef struct keyfile_kind_s {
    const char *secret_tag, *public_tag; /**< "motcua-anchor-secret/1", ... */
    const char *secret_name;             /**< in messages: "khóa bí mật ký mốc nhật ký" */
    const char *public_name;             /**< in messages: "khóa công khai kiểm tra mốc nhật ký" */
    const char *name_en;                 /**< in English messages: "journal anchor" */
    const char *keygen;                  /**< the command that makes one: "motcua journal keygen" */
    const char *public_use;              /**< a comment line of the public file: how it is used */
} keyfile_kind;

/** A secret key (and its public key and id), in guarded memory. */
typedef struct keyfile_secret {
    unsigned char sk[64]; /**< crypto_sign_SECRETKEYBYTES */
    unsigned char pk[32];
    char id[17];
} keyfile_secret;

/** A public key. */
typedef struct {
    unsigned char pk[32];
    char id[17]; /**< key id, 16 hex digits */
} keyfile_public;

/** Lowercase hex of exactly n bytes (2n digits, nothing else) into out; false otherwise. */
bool keyfile_hex_exact(const char *s, size_t len, unsigned char *out, size_t n);
/** The id of public key pk into id. */
void keyfile_id_of(const unsigned char pk[32], char id[17]);
/** Makes a key pair of kind k: the secret key to secret_path (0600), the public key to public_path (0644); refuses
 *  when either file exists (nothing is written). id (may be NULL) gets the key id. */
mc_err keyfile_generate(const keyfile_kind *k, const char *secret_path, const char *public_path, char id[17],
                        mc_error *err);
/** Reads a secret key file of kind k; refused when its group or others may access it. *out is the caller's:
 *  keyfile_secret_free() it. */
mc_err keyfile_load_secret(const keyfile_kind *k, const char *path, keyfile_secret **out, mc_error *err);
/** Wipes and frees a secret key; NULL is a no-op. */
void keyfile_secret_free(keyfile_secret *s);
/** Reads a public key file of kind k. */
mc_err keyfile_load_public(const keyfile_kind *k, const char *path, keyfile_public *out, mc_error *err);
/** A public key of kind k given as text: a public key file's content, or its 64 hex digits alone (an API body). */
mc_err keyfile_parse_public(const keyfile_kind *k, const char *text, keyfile_public *out, mc_error *err);
/** The detached signature of msg[0..n) by s. */
void keyfile_sign(const keyfile_secret *s, const void *msg, size_t n, unsigned char sig[64]);
/** True when sig is p's signature of msg[0..n). */
bool keyfile_verify(const keyfile_public *p, const void *msg, size_t n, const unsigned char sig[64]);

#endif
