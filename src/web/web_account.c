/* web_account.c - a citizen's account pages: log in, register, log out, and
 * "Hồ sơ của tôi" (the drafts and dossiers of the logged-in citizen). Each
 * POST checks the form's CSRF token, then calls the API handler that does the
 * same over JSON, so the rules and messages are the API's. */
#include <string.h>

#include "api_handlers.h"
#include "drafts.h"
#include "timeutil.h"
#include "units.h"
#include "web.h"
#include "web_internal.h"

/* Where a successful login goes: a local path asked for, else the user's own start page. */
static const char *after_login(api_req *r, const char *next) {
    if (web_local_path(next)) return next;
    user *u = api_user(r);
    if (!u || (u->roles & ROLE_CITIZEN)) return "/ho-so-cua-toi";
    if (u->roles & (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_LEADER)) return "/can-bo"; /* those who hold dossiers */
    if (u->roles & ROLE_ADMIN) return "/quan-tri/don-vi";
    return "/can-bo/thong-ke";
}

static mc_err login_page(api_req *r, int status, const char *username, const char *next, const char *error) {
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:b}", "csrf", web_csrf(r), "username", username ? username : "",
                            "next", next ? next : "", "error", error ? json_string(error) : json_null(), "expired",
                            api_query(r, "het_phien") != NULL);
    return web_page(r, status, "login", "Đăng nhập", ctx);
}

mc_err web_login_form(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    if (api_user(r)) return web_redirect(r, after_login(r, api_query(r, "next")));
    return login_page(r, 200, NULL, api_query(r, "next"), NULL);
}

mc_err web_login(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    const char *username = web_form_text(r, &f, "username"), *password = web_form_get(&f, "password");
    const char *next = web_form_get(&f, "next");
    json_t *out;
    int status;
    mc_err e =
        web_api(r, api_auth_login, NULL, 0,
                json_pack("{s:s, s:s}", "username", username ? username : "", "password", password ? password : ""),
                &out, &status, &e2);
    if (e) return login_page(r, web_status(e), username, next, e2.message);
    /* The session starts now: resolve its user for the redirect. */
    r->token = arena_strdup(r->a, json_string_value(json_object_get(out, "token")));
    r->user_loaded = false;
    json_decref(out);
    return web_redirect(r, after_login(r, next));
}

mc_err web_login_admit(api_req *r, mc_error *err) {
    (void)err;
    if (!r->app->web) return MC_OK;
    web_form f;
    mc_error e2;
    if (web_form_read(r, &f, &e2)) return MC_OK; /* the handler answers */
    const char *username = web_form_text(r, &f, "username");
    if (auth_login_allowed(r->app->st, r->a, &r->app->policy, username, r->client, time_now(), &e2))
        return login_page(r, web_status(e2.code), username, web_form_get(&f, "next"), e2.message);
    return MC_OK;
}

