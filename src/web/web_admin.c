/* web_admin.c - administration pages: units, users and roles, catalog
 * import, and the calendar (days off, make-up days, office hours, confirming a
 * year's proposals). Every read and write is the API's own handler, so the
 * permissions (administrators of a subtree) and the checks are the API's;
 * a refusal is shown on the page in Vietnamese. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "buf.h"
#include "payments.h"
#include "text.h"
#include "timeutil.h"
#include "web.h"
#include "web_internal.h"

/* An administrator's page; false with the response set otherwise. */
static bool admin_only(api_req *r, user **u) {
    if (!web_logged_in(r, u)) return false;
    if ((*u)->roles & ROLE_ADMIN) return true;
    web_error(r, 403, "Trang quản trị dành cho quản trị viên hệ thống.");
    return false;
}

/* Sets key to the trimmed field when it has text. */
static void put_text(api_req *r, json_t *o, const web_form *f, const char *field, const char *key) {
    const char *v = web_form_text(r, f, field);
    if (v) json_object_set_new(o, key, json_string(v));
}

/* "dd/mm/yyyy" → "yyyy-mm-dd" in the arena; NULL when not a real date. */
static const char *iso_date(api_req *r, const char *s) {
    int d, m, y;
    char tail;
    if (!s || sscanf(s, "%d/%d/%d%c", &d, &m, &y, &tail) != 3 || !ymd_valid(y, m, d)) return NULL;
    return arena_printf(r->a, "%04d-%02d-%02d", y, m, d);
}

/* "yyyy-mm-dd" → "dd/mm/yyyy" (as is when it is not a date). */
static json_t *vn_date(const char *iso) {
    int y, m, d;
    char out[16];
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3) return json_string(iso ? iso : "");
    snprintf(out, sizeof out, "%02d/%02d/%04d", d, m, y);
    return json_string(out);
}

/* "1-5=07:30-11:30,13:30-17:00;6=08:00-11:00" → "Thứ Hai–Thứ Sáu: 07:30–11:30, 13:30–17:00; Thứ Bảy: 08:00–11:00". */
static json_t *hours_words(const char *spec) {
    static const char *const day[8] = {"", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
    buf b = {0};
    bool group_start = true; /* the days come first in each ";" group */
    for (const char *p = spec ? spec : ""; *p;) {
        if (group_start && *p >= '1' && *p <= '7' && (p[1] == '-' || p[1] == '=') &&
            (p[1] == '=' || (p[2] >= '1' && p[2] <= '7'))) {
            group_start = false;
            buf_puts(&b, day[*p - '0']);
            if (p[1] == '-') {
                buf_printf(&b, "–%s", day[p[2] - '0']);
                p += 2;
            }
            buf_puts(&b, ": ");
            p += 2;
            continue;
        }
        if (*p == '-')
            buf_puts(&b, "–");
        else if (*p == ',')
            buf_puts(&b, ", ");
        else if (*p == ';') {
            buf_puts(&b, "; ");
            group_start = true;
        } else
            buf_putc(&b, *p);
        p++;
    }
    json_t *j = json_string(b.data ? b.data : "");
    buf_free(&b);
    return j;
}

static json_t *kinds_json(const char *chosen) {
    static const char *const kinds[][2] = {{"province", "Tỉnh, thành phố"},
                                           {"peoples_committee", "Ủy ban nhân dân"},
                                           {"department", "Sở, ban, ngành"},
                                           {"service_center", "Trung tâm Phục vụ hành chính công"},
                                           {"public_service_unit", "Đơn vị sự nghiệp công lập"},
                                           {"commune", "Xã"},
                                           {"ward", "Phường"},
                                           {"special_zone", "Đặc khu"},
                                           {"district", "Quận, huyện (trước 01/07/2025)"}};
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "kind", kinds[i][0], "name", kinds[i][1], "selected",
                                           chosen && !strcmp(chosen, kinds[i][0])));
    return a;
}

/* ---- units --------------------------------------------------------------------------------- */

