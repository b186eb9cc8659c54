/* units.h - organisation units: a tree of any depth whose kinds are data.
 *
 * Each unit has an opaque code (its electronic identifier), a name, a kind
 * (province, department, service_center, commune, ward, district, ...), a
 * parent and active-from/active-to dates, because units merge and dissolve.
 * The tree path "/id/.../id/" of a unit makes subtree checks a prefix test. */
#ifndef MC_UNITS_H
#define MC_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"

/** A unit as read from the store. Strings live in the arena of the call. */
typedef struct {
    int64_t id;
    const char *code, *name, *kind, *parent_code, *path;
    const char *active_from, *active_to; /**< "YYYY-MM-DD" or NULL */
    const char *source;
    const char *tenant; /**< the code of the root of its tree (the province) */
} org_unit;

/** Input for units_add. parent_code NULL = a root. */
typedef struct {
    const char *code, *name, *kind, *parent_code, *active_from, *active_to, *source;
} unit_new;

/** Validates and inserts one unit inside the caller's write transaction c.
 * Errors name the field: code (empty, duplicate), name, kind (unknown),
 * parent_code (unknown), dates (format, order). */
mc_err units_add(store_conn *c, const unit_new *u, int64_t *id_out, mc_error *err);
/** Reads one unit by code into *out (strings in `a`). MC_ERR_NOT_FOUND if none. */
mc_err units_get(store_conn *c, arena *a, const char *code, org_unit *out, mc_error *err);
/** Reads one unit by id. */
mc_err units_get_id(store_conn *c, arena *a, int64_t id, org_unit *out, mc_error *err);
/** All units in tree order (or the subtree of `root_code` if not NULL). Array in `a`. */
mc_err units_list(store_conn *c, arena *a, const char *root_code, org_unit **out, size_t *n, mc_error *err);
/** Room for a tenant's code (a unit code) and its NUL. */
#define UNITS_TENANT_MAX 64
/** The tenant of the subtree whose tree path is `path` ("/id/.../id/", a unit's path or a LIKE pattern
 *  made from one) into out: the tenant of its first unit, read by id (a replicated table). Reports over
 *  a subtree carry it beside the path, so that on Citus they go to that tenant's shards only.
 *  MC_ERR_NOT_FOUND when the path names no unit. */
mc_err units_tenant_of_path(store_conn *c, const char *path, char out[UNITS_TENANT_MAX], mc_error *err);
/** The tenant of the tree path `path` in out, or NULL when the path names no unit (a citizen's account):
 *  the province a user works in, which a read by an id in a URL is first asked in (store_first_in). */
const char *units_tenant_or_null(store_conn *c, const char *path, char out[UNITS_TENANT_MAX]);
/** The tenant of the unit of code `code` in out: 1 found, 0 no such unit, negative on a store error. */
int units_tenant_of_code(store_conn *c, const char *code, char out[UNITS_TENANT_MAX], mc_error *err);
/** Number of units. */
mc_err units_count(store_conn *c, int64_t *n, mc_error *err);

/** True for the kinds of bodies outside the one-stop tree (Party committees, People's Councils, the
 *  Fatherland Front: migration 15): they are assigned reform tasks but handle no dossiers, so the
 *  rankings of units that handle dossiers leave them out. */
bool units_kind_outside_one_stop(const char *kind);

/** The bank account a unit collects fees on (for VietQR). */
typedef struct {
    const char *bin;  /**< the bank's NAPAS BIN, 6 digits */
    const char *bank; /**< the bank's name, for people */
    const char *account, *name;
} unit_account;

/** The account of the unit `code`, or else of its nearest ancestor that has one.
 *  MC_ERR_NOT_FOUND when none has; *owner gets the code of the unit it is of. */
mc_err units_account_get(store_conn *c, arena *a, const char *code, unit_account *out, const char **owner,
                         mc_error *err);
/** Sets the account of a unit inside the caller's write transaction, after
 *  checking it (field names bin, bank, account, name). */
mc_err units_account_put(store_conn *c, const char *code, const unit_account *acct, int64_t now, mc_error *err);

#endif
