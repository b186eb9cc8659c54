/* cli_parindex.c - `motcua parindex import FILE|DIR`: load PAR INDEX criteria sets (the .json files of data/parindex/)
 * into the database; `motcua init --demo` loads the folder parindex/ of its data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "par_set_json.h"
#include "parindex.h"
#include "timeutil.h"

static const char usage[] =
    "Cách dùng: motcua parindex import TỆP.json|THƯ_MỤC [--db PATH]\n"
    "Nạp bộ chỉ số CCHC của sở, ban, ngành hoặc xã, phường (mỗi tệp một năm, một cấp, một phiên bản).\n"
    "Phiên bản đã có với cùng nội dung được giữ nguyên; cùng phiên bản mà nội dung khác bị từ chối.\n"
    "Tất cả hoặc không gì: một tệp lỗi thì không nạp tệp nào.\n"
    "Kết quả PAR INDEX, SIPAS của các tỉnh do Bộ Nội vụ công bố: motcua parindex national-import --help\n";

static mc_err load_set(store_conn *w, arena *a, const char *path, const char *text, size_t len, void *ctx,
                       mc_error *err) {
    (void)len;
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    par_set set;
    bool added = false;
    mc_err e = par_set_from_json(a, doc, &set, err);
    if (!e) e = par_sets_put(w, &set, text, time_now(), &added, err);
    if (!e && added) ++*(int *)ctx;
    json_decref(doc);
    return e;
}

mc_err cli_import_parindex(store *s, const char *path, int *count, mc_error *err) {
    *count = 0;
    mc_err e = cli_import_files(s, path, PAR_MAX_SET_BYTES, load_set, count, err);
    if (e) *count = 0;
    return e;
}

int cmd_parindex(int argc, char **argv) {
    int rc;
    /* The provinces' national results (cli_par_national.c). */
    if (argc >= 2 && !strcmp(argv[1], "national-import")) return cmd_parindex_national(argc - 1, argv + 1);
    if (!cli_verb(&argc, &argv, "import", usage, &rc)) return rc;
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 1) || argc < 2) {
        if (argc < 2) fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    int n = 0;
    rc = cli_import_parindex(s, argv[1], &n, &err) ? cli_fail(&err) : 0;
    if (!rc) printf("Đã nạp %d bộ chỉ số CCHC.\n", n);
    store_close(s);
    return rc;
}