static mc_err units_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    json_t *list;
    int st;
    mc_error e2;
    if (web_api(r, api_units_list, NULL, 0, NULL, &list, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    json_t *u;
    size_t i;
    json_t *kinds = kinds_json(NULL);
    json_array_foreach(json_object_get(list, "items"), i, u) {
        const char *k = json_string_value(json_object_get(u, "kind"));
        json_t *kk;
        size_t j;
        json_array_foreach(kinds, j, kk) if (k && !strcmp(k, json_string_value(json_object_get(kk, "kind"))))
            json_object_set(u, "kind_name", json_object_get(kk, "name"));
        const char *to = json_string_value(json_object_get(u, "active_to"));
        if (to) json_object_set_new(u, "ended", vn_date(to));
    }
    json_decref(kinds);
    const char *fk = json_string_value(json_object_get(form, "kind"));
    json_object_set_new(list, "kinds", kinds_json(fk));
    web_form_context(r, list, form, error, done);
    return web_page(r, status, "admin_units", "Quản trị: đơn vị", list);
}

mc_err web_admin_units(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!admin_only(r, &u)) return MC_OK;
    return units_page(r, 200, NULL, NULL, api_query(r, "da_them"));
}

mc_err web_admin_unit_add(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body = json_object();
    put_text(r, body, &f, "code", "code");
    put_text(r, body, &f, "name", "name");
    put_text(r, body, &f, "kind", "kind");
    put_text(r, body, &f, "parent", "parent");
    put_text(r, body, &f, "source", "source");
    json_t *form = json_deep_copy(body), *out;
    int st;
    mc_error e2;
    if (web_api(r, api_units_create, NULL, 0, body, &out, &st, &e2))
        return units_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_t *c = web_url_part(json_string_value(json_object_get(form, "name")));
    const char *to = arena_printf(r->a, "/quan-tri/don-vi?da_them=%s", json_string_value(c));
    json_decref(c);
    json_decref(form);
    return web_redirect(r, to);
}

/* ---- users --------------------------------------------------------------------------------- */

/* The roles an administrator gives officers, in the order of the form (their names and labels: perm.h). */
static const role officer_roles[] = {ROLE_ADMIN,  ROLE_RECEIVER,   ROLE_SPECIALIST,
                                     ROLE_LEADER, ROLE_SUPERVISOR, ROLE_OBSERVER};

static mc_err users_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    json_t *list, *units;
    int st;
    mc_error e2;
    if (web_api(r, api_users_list, NULL, 0, NULL, &list, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    if (web_api(r, api_units_list, NULL, 0, NULL, &units, &st, &e2)) units = json_pack("{s:[]}", "items");
    json_t *u;
    size_t i;
    json_array_foreach(json_object_get(list, "items"), i, u) {
        buf b = {0};
        json_t *x;
        size_t k;
        json_array_foreach(json_object_get(u, "roles"), k, x) {
            role one = role_parse(json_string_value(x));
            const char *name = one ? role_label(one) : json_string_value(x);
            buf_printf(&b, "%s%s", b.len ? ", " : "", name);
        }
        json_object_set_new(u, "role_names", json_string(b.data ? b.data : ""));
        buf_free(&b);
        const char *name = json_string_value(json_object_get(u, "username"));
        json_object_set_new(u, "self", json_boolean(r->user && name && !strcmp(name, r->user->username)));
    }
    json_t *roles = json_array(), *chosen = json_object_get(form, "roles");
    for (size_t j = 0; j < sizeof officer_roles / sizeof officer_roles[0]; j++) {
        const char *name = role_name(officer_roles[j]);
        bool on = false;
        json_t *x;
        size_t k;
        json_array_foreach(chosen, k, x) on |= !strcmp(json_string_value(x), name);
        json_array_append_new(
            roles, json_pack("{s:s, s:s, s:b}", "role", name, "name", role_label(officer_roles[j]), "checked", on));
    }
    /* The unit picker: active units, the one chosen marked. */
    const char *fu = json_string_value(json_object_get(form, "unit"));
    json_t *pick = json_array();
    json_array_foreach(json_object_get(units, "items"), i, u) {
        if (!web_unit_active(json_string_value(json_object_get(u, "active_to")))) continue;
        const char *code = json_string_value(json_object_get(u, "code"));
        json_array_append_new(pick, json_pack("{s:s, s:O, s:b}", "code", code, "name", json_object_get(u, "name"),
                                              "selected", fu && !strcmp(fu, code)));
    }
    json_decref(units);
    json_object_set_new(list, "roles", roles);
    json_object_set_new(list, "units", pick);
    web_form_context(r, list, form, error, done);
    return web_page(r, status, "admin_users", "Quản trị: người dùng", list);
}

mc_err web_admin_users(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!admin_only(r, &u)) return MC_OK;
    const char *added = api_query(r, "da_them"), *off = api_query(r, "da_khoa"), *on = api_query(r, "da_mo_khoa");
    const char *done =
        added ? arena_printf(r->a, "Đã thêm tài khoản %s.", added)
        : off ? arena_printf(r->a, "Đã khóa tài khoản %s; các phiên đăng nhập của tài khoản đã kết thúc.", off)
        : on ? arena_printf(r->a, "Đã mở khóa tài khoản %s.", on)
             : NULL;
    return users_page(r, 200, NULL, NULL, done);
}

