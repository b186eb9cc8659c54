/* cli_par_national.c - `motcua parindex national-import FILE|DIR [--replace]`: load the provinces' national
 * PAR INDEX and SIPAS results (the .json files of data/parindex-national/, docs/PARINDEX_NATIONAL.md);
 * `motcua init --demo` loads the folder parindex-national/ of its data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "par_national.h"
#include "par_national_json.h"
#include "timeutil.h"

static const char usage[] =
    "Cách dùng: motcua parindex national-import TỆP.json|THƯ_MỤC [--replace] [--db PATH]\n"
    "Nạp kết quả Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS) của các tỉnh, thành phố do\n"
    "Bộ Nội vụ công bố (mỗi tệp một năm, một chỉ số).\n"
    "Cùng năm, cùng chỉ số với cùng nội dung: giữ nguyên. Nội dung khác: bị từ chối, trừ khi có --replace.\n"
    "Tất cả hoặc không gì: một tệp lỗi thì không nạp tệp nào.\n";

typedef struct {
    bool replace;
    int *counts;
} national_ctx;

static mc_err load_year(store_conn *w, arena *a, const char *path, const char *text, size_t len, void *ctx,
                        mc_error *err) {
    (void)text;
    (void)len;
    national_ctx *x = ctx;
    json_t *doc = cli_load_json(path, err);
    if (!doc) return err->code;
    parn_year y;
    const char *body;
    parn_put_outcome got;
    mc_err e = parn_from_json(a, doc, &y, &body, err);
    if (!e) e = parn_put(w, &y, body, x->replace, time_now(), &got, err);
    if (!e) x->counts[got]++;
    json_decref(doc);
    return e;
}

mc_err cli_import_par_national(store *s, const char *path, bool replace, int counts[3], mc_error *err) {
    counts[0] = counts[1] = counts[2] = 0;
    national_ctx x = {replace, counts};
    mc_err e = cli_import_files(s, path, PARN_MAX_BYTES, load_year, &x, err);
    if (e) counts[0] = counts[1] = counts[2] = 0;
    return e;
}

int cmd_parindex_national(int argc, char **argv) {
    if (cli_help(argc, argv, usage)) return 0;
    bool replace = cli_flag(&argc, argv, "--replace");
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 1) || argc < 2) {
        if (argc < 2) fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    int counts[3];
    int rc = cli_import_par_national(s, argv[1], replace, counts, &err) ? cli_fail(&err) : 0;
    if (!rc)
        printf("Đã nạp %d bảng kết quả PAR INDEX, SIPAS của các tỉnh (%d đã có, giữ nguyên; %d thay thế).\n",
               counts[PARN_ADDED], counts[PARN_SAME], counts[PARN_REPLACED]);
    store_close(s);
    return rc;
}
