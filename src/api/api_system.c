/* api_system.c - / (where to start) and /api/v1/health. */
#include "api.h"
#include "api_handlers.h"
#include "catalog.h"
#include "units.h"

mc_err api_health(api_req *r, mc_error *err) {
    store_conn *c = store_reader(r->app->st);
    int64_t procs = 0, units = 0, schema = 0;
    mc_err e = catalog_count(c, &procs, err);
    if (!e) e = units_count(c, &units, err);
    if (!e) e = store_scalar_int(c, Q_SCHEMA_VERSION, SV_NONE, &schema, err);
    if (e) return e;
    char now[26];
    time_format_iso8601(time_now(), now);
    /* "jobs": whether this process runs the periodic jobs (one process per database does). */
    return api_reply(r, 200,
                     json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:b}", "status", "ok", "time", now, "store",
                               store_backend(r->app->st), "schema", (json_int_t)schema, "procedures", (json_int_t)procs,
                               "units", (json_int_t)units, "jobs", store_job_leader(r->app->st)));
}

mc_err api_index(api_req *r, mc_error *err) {
    (void)err;
    return api_reply(r, 200,
                     json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "name", "motcua", "description",
                               "Hệ thống một cửa điện tử — tỉnh Cao Bằng", "links", "openapi", "/api/v1/openapi.json",
                               "procedures", "/api/v1/procedures?q=dang%20ky%20khai%20sinh", "holidays",
                               "/api/v1/calendar/holidays", "units", "/api/v1/units", "health", "/api/v1/health"));
}
