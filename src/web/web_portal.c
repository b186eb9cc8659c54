/* web_portal.c - /can-bo/dong-bo-dvcqg: the officers' page of the reconciliation with the national portal
 * (api_portal.c; docs/PORTAL.md). */
#include "api_handlers.h"
#include "web.h"
#include "web_internal.h"

mc_err web_portal_reconciliation(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    user *u;
    if (!web_officer_only(r, &u)) return MC_OK;
    json_t *rep;
    int st;
    mc_error e2;
    if (web_api(r, api_portal_reconciliation, NULL, 0, NULL, &rep, &st, &e2))
        return web_error(r, web_status(e2.code), e2.message);
    return web_page(r, 200, "portal_recon", "Đối soát đồng bộ Cổng DVCQG", rep);
}