/* POST /quan-tri/nguoi-dung/{username}/khoa and /mo-khoa: the API's disable and enable, then back to the list. */
static mc_err user_set_active(api_req *r, bool active) {
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body = json_object(), *out;
    put_text(r, body, &f, "reason", "reason");
    int st;
    mc_error e2;
    if (web_api(r, active ? api_users_enable : api_users_disable, (const char *[]){r->params[0]}, 1, body, &out, &st,
                &e2))
        return users_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    json_t *c = web_url_part(r->params[0]);
    const char *to =
        arena_printf(r->a, "/quan-tri/nguoi-dung?%s=%s", active ? "da_mo_khoa" : "da_khoa", json_string_value(c));
    json_decref(c);
    return web_redirect(r, to);
}

mc_err web_admin_user_disable(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return user_set_active(r, false);
}

mc_err web_admin_user_enable(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    return user_set_active(r, true);
}

mc_err web_admin_user_add(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *body = json_object();
    static const char *const fields[] = {"username", "name", "unit", "phone", "email", "id_number"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) put_text(r, body, &f, fields[i], fields[i]);
    json_object_set_new(body, "roles", web_form_all(&f, "roles"));
    json_t *form = json_deep_copy(body), *out;
    const char *pw = web_form_get(&f, "password");
    json_object_set_new(body, "password", json_string(pw ? pw : ""));
    int st;
    mc_error e2;
    if (web_api(r, api_users_create, NULL, 0, body, &out, &st, &e2))
        return users_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_t *c = web_url_part(json_string_value(json_object_get(form, "username")));
    const char *to = arena_printf(r->a, "/quan-tri/nguoi-dung?da_them=%s", json_string_value(c));
    json_decref(c);
    json_decref(form);
    return web_redirect(r, to);
}

/* ---- catalog import ------------------------------------------------------------------------ */

mc_err web_admin_catalog(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!admin_only(r, &u)) return MC_OK;
    return web_page(r, 200, "admin_catalog", "Quản trị: danh mục thủ tục", json_pack("{s:s}", "csrf", web_csrf(r)));
}

