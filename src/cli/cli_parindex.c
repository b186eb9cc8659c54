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

mc_err cli_import_parindex(store *s, const char *path, int *count, mc_error *err) {
    size_t n = 0;
    char **files = cli_json_files(path, &n);
    *count = 0;
    if (!files) return mc_failf(err, MC_ERR_INVALID, "file", "Không đọc được %s.", "Cannot read %s.", path, path);
    arena *a = arena_create();
    store_conn *w = store_begin(s, err);
    mc_err e = w ? MC_OK : MC_ERR_STORE;
    for (size_t i = 0; i < n; i++) {
        if (!e) {
            size_t len;
            char *text = cli_read_file(files[i], &len, err);
            json_t *doc = text ? cli_load_json(files[i], err) : NULL;
            par_set set;
            bool added = false;
            if (!text || !doc)
                e = err->code;
            else if (len > PAR_MAX_SET_BYTES)
                e = mc_failf(err, MC_ERR_TOO_LARGE, "file", "%s: tệp bộ chỉ số quá %d byte.", "%s: over %d bytes.",
                             files[i], PAR_MAX_SET_BYTES, files[i], PAR_MAX_SET_BYTES);
            else if ((e = par_set_from_json(a, doc, &set, err))) {
                mc_error why = *err; /* the file named before the reason */
                mc_failf(err, e, why.field, "%s: %s", "%s: %s", files[i], why.message);
            } else if (!(e = par_sets_put(w, &set, text, time_now(), &added, err)) && added)
                (*count)++;
            json_decref(doc);
            free(text);
        }
        free(files[i]);
    }
    free(files);
    arena_free(a);
    if (!w) return e;
    if (e) {
        store_rollback(w);
        return e;
    }
    return store_commit(w, err);
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
