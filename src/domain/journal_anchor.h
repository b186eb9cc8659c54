/* journal_anchor.h - signed checkpoints (anchors) of the journal's chain heads, kept outside the
 * database.
 *
 * The hash chain alone does not stop whoever can write the database: they can change an entry
 * and recompute every hash after it. An anchor is a line of text naming a chain, the id and hash
 * of its last entry and its length, signed with an Ed25519 key that lives in a file outside the
 * database; once an anchor has been copied elsewhere (a file on another machine, a mail, paper),
 * a rewritten chain no longer matches it (journal_verify_anchored).
 *
 * Line (one per chain, appended to DIR/anchors-YYYY-MM-DD.txt, the UTC day):
 *   motcua-anchor/1 time=2026-03-14T02:00:00Z chain=04 last=1234 count=567 head=<64 hex>
 *     key=<16 hex> sig=<128 hex>
 * on one line. chain is the tenant code with every byte outside [A-Za-z0-9._~-] written %XX, or
 * @legacy for the chain of the entries written before migration 7. key is the key id (the first
 * 8 bytes of BLAKE2b-256 of the public key); sig the Ed25519 signature of the line's bytes before
 * " sig=". Lines starting with '#' and blank lines are comments. */
#ifndef MC_JOURNAL_ANCHOR_H
#define MC_JOURNAL_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"
#include "journal.h"
#include "keyfile.h"
#include "store.h"

/** Longest anchor line read (bytes, without the newline); longer lines are malformed. */
#define JOURNAL_ANCHOR_LINE_MAX 1024
/** Longest tenant code in an anchor (bytes, decoded). */
#define JOURNAL_ANCHOR_CHAIN_MAX 128

/** The kind of the anchors' key files (keyfile.h). */
extern const keyfile_kind journal_anchor_keys;

/** A secret signing key, in guarded memory (keyfile.h). */
typedef keyfile_secret journal_key;

/** A public key that checks anchors. */
typedef keyfile_public journal_pubkey;

/** Makes a key pair: writes the secret key to secret_path (mode 0600) and the public key to
 * public_path (0644); refuses when either file exists. id (may be NULL) gets the key id. */
mc_err journal_keygen(const char *secret_path, const char *public_path, char id[17], mc_error *err);
/** Reads a secret key file; refused when its group or others may access it. On success *out is
 * owned by the caller: journal_key_free() it. */
mc_err journal_key_load(const char *path, journal_key **out, mc_error *err);
/** Wipes and frees a key. journal_key_free(NULL) is a no-op. */
void journal_key_free(journal_key *k);
/** The key id of a secret key (owned by k). */
const char *journal_key_id(const journal_key *k);
/** Reads a public key file. */
mc_err journal_pubkey_load(const char *path, journal_pubkey *out, mc_error *err);

/** Reads the head of every chain (through the store's reader: no write lock is taken), signs one
 * anchor line per chain (the legacy chain first, then the tenants by code) with time `now`, and
 * appends them in one write to dir/anchors-YYYY-MM-DD.txt (the UTC day of now), synced to disk;
 * dir is created (0750) when missing, a new file (0640) starts with a comment saying how to check
 * it. When last_digest is not NULL and the heads are the ones it was set from, nothing is written;
 * it is updated either way. *written gets the lines written (0 when the journal is empty); path
 * (may be NULL) the file's path. */
mc_err journal_anchor_write(store *s, const journal_key *k, const char *dir, time_t now, unsigned char last_digest[32],
                            int *written, char *path, size_t path_n, mc_error *err);
/** Formats and signs one anchor line (no newline) into out; false when it does not fit. */
bool journal_anchor_format(const journal_key *k, time_t at, const journal_anchor *a, char *out, size_t n);

/** Why an anchor line was not accepted. */
typedef enum {
    JOURNAL_LINE_OK = 0,
    JOURNAL_LINE_MALFORMED,     /**< not an anchor line of this format */
    JOURNAL_LINE_UNKNOWN_KEY,   /**< signed with a key none of the public keys given is */
    JOURNAL_LINE_BAD_SIGNATURE, /**< the signature does not match the line: edited or forged */
} journal_line_status;

/** Where an accepted anchor came from. */
typedef struct {
    const char *file; /**< owned by the set */
    int line;
    time_t at;
    char key_id[17];
} journal_anchor_origin;

/** A line that was not accepted. */
typedef struct {
    const char *file; /**< owned by the set */
    int line;
    journal_line_status status;
    char key_id[17]; /**< the key id the line names, "" if unreadable */
} journal_anchor_problem;

/** The anchors read from files: anchors[i] came from origin[i]. */
typedef struct {
    journal_anchor *anchors;
    journal_anchor_origin *origin;
    size_t n, cap;
    journal_anchor_problem *bad;
    size_t nbad, badcap;
    char **files;
    size_t nfiles;
} journal_anchor_set;

/** Parses one line (without its newline) and checks its signature against keys. On
 * JOURNAL_LINE_OK *out is filled, its chain written into chain (JOURNAL_ANCHOR_CHAIN_MAX + 1
 * bytes); *at gets its time. key_id (may be NULL) gets the key id the line names. */
journal_line_status journal_anchor_parse(const char *line, const journal_pubkey *keys, size_t nkeys,
                                         journal_anchor *out, char *chain, time_t *at, char key_id[17]);
/** Reads the anchor lines of path: a file, or a folder whose files named anchors-*.txt are read in
 * name order. Accepted lines go to set->anchors, the others to set->bad. *set must be zeroed
 * before; free it with journal_anchor_set_free. Fails only when path cannot be read. */
mc_err journal_anchors_read(const char *path, const journal_pubkey *keys, size_t nkeys, journal_anchor_set *set,
                            mc_error *err);
/** Frees what journal_anchors_read allocated (the set itself is the caller's). NULL is a no-op. */
void journal_anchor_set_free(journal_anchor_set *set);

#endif