mc_err web_admin_catalog_import(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *ctx = json_pack("{s:s}", "csrf", web_csrf(r));
    const multipart_file *file = NULL;
    for (size_t i = 0; r->upload && i < multipart_file_count(r->upload); i++)
        if (!strcmp(multipart_file_at(r->upload, i)->name, "catalog")) file = multipart_file_at(r->upload, i);
    json_error_t je;
    json_t *doc = file ? json_load_file(file->path, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (!doc) {
        /* jansson gives line -1 when the file itself could not be read: not a JSON error. */
        const char *why = !file         ? "Vui lòng chọn tệp danh mục (JSON motcua-catalog/1)."
                          : je.line < 0 ? "Không đọc được tệp đã tải lên; vui lòng gửi lại."
                                        : arena_printf(r->a, "Tệp không phải JSON hợp lệ (lỗi ở dòng %d, cột %d).",
                                                       je.line, je.column);
        json_object_set_new(ctx, "error", json_string(why));
        return web_page(r, 400, "admin_catalog", "Quản trị: danh mục thủ tục", ctx);
    }
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_catalog_import, NULL, 0, doc, &out, &st, &e2)) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e2.code), "admin_catalog", "Quản trị: danh mục thủ tục", ctx);
    }
    json_t *e = json_object_get(out, "error");
    if (e) { /* checked and refused: nothing imported, every problem listed */
        json_object_set(ctx, "error", json_object_get(e, "message"));
        json_t *probs = json_object_get(e, "problems"), *pb;
        size_t i;
        json_array_foreach(probs, i, pb) { /* numbered from 1, sections named as people say them */
            json_object_set_new(pb, "number", json_integer(json_integer_value(json_object_get(pb, "index")) + 1));
            const char *sec = json_string_value(json_object_get(pb, "section"));
            json_object_set_new(pb, "section_name",
                                json_string(sec && !strcmp(sec, "templates") ? "Quy trình" : "Thủ tục"));
        }
        json_object_set(ctx, "problems", probs);
        json_decref(out);
        return web_page(r, st, "admin_catalog", "Quản trị: danh mục thủ tục", ctx);
    }
    json_object_set_new(ctx, "report", out);
    return web_page(r, 200, "admin_catalog", "Quản trị: danh mục thủ tục", ctx);
}

/* ---- calendar ------------------------------------------------------------------------------ */

static mc_err calendar_page(api_req *r, int status, json_t *form, const char *error, const char *done) {
    json_t *year, *sched;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_holidays, NULL, 0, NULL, &year, &st, &e2)) {
        json_decref(form);
        return web_error(r, web_status(e2.code), e2.message);
    }
    if (web_api(r, api_calendar_schedules, NULL, 0, NULL, &sched, &st, &e2)) sched = json_pack("{s:[]}", "items");
    json_t *d;
    size_t i;
    json_array_foreach(json_object_get(year, "days"), i, d) {
        json_object_set_new(d, "date_text", vn_date(json_string_value(json_object_get(d, "date"))));
        json_object_set_new(d, "off",
                            json_boolean(!strcmp(json_string_value(json_object_get(d, "kind")) ?: "", "off")));
        json_object_set_new(d, "proposed",
                            json_boolean(!strcmp(json_string_value(json_object_get(d, "status")) ?: "", "proposed")));
    }
    json_int_t y = json_integer_value(json_object_get(year, "year"));
    json_object_set_new(year, "prev_year", json_integer(y - 1));
    json_object_set_new(year, "next_year", json_integer(y + 1));
    json_object_set_new(year, "is_proposed",
                        json_boolean(!strcmp(json_string_value(json_object_get(year, "status")) ?: "", "proposed")));
    json_t *sc;
    json_array_foreach(json_object_get(sched, "items"), i, sc) {
        json_object_set_new(sc, "hours_text", hours_words(json_string_value(json_object_get(sc, "hours"))));
        const char *vf = json_string_value(json_object_get(sc, "valid_from")),
                   *vt = json_string_value(json_object_get(sc, "valid_to"));
        int m1, d1, m2, d2;
        if (vf && vt && sscanf(vf, "%d-%d", &m1, &d1) == 2 && sscanf(vt, "%d-%d", &m2, &d2) == 2)
            json_object_set_new(sc, "season",
                                json_string(arena_printf(r->a, "từ %02d/%02d đến %02d/%02d hằng năm", d1, m1, d2, m2)));
    }
    json_object_set_new(year, "schedules", json_incref(json_object_get(sched, "items")));
    json_decref(sched);
    web_form_context(r, year, form, error, done);
    return web_page(r, status, "admin_calendar", "Quản trị: lịch làm việc", year);
}

mc_err web_admin_calendar(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!admin_only(r, &u)) return MC_OK;
    const char *done = api_query(r, "xong");
    static const char *const words[][2] = {{"luu", "Đã lưu ngày."},
                                           {"xoa", "Đã xóa ngày."},
                                           {"xac-nhan", "Đã xác nhận lịch nghỉ của năm."},
                                           {"gio", "Đã thêm lịch làm việc theo mùa."},
                                           {"xoa-gio", "Đã xóa lịch làm việc theo mùa."}};
    const char *msg = NULL;
    for (size_t i = 0; done && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(done, words[i][0])) msg = words[i][1];
    return calendar_page(r, 200, NULL, NULL, msg);
}

