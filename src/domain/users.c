/* users.c - accounts and argon2id passwords. */
#include "users.h"

#include <assert.h>
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "field_limits.h"
#include "journal.h"
#include "perm.h"
#include "text.h"
#include "timeutil.h"
#include "units.h"

static pwhash_profile profile = PWHASH_INTERACTIVE;

void users_set_pwhash(pwhash_profile p) {
    profile = p;
}

bool users_parse_pwhash(const char *s, pwhash_profile *out) {
    static const struct {
        const char *n;
        pwhash_profile p;
    } t[] = {{"interactive", PWHASH_INTERACTIVE}, {"moderate", PWHASH_MODERATE}, {"test", PWHASH_TEST}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (s && strcmp(s, t[i].n) == 0) {
            *out = t[i].p;
            return true;
        }
    return false;
}

mc_err users_check_password(const char *pw, mc_error *err) {
    size_t n = pw ? strlen(pw) : 0, chars = text_chars(pw);
    if (chars < 8 || chars > (size_t)field_limit_max("password"))
        return mc_fail(err, MC_ERR_INVALID, "password", "Mật khẩu phải có từ 8 đến 256 ký tự.",
                       "Password must be 8 to 256 characters.");
    if (!text_valid_utf8(pw, n))
        return mc_fail(err, MC_ERR_INVALID, "password", "Mật khẩu chứa ký tự không hợp lệ.",
                       "Password is not valid UTF-8.");
    return MC_OK;
}

mc_err users_hash_password(const char *pw, char out[128], mc_error *err) {
    unsigned long long ops;
    size_t mem;
    switch (profile) {
    case PWHASH_TEST:
        ops = crypto_pwhash_OPSLIMIT_MIN;
        mem = crypto_pwhash_MEMLIMIT_MIN;
        break;
    case PWHASH_MODERATE:
        ops = crypto_pwhash_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_MEMLIMIT_MODERATE;
        break;
    default:
        ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    }
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return mc_fail(err, MC_ERR_INTERNAL, NULL, NULL, "argon2id hashing failed (out of memory?)");
    return MC_OK;
}

bool users_verify_password(const char *hash, const char *pw) {
    return hash && pw && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static bool username_ok(const char *s) {
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-@+", s[i])) return false;
    return true;
}

static bool digits(const char *s, size_t lo, size_t hi) {
    size_t n = s ? strlen(s) : 0;
    if (n < lo || n > hi) return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

static bool phone_ok(const char *s) {
    if (s && s[0] == '+') return digits(s + 1, 9, 14);
    return digits(s, 9, 11) && s[0] == '0';
}

static bool email_ok(const char *s) {
    const char *at = s ? strchr(s, '@') : NULL;
    return at && at != s && strchr(at, '.') && strlen(s) <= 254 && !strchr(s, ' ');
}

mc_err users_add(store_conn *c, const user_new *u, int64_t *id_out, mc_error *err) {
    if (!username_ok(u->username))
        return mc_fail(err, MC_ERR_INVALID, "username",
                       "Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang, @, +.",
                       "Username: 3-64 of [A-Za-z0-9._-@+].");
    /* A username shaped like a phone number or an email is a login by that
     * contact: it must be the account's own, or it could capture another
     * person's number. */
    bool phone_like = u->username[0] == '+' ? digits(u->username + 1, 1, 64) : digits(u->username, 1, 64);
    if ((phone_like && (!u->phone || strcmp(u->phone, u->username))) ||
        (strchr(u->username, '@') && (!u->email || strcmp(u->email, u->username))))
        return mc_fail(err, MC_ERR_INVALID, "username",
                       "Tên đăng nhập dạng số điện thoại hoặc thư điện tử phải trùng với số điện thoại hoặc thư điện "
                       "tử của chính tài khoản.",
                       "A phone- or email-shaped username must be the account's own phone or email.");
    if (!u->name || !*u->name || !text_valid_utf8(u->name, strlen(u->name)))
        return mc_fail(err, MC_ERR_INVALID, "name", "Họ và tên không được để trống.", "Name is required.");
    if (field_limit_check("name", "name", u->name, err)) /* as on a dossier, which copies it */
        return MC_ERR_INVALID;
    if (u->roles == 0)
        return mc_fail(err, MC_ERR_INVALID, "roles", "Phải có ít nhất một vai trò.", "At least one role.");
    assert(u->password_hash); /* hashed before the transaction: users_prepare_password */
    if (u->phone && !phone_ok(u->phone))
        return mc_fail(err, MC_ERR_INVALID, "phone", "Số điện thoại không hợp lệ (ví dụ 0912345678).",
                       "Invalid phone number.");
    if (u->email && !email_ok(u->email))
        return mc_fail(err, MC_ERR_INVALID, "email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid email.");
    if (u->id_number && !digits(u->id_number, 12, 12))
        return mc_fail(err, MC_ERR_INVALID, "id_number", "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                       "ID number must be 12 digits.");
    bool citizen = u->roles == ROLE_CITIZEN;
    if ((u->roles & ROLE_CITIZEN) && !citizen)
        return mc_fail(err, MC_ERR_INVALID, "roles", "Tài khoản công dân không kiêm vai trò cán bộ.",
                       "A citizen account has no officer role.");
    if (citizen) {
        if (!u->id_number)
            return mc_fail(err, MC_ERR_INVALID, "id_number", "Vui lòng nhập số định danh cá nhân.",
                           "ID number is required.");
        if (!u->phone && !u->email)
            return mc_fail(err, MC_ERR_INVALID, "phone", "Vui lòng nhập số điện thoại hoặc thư điện tử.",
                           "Phone or email is required.");
    } else if (!u->unit_code) {
        return mc_fail(err, MC_ERR_INVALID, "unit", "Cán bộ phải thuộc một đơn vị.", "An officer needs a unit.");
    }
    arena *a = arena_create();
    mc_err r = MC_OK;
    org_unit un = {0};
    if (u->unit_code && units_get(c, a, u->unit_code, &un, NULL) != MC_OK) {
        r = mc_failf(err, MC_ERR_INVALID, "unit", "Không có đơn vị mã %s.", "Unknown unit %s.", u->unit_code);
        goto out;
    }
    if (u->phone || u->email) {
        int64_t other;
        if (store_scalar_int(c, Q_USER_BY_CONTACT, SV_ARGS(SV_T(u->phone), SV_T(u->email)), &other, NULL) == MC_OK) {
            r = mc_fail(err, MC_ERR_CONFLICT, u->phone ? "phone" : "email",
                        u->phone ? "Số điện thoại này đã được dùng cho một tài khoản khác."
                                 : "Thư điện tử này đã được dùng cho một tài khoản khác.",
                        "Phone or email already used.");
            goto out;
        }
    }
    user existing;
    if (users_get(c, a, u->username, &existing, NULL, NULL) == MC_OK) {
        r = mc_failf(err, MC_ERR_CONFLICT, "username", "Tên đăng nhập %s đã được sử dụng.", "Username %s is taken.",
                     u->username);
        goto out;
    }
    int64_t id;
    r = store_scalar_int(c, Q_USER_INSERT,
                         SV_ARGS(SV_T(u->username), SV_T(u->name), un.id ? SV_I(un.id) : SV_N, SV_T(u->password_hash),
                                 SV_T(u->phone), SV_T(u->email), SV_T(u->id_number), SV_I(time_now())),
                         &id, err);
    for (unsigned bit = 1; r == MC_OK && bit < (1u << ROLE_COUNT); bit <<= 1)
        if (u->roles & bit)
            r = store_exec(c, Q_USER_ROLE_INSERT, SV_ARGS(SV_I(id), SV_T(role_name((role)bit))), NULL, err);
    if (r == MC_OK && id_out) *id_out = id;
out:
    arena_free(a);
    return r;
}

static mc_err read_roles(store_conn *c, user *u, mc_error *err) {
    store_rows *r = store_query(c, Q_USER_ROLES, SV_ARGS(SV_I(u->id)), err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k;
    u->roles = 0;
    while ((k = store_next(r, err)) == 1) u->roles |= role_parse(store_text(r, 0));
    store_rows_free(r);
    return k < 0 ? MC_ERR_STORE : MC_OK;
}

static void read_user(store_rows *r, arena *a, user *u, const char **hash) {
    u->id = store_int(r, 0);
    u->username = arena_strdup(a, store_text(r, 1));
    u->name = arena_strdup(a, store_text(r, 2));
    u->unit_id = store_null(r, 3) ? 0 : store_int(r, 3);
    u->unit_code = arena_strdup(a, store_text(r, 4));
    u->unit_path = arena_strdup(a, store_text(r, 5));
    if (hash) *hash = arena_strdup(a, store_text(r, 6));
    u->active = store_int(r, 7) != 0;
    u->phone = arena_strdup(a, store_text(r, 8));
    u->email = arena_strdup(a, store_text(r, 9));
    u->id_number = arena_strdup(a, store_text(r, 10));
}

static mc_err get_one(store_conn *c, arena *a, store_qid q, store_val key, user *out, const char **hash,
                      mc_error *err) {
    store_rows *r = store_query(c, q, &key, 1, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int k = store_next(r, err);
    if (k == 1) read_user(r, a, out, hash);
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    if (k == 0) return mc_fail(err, MC_ERR_NOT_FOUND, "user", "Không tìm thấy người dùng.", "User not found.");
    return read_roles(c, out, err);
}

mc_err users_get(store_conn *c, arena *a, const char *username, user *out, const char **hash_out, mc_error *err) {
    return get_one(c, a, Q_USER_BY_USERNAME, SV_T(username), out, hash_out, err);
}

mc_err users_get_login(store_conn *c, arena *a, const char *login, user *out, const char **hash_out, mc_error *err) {
    store_val k[4] = {SV_T(login), SV_T(login), SV_T(login), SV_T(login)};
    store_rows *r = store_query(c, Q_USER_BY_LOGIN, k, 4, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    int n = store_next(r, err);
    if (n == 1) read_user(r, a, out, hash_out);
    store_rows_free(r);
    if (n < 0) return err ? err->code : MC_ERR_STORE;
    if (n == 0) return mc_fail(err, MC_ERR_NOT_FOUND, "user", "Không tìm thấy người dùng.", "User not found.");
    return read_roles(c, out, err);
}

mc_err users_get_id(store_conn *c, arena *a, int64_t id, user *out, mc_error *err) {
    return get_one(c, a, Q_USER_BY_ID, SV_I(id), out, NULL, err);
}

mc_err users_list(store_conn *c, arena *a, user **out, size_t *n, mc_error *err) {
    store_rows *r = store_query(c, Q_USER_LIST, SV_NONE, err);
    if (!r) return err ? err->code : MC_ERR_STORE;
    size_t cap = 32, cnt = 0;
    user *v = arena_alloc(a, cap * sizeof *v);
    int k;
    while ((k = store_next(r, err)) == 1) {
        if (cnt == cap) v = arena_grow(a, v, &cap, sizeof *v);
        read_user(r, a, &v[cnt++], NULL);
    }
    store_rows_free(r);
    if (k < 0) return err ? err->code : MC_ERR_STORE;
    for (size_t i = 0; i < cnt; i++)
        if (read_roles(c, &v[i], err)) return MC_ERR_STORE;
    *out = v;
    *n = cnt;
    return MC_OK;
}

mc_err users_prepare_password(const char *pw, char hash[128], mc_error *err) {
    mc_err r = users_check_password(pw, err);
    return r ? r : users_hash_password(pw, hash, err);
}

mc_err users_set_password(store_conn *c, int64_t id, const char *hash, mc_error *err) {
    int64_t changed = 0;
    mc_err r = store_exec(c, Q_USER_SET_PASSWORD, SV_ARGS(SV_T(hash), SV_I(id)), &changed, err);
    if (!r && changed == 0) r = mc_fail(err, MC_ERR_NOT_FOUND, "user", "Không tìm thấy người dùng.", "User not found.");
    if (!r) r = store_exec(c, Q_SESSION_DELETE_USER, SV_ARGS(SV_I(id)), NULL, err);
    return r;
}

mc_err users_set_active(store *s, arena *a, const char *username, bool active, const char *reason, const user *by,
                        mc_time now, user *out, mc_error *err) {
    store_conn *r = store_reader(s);
    mc_err e = users_get(r, a, username ? username : "", out, NULL, err);
    if (e) return e;
    if (by && by->id == out->id)
        return mc_fail(err, MC_ERR_CONFLICT, "username", "Không thể tự khóa hoặc mở khóa tài khoản của chính mình.",
                       "One cannot disable or enable one's own account.");
    if (by && !perm_allows(by->roles, by->unit_path, ACT_USER_MANAGE, out->unit_path))
        return mc_fail(err, MC_ERR_FORBIDDEN, NULL, "Bạn không có quyền quản lý tài khoản này.",
                       "Not allowed to manage this account.");
    if (!active && (!reason || !*reason))
        return mc_fail(err, MC_ERR_INVALID, "reason", "Vui lòng ghi lý do khóa tài khoản.", "A reason is required.");
    if (reason && (e = field_limit_check("reason", "reason", reason, err))) return e;
    char tenant[UNITS_TENANT_MAX];
    const char *t = units_tenant_or_null(r, out->unit_path, tenant);
    if (!t && by) t = units_tenant_or_null(r, by->unit_path, tenant);
    if (!t)
        return mc_fail(err, MC_ERR_CONFLICT, NULL, "Không xác định được tỉnh để ghi nhật ký thay đổi tài khoản.",
                       "No province to journal the change in.");
    store_conn *w = store_begin(s, err);
    if (!w) return err->code;
    int64_t changed = 0;
    e = store_exec(w, Q_USER_SET_ACTIVE, SV_ARGS(SV_I(active), SV_I(out->id), SV_I(active)), &changed, err);
    if (!e && !changed)
        e = mc_fail(err, MC_ERR_CONFLICT, "username",
                    active ? "Tài khoản này đang hoạt động, không cần mở khóa." : "Tài khoản này đã bị khóa từ trước.",
                    active ? "The account is active already." : "The account is disabled already.");
    if (!e && !active) e = store_exec(w, Q_SESSION_DELETE_USER, SV_ARGS(SV_I(out->id)), NULL, err);
    if (!e)
        e = journal_record(w, t, USER_SUBJECT, out->id, by, ACT_USER_MANAGE, active ? "user.enable" : "user.disable",
                           active ? "disabled" : "active", active ? "active" : "disabled", NULL,
                           reason && *reason ? reason : NULL, now, err);
    if ((e = store_finish(w, e, err))) return e;
    out->active = active;
    return MC_OK;
}

const char *users_roles_string(arena *a, unsigned roles) {
    char buf[128] = "";
    size_t o = 0;
    for (unsigned bit = 1; bit < (1u << ROLE_COUNT); bit <<= 1)
        if (roles & bit) {
            const char *n = role_name((role)bit);
            if (o) buf[o++] = ',';
            size_t k = strlen(n);
            memcpy(buf + o, n, k);
            o += k;
            buf[o] = 0;
        }
    return arena_strdup(a, buf);
}

unsigned users_parse_roles(const char *s, mc_error *err) {
    unsigned out = 0;
    char tmp[256];
    if (!s || strlen(s) >= sizeof tmp) goto bad;
    strcpy(tmp, s);
    for (char *save = NULL, *tok = strtok_r(tmp, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        role r = role_parse(tok);
        if (!r) goto bad;
        out |= r;
    }
    if (out) return out;
bad:
    mc_failf(err, MC_ERR_INVALID, "roles",
             "Vai trò không hợp lệ: %s (admin, receiver, specialist, leader, supervisor, citizen).",
             "Invalid roles: %s.", s ? s : "");
    return 0;
}