mc_err web_logout(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    mc_error e2;
    if (web_form_read(r, &f, &e2)) return web_error(r, web_status(e2.code), e2.message);
    if (!api_user(r)) return web_redirect(r, "/");
    if (!web_csrf_check(r, &f)) return MC_OK;
    json_t *out;
    int status;
    if (web_api(r, api_auth_logout, NULL, 0, NULL, &out, &status, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    json_decref(out);
    return web_redirect(r, "/");
}

static mc_err register_page(api_req *r, int status, json_t *form, const char *error) {
    json_t *ctx = json_pack("{s:s, s:o, s:o}", "csrf", web_csrf(r), "f", form ? form : json_object(), "error",
                            error ? json_string(error) : json_null());
    return web_page(r, status, "register", "Đăng ký tài khoản", ctx);
}

mc_err web_register_form(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    if (api_user(r)) return web_redirect(r, after_login(r, NULL));
    return register_page(r, 200, NULL, NULL);
}

/* The registration form as typed (to show again) and as the API takes it (NULL: not wanted). */
static json_t *register_fields(api_req *r, const web_form *f, json_t *body) {
    static const char *const fields[] = {"name", "id_number", "phone", "email"};
    json_t *form = json_object();
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = i == 1 || i == 2 ? web_form_compact(r, f, fields[i]) : web_form_text(r, f, fields[i]);
        json_object_set_new(form, fields[i], json_string(v ? v : ""));
        if (v && body) json_object_set_new(body, fields[i], json_string(v));
    }
    return form;
}

mc_err web_register_admit(api_req *r, mc_error *err) {
    (void)err;
    if (!r->app->web) return MC_OK;
    web_form f;
    mc_error e2;
    if (web_form_read(r, &f, &e2) || !web_csrf_valid(r, &f)) return MC_OK; /* the handler answers */
    if (auth_register_allowed(r->app->st, &r->app->policy, r->client, time_now(), &e2))
        return register_page(r, web_status(e2.code), register_fields(r, &f, NULL), e2.message);
    return MC_OK;
}

mc_err web_register(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    web_form f;
    mc_error e2;
    if (!web_posted(r, &f)) return MC_OK;
    json_t *body = json_object(), *form = register_fields(r, &f, body);
    const char *password = web_form_get(&f, "password");
    json_object_set_new(body, "password", json_string(password ? password : ""));
    json_t *out;
    int status;
    mc_err e = web_api(r, api_auth_register, NULL, 0, body, &out, &status, &e2);
    if (e) return register_page(r, web_status(e), form, e2.message);
    json_decref(out);
    /* Registered: log in at once with what was just chosen. */
    const char *login = json_string_value(json_object_get(form, "phone"));
    if (!login || !*login) login = json_string_value(json_object_get(form, "email"));
    e = web_api(r, api_auth_login, NULL, 0, json_pack("{s:s, s:s}", "username", login, "password", password), &out,
                &status, &e2);
    json_decref(form);
    if (e) return web_redirect(r, "/dang-nhap");
    json_decref(out);
    return web_redirect(r, "/ho-so-cua-toi?moi_dang_ky=1");
}

mc_err web_my(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_logged_in(r, &u)) return MC_OK;
    json_t *out;
    int status;
    mc_error e2;
    if (web_api(r, api_my_dossiers, NULL, 0, NULL, &out, &status, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    draft *dv;
    size_t nd = 0;
    json_t *drafts = json_array();
    if (drafts_list(store_reader(r->app->st), r->a, u->id, &dv, &nd, &e2) == MC_OK)
        for (size_t i = 0; i < nd; i++) {
            json_t *data = json_loads(dv[i].data, 0, NULL);
            const char *pname = json_string_value(json_object_get(data, "procedure_name"));
            char when[17];
            time_format_vn(dv[i].updated_at, when);
            const char *ucode = json_string_value(json_object_get(data, "receiving_unit"));
            org_unit ou;
            const char *uname = ucode && *ucode && units_get(store_reader(r->app->st), r->a, ucode, &ou, NULL) == MC_OK
                                    ? ou.name
                                    : NULL;
            json_array_append_new(
                drafts, json_pack("{s:I, s:s, s:s, s:s, s:o, s:I}", "id", (json_int_t)dv[i].id, "procedure",
                                  dv[i].procedure_code, "name", pname ? pname : dv[i].procedure_code, "updated", when,
                                  "unit", uname ? json_string(uname) : json_null(), "files", (json_int_t)dv[i].nfiles));
            json_decref(data);
        }
    json_object_set_new(out, "drafts", drafts);
    json_object_set_new(out, "welcome", json_boolean(api_query(r, "moi_dang_ky") != NULL));
    json_object_set_new(out, "saved", json_boolean(api_query(r, "da_luu") != NULL));
    json_object_set_new(out, "deleted", json_boolean(api_query(r, "da_xoa") != NULL));
    return web_page(r, 200, "my", "Hồ sơ của tôi", out);
}