/* The year of an ISO date, for coming back to its page. */
static const char *year_of(api_req *r, const char *iso) {
    return arena_printf(r->a, "%.4s", iso ? iso : "");
}

mc_err web_admin_day_put(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *date = web_form_text(r, &f, "date"), *iso = iso_date(r, date);
    json_t *form = json_object();
    json_object_set_new(form, "date", json_string(date ? date : ""));
    json_object_set_new(form, "name", json_string(web_form_text(r, &f, "name") ?: ""));
    json_object_set_new(form, "source", json_string(web_form_text(r, &f, "source") ?: ""));
    const char *kind = web_form_text(r, &f, "kind");
    json_object_set_new(form, "workday", json_boolean(kind && !strcmp(kind, "workday")));
    if (!iso) return calendar_page(r, 400, form, "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 02/09/2026.", NULL);
    json_t *body = json_object();
    put_text(r, body, &f, "kind", "kind");
    put_text(r, body, &f, "name", "name");
    put_text(r, body, &f, "source", "source");
    const char *params[] = {iso};
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_put_exception, params, 1, body, &out, &st, &e2))
        return calendar_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, arena_printf(r->a, "/quan-tri/lich?year=%s&xong=luu", year_of(r, iso)));
}

/* "dd/mm" → "MM-DD" in the arena; NULL when not a day of the year. */
static const char *season_day(api_req *r, const char *s) {
    int d, m;
    char tail;
    if (!s || sscanf(s, "%d/%d%c", &d, &m, &tail) != 2 || !ymd_valid(2024, m, d)) return NULL; /* 2024: 29/02 exists */
    return arena_printf(r->a, "%02d-%02d", m, d);
}

/* The days ticked (1 = Monday … 7 = Sunday) and the two spans as an hours
 * spec: runs of days become ranges ("1-5=07:30-11:30,13:30-17:00"). */
static const char *hours_spec(api_req *r, const web_form *f) {
    bool on[8] = {false};
    json_t *days = web_form_all(f, "day"), *x;
    size_t i;
    json_array_foreach(days, i, x) {
        int d = atoi(json_string_value(x));
        if (d >= 1 && d <= 7) on[d] = true;
    }
    json_decref(days);
    const char *am = web_compact(r, web_form_get(f, "sang")), *pm = web_compact(r, web_form_get(f, "chieu"));
    const char *spans = am && *am && pm && *pm ? arena_printf(r->a, "%s,%s", am, pm) : am && *am ? am : pm ? pm : "";
    buf b = {0};
    for (int d = 1; d <= 7; d++) {
        if (!on[d]) continue;
        int e = d;
        while (e < 7 && on[e + 1]) e++;
        if (b.len) buf_putc(&b, ';');
        if (e > d)
            buf_printf(&b, "%d-%d=%s", d, e, spans);
        else
            buf_printf(&b, "%d=%s", d, spans);
        d = e;
    }
    const char *out = arena_strdup(r->a, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

mc_err web_admin_schedule_add(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    const char *from = season_day(r, web_form_text(r, &f, "tu")), *to = season_day(r, web_form_text(r, &f, "den"));
    json_t *form = json_pack("{s:s, s:s, s:s, s:s, s:s}", "sname", web_form_text(r, &f, "ten") ?: "", "tu",
                             web_form_text(r, &f, "tu") ?: "", "den", web_form_text(r, &f, "den") ?: "", "sang",
                             web_form_text(r, &f, "sang") ?: "", "chieu", web_form_text(r, &f, "chieu") ?: "");
    if (!from || !to)
        return calendar_page(r, 400, form,
                             "Ngày bắt đầu và kết thúc của mùa viết theo dạng ngày/tháng, ví dụ 15/04 và 14/10.", NULL);
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "name", web_form_text(r, &f, "ten") ?: "", "valid_from", from,
                             "valid_to", to, "hours", hours_spec(r, &f));
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_create_schedule, NULL, 0, body, &out, &st, &e2))
        return calendar_page(r, web_status(e2.code), form, e2.message, NULL);
    json_decref(out);
    json_decref(form);
    return web_redirect(r, "/quan-tri/lich?xong=gio");
}

