/* cli_portal.c - `motcua portal pull-catalog`: the procedures the national portal (Cổng DVCQG) changed since
 * the last pull, imported through the catalog's own path (versioned, all or nothing; docs/PORTAL.md). */
#include <stdio.h>
#include <string.h>

#include "channels.h"
#include "cli.h"
#include "portal.h"
#include "portal_sync.h"

static const char usage[] =
    "Cách dùng: motcua portal pull-catalog --portal URL [--portal-key-file TỆP] [--send-timeout SEC] [--db PATH]\n"
    "  Nhận từ Cổng DVCQG các thủ tục hành chính thay đổi kể từ lần nhận trước và nhập vào danh mục\n"
    "  (như motcua catalog import: toàn bộ hoặc không gì, thủ tục thay đổi thành phiên bản mới).\n"
    "  Mốc của lần nhận sau được lưu trong cơ sở dữ liệu.\n";

static int pull(int argc, char **argv) {
    net_config nc;
    outbox_config oc;
    if (!cli_channel_opts(&argc, argv, &nc, &oc)) return 2;
    if (!nc.portal_url) {
        fputs("Lỗi: thiếu --portal URL.\n", stderr);
        fputs(usage, stderr);
        return 2;
    }
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    portal_conf pc;
    char since[128], next[128];
    json_t *cat = NULL;
    mc_err e = portal_conf_init(&pc, nc.portal_url, nc.portal_key_file, nc.timeout_s, &err);
    if (!e) e = portal_catalog_since_get(store_reader(s), since, sizeof since, &err);
    if (!e) e = portal_fetch_catalog(&pc, since, &cat, next, sizeof next, &err);
    size_t n = cat ? json_array_size(json_object_get(cat, "procedures")) : 0;
    /* Nothing changed: only the cursor moves. Otherwise the import, then the cursor (a crash between the
     * two pulls the same procedures again, which the import finds unchanged). */
    if (!e && n) e = cli_import_catalog_doc(s, cat, false, &err);
    if (!e) {
        store_conn *w = store_begin(s, &err);
        e = w ? portal_catalog_since_set(w, next, &err) : MC_ERR_STORE;
        if (w) e = store_finish(w, e, &err);
    }
    json_decref(cat);
    store_close(s);
    if (e) return cli_fail(&err);
    printf("Cổng DVCQG: %zu thủ tục thay đổi kể từ «%s»; lần sau nhận từ «%s».\n", n, since, next);
    return 0;
}

int cmd_portal(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "pull-catalog")) return pull(argc - 1, argv + 1);
    bool help = cli_help(argc, argv, usage);
    if (!help) fputs(usage, stderr);
    return help ? 0 : 2;
}
