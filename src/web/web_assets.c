/* web_assets.c - the portal's templates and static files, loaded once at
 * start and served from memory (web.h). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "web.h"
#include "web_internal.h"
#include "xalloc.h"

struct static_file {
    char *name, *data, *etag;
    size_t len;
    const char *type;
};
typedef struct static_file static_file;

static const char *type_of(const char *name) {
    static const struct {
        const char *ext, *type;
    } types[] = {{".css", "text/css; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".ico", "image/x-icon"}};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i].ext);
        if (n > k && strcmp(name + n - k, types[i].ext) == 0) return types[i].type;
    }
    return NULL;
}

static bool load_static(struct web_assets *w, const char *dir, char *err, size_t errlen) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "cannot read the folder %s", dir);
        return false;
    }
    struct dirent *de;
    size_t cap = 0;
    while ((de = readdir(d))) {
        const char *type = type_of(de->d_name);
        if (!type || de->d_name[0] == '.') continue;
        char path[4400];
        snprintf(path, sizeof path, "%.4000s/%.255s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        buf b = {0};
        char chunk[8192];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
        fclose(f);
        if (w->nfiles == cap) {
            cap = cap ? cap * 2 : 8;
            w->files = xrealloc(w->files, cap * sizeof *w->files);
        }
        /* The entity tag: FNV-1a of the bytes, enough to tell versions apart. */
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < b.len; i++) h = (h ^ (unsigned char)b.data[i]) * 1099511628211ull;
        char etag[24];
        snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
        w->files[w->nfiles++] =
            (static_file){.name = xstrdup(de->d_name), .len = b.len, .type = type, .etag = xstrdup(etag)};
        w->files[w->nfiles - 1].data = buf_steal(&b);
    }
    closedir(d);
    return true;
}

bool web_load(app *a, const char *dir, char *err, size_t errlen) {
    struct web_assets *w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->site_lock, NULL);
    w->pages = tmpl_set_create();
    char path[4096];
    snprintf(path, sizeof path, "%s/templates", dir);
    bool ok = tmpl_load_dir(w->pages, path, err, errlen);
    const char *need[] = {
        "home",     "search",        "procedure",      "track",         "error",          "login", "register",
        "my",       "submit",        "review",         "my_dossier",    "inbox",          "case",  "intake",
        "stats",    "admin_units",   "admin_users",    "admin_catalog", "admin_calendar", "late",  "admin_payments",
        "index766", "index766_rank", "index766_costs", "board",         "board_rank"};
    for (size_t i = 0; ok && i < sizeof need / sizeof need[0]; i++)
        if (!tmpl_has(w->pages, need[i])) {
            snprintf(err, errlen, "%s/%s.html is missing", path, need[i]);
            ok = false;
        }
    snprintf(path, sizeof path, "%s/static", dir);
    if (ok) ok = load_static(w, path, err, errlen);
    a->web = w;
    if (!ok) web_unload(a);
    return ok;
}

void web_unload(app *a) {
    struct web_assets *w = a->web;
    if (!w) return;
    tmpl_set_free(w->pages);
    json_decref(w->site);
    pthread_mutex_destroy(&w->site_lock);
    for (size_t i = 0; i < w->nfiles; i++) {
        free(w->files[i].name);
        free(w->files[i].data);
        free(w->files[i].etag);
    }
    free(w->files);
    free(w);
    a->web = NULL;
}

mc_err web_static(api_req *r, mc_error *err) {
    if (!r->app->web) return web_absent(err);
    const struct web_assets *w = r->app->web;
    for (size_t i = 0; i < w->nfiles; i++) {
        if (strcmp(w->files[i].name, r->params[0]) != 0) continue;
        r->cache_control = "public, max-age=86400";
        r->etag = w->files[i].etag;
        return api_reply_raw(r, 200, w->files[i].type, w->files[i].data, w->files[i].len);
    }
    return web_error(r, 404, "Không tìm thấy tệp.");
}