mc_err web_admin_schedule_delete(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_delete_schedule, r->params, 1, NULL, &out, &st, &e2))
        return calendar_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, "/quan-tri/lich?xong=xoa-gio");
}

mc_err web_admin_day_delete(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_delete_exception, r->params, 1, NULL, &out, &st, &e2))
        return calendar_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/quan-tri/lich?year=%s&xong=xoa", year_of(r, r->params[0])));
}

mc_err web_admin_year_confirm(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *out;
    int st;
    mc_error e2;
    if (web_api(r, api_calendar_confirm_year, r->params, 1, NULL, &out, &st, &e2))
        return calendar_page(r, web_status(e2.code), NULL, e2.message, NULL);
    json_decref(out);
    return web_redirect(r, arena_printf(r->a, "/quan-tri/lich?year=%s&xong=xac-nhan", year_of(r, r->params[0])));
}

/* ---- bank statements ----------------------------------------------------------------------------- */

mc_err web_admin_payments(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!admin_only(r, &u)) return MC_OK;
    return web_page(r, 200, "admin_payments", "Quản trị: đối soát phí, lệ phí",
                    json_pack("{s:s}", "csrf", web_csrf(r)));
}

mc_err web_admin_payments_import(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    web_form f;
    if (!admin_only(r, &u) || !web_posted(r, &f)) return MC_OK;
    json_t *ctx = json_pack("{s:s}", "csrf", web_csrf(r));
    const multipart_file *file = NULL;
    for (size_t i = 0; r->upload && i < multipart_file_count(r->upload); i++)
        if (!strcmp(multipart_file_at(r->upload, i)->name, "sao_ke")) file = multipart_file_at(r->upload, i);
    FILE *fp = file ? fopen(file->path, "rb") : NULL;
    if (!fp) {
        json_object_set_new(ctx, "error", json_string("Vui lòng chọn tệp sao kê (CSV)."));
        return web_page(r, 400, "admin_payments", "Quản trị: đối soát phí, lệ phí", ctx);
    }
    buf text = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(&text, chunk, n);
    fclose(fp);
    mc_error e2;
    app_calendar *h = app_calendar_acquire(r->app, &e2);
    pay_report rep;
    ds_actor by = {u->id, u->username, u->roles, u->unit_id, u->unit_code, u->unit_path};
    mc_err e =
        h ? payments_import(r->app->st, h->cal, r->a, text.data ? text.data : "", text.len, &by, time_now(), &rep, &e2)
          : e2.code;
    app_calendar_release(r->app, h);
    buf_free(&text);
    if (e) {
        json_object_set_new(ctx, "error", json_string(e2.message));
        return web_page(r, web_status(e), "admin_payments", "Quản trị: đối soát phí, lệ phí", ctx);
    }
    static const char *const words[PAY__COUNT] = {"Khớp, đã xác nhận nộp phí", "Không khớp", "Trùng", "Sai số tiền",
                                                  "Hồ sơ không chờ nộp phí"};
    json_t *lines = json_array();
    for (size_t i = 0; i < rep.n; i++) {
        const pay_line *l = &rep.v[i];
        char money[TEXT_VND_MAX];
        json_array_append_new(lines, json_pack("{s:i, s:s, s:s, s:s?, s:s, s:s?, s:s, s:b}", "line", l->line, "outcome",
                                               pay_outcome_name(l->outcome), "words", words[l->outcome], "code",
                                               l->code, "amount", l->amount >= 0 ? text_vnd(l->amount, money) : "?",
                                               "note", l->note, "reason", l->reason, "ok", l->outcome == PAY_MATCHED));
    }
    json_object_set_new(ctx, "lines", lines);
    json_object_set_new(ctx, "matched", json_integer(rep.count[PAY_MATCHED]));
    json_object_set_new(ctx, "others", json_integer((json_int_t)rep.n - rep.count[PAY_MATCHED]));
    return web_page(r, 200, "admin_payments", "Quản trị: đối soát phí, lệ phí", ctx);
}
