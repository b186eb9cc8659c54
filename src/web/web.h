/* web.h - the citizen portal: pages rendered on the server from the templates
 * in web/templates (tmpl.h), and the static files of web/static, all loaded
 * once at start. Every page works without JavaScript. */
#ifndef MC_WEB_H
#define MC_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

/** Loads dir/templates/\*.html and dir/static/\* into the app. false with the
 *  reason in err when a template does not parse or a folder is missing. */
bool web_load(app *a, const char *dir, char *err, size_t errlen);
/** Frees what web_load loaded. */
void web_unload(app *a);

/** GET / : search, fields, the service center and its hours, tracking. */
mc_err web_home(api_req *r, mc_error *err);
/** GET /thu-tuc?q=&field= : procedures found. */
mc_err web_search(api_req *r, mc_error *err);
/** GET /thu-tuc/{code} : a procedure in plain words. */
mc_err web_procedure(api_req *r, mc_error *err);
/** GET /tra-cuu?code=&key= : the tracking form, and the dossier's state. */
mc_err web_track(api_req *r, mc_error *err);
/** GET /static/{file} : a file of web/static, cacheable. */
mc_err web_static(api_req *r, mc_error *err);
/** Any other GET outside /api/: the "page not found" page (404). */
mc_err web_not_found(api_req *r, mc_error *err);

#endif
