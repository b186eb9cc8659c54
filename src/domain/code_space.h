/* code_space.h - who may issue which dossier codes.
 *
 * A dossier's code is `<receiving unit>-<YYMMDD>-<seq>`, seq restarting each day for each unit (domain.md §4;
 * TT 03/2025 Art. 13). Two kinds of issuer share a unit's day (docs/NODE.md §2): the province's server, and a
 * commune node that goes on receiving while its link to the province is down. They never meet because each
 * owns a part of the numbers, the same shape as TT 04/2025's `AAXXXX` (two digits naming the platform, then the
 * day's count):
 *
 *   issuer               sequence numbers                  printed
 *   the province         1 .. 99,999                       at least 4 digits: 0001 .. 99999
 *   commune node KK      KK × 10,000 + n, n in 1 .. 9,999   6 digits: KK0001 .. KK9999 (KK in 10 .. 99)
 *
 * So a sequence of 6 or more digits is a node's, and which node is in its first two. Pure functions, but for
 * code_space_issuer_here, which reads what the database is. */
#ifndef MC_CODE_SPACE_H
#define MC_CODE_SPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"

/** The province's last number of a unit's day. */
#define CODE_PROVINCE_MAX 99999
/** The numbers a commune node may have (never reused, even after the node is retired). */
#define CODE_NODE_FIRST 10
#define CODE_NODE_LAST  99
/** A node's last count of a unit's day. */
#define CODE_NODE_DAILY_MAX 9999

/** The sequence number of the n-th code (n ≥ 1) of a unit's day issued by `node` (0: the province; else
 *  CODE_NODE_FIRST..CODE_NODE_LAST), or 0 when that issuer has no such number (n past its daily maximum, or
 *  no such node). */
int64_t code_space_seq(int node, int64_t n);
/** Who issued sequence number seq: 0 the province, a node's number, or -1 when no issuer has it. */
int code_space_issuer(int64_t seq);
/** code_space_issuer of a whole code's sequence (the digits after its last '-'); -1 when it has none. */
int code_space_issuer_of(const char *code);

/** The next code of a day inside write transaction w: "<prefix>-<YYMMDD>-<seq>", the local day of `now`, the
 *  day's count kept in code_sequences under (tenant, key). here: numbered for the issuer this database is
 *  (dossiers); else as the province's (feedback, which only the province takes). MC_ERR_CONFLICT, naming the
 *  unit, past the issuer's last number of the day. *out in the arena. */
mc_err code_space_next(store_conn *w, arena *a, const char *tenant, const char *key, const char *prefix, bool here,
                       mc_time now, const char **out, mc_error *err);
/** The issuer this database is: its meta `node_number` (a commune node's, set when the node is made), else 0 (the
 *  province). Read once per store and kept. Negative on a store error (err set). */
int code_space_issuer_here(store_conn *c, mc_error *err);

#endif
