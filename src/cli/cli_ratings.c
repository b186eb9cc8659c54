/* cli_ratings.c - `motcua ratings import FILE|DIR`: load rating question sets
 * (data/ratings/v1.json, ...) into the database; `motcua init --demo` loads
 * the folder ratings/ of its data. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rating_set_json.h"
#include "ratings.h"
#include "timeutil.h"

static const char usage[] =
    "Cách dùng: motcua ratings import TỆP.json|THƯ_MỤC [--db PATH]\n"
    "Nạp bộ câu hỏi đánh giá mức độ hài lòng (mỗi tệp một phiên bản, có ngày hiệu lực và nguồn).\n"
    "Phiên bản đã có với cùng nội dung được giữ nguyên; cùng phiên bản mà nội dung khác bị từ chối.\n"
    "Tất cả hoặc không gì: một tệp lỗi thì không nạp tệp nào.\n";

static mc_err load_rating_set(store_conn *w, arena *a, const char *path, const char *text, size_t len, void *ctx,
                              mc_error *err) {
    (void)path;
    rating_set set;
    mc_err e = rating_set_parse(a, text, len, &set, err);
    if (!e) e = ratings_set_put(w, &set, text, time_now(), err);
    if (!e) ++*(int *)ctx;
    return e;
}

mc_err cli_import_ratings(store *s, const char *path, int *count, mc_error *err) {
    *count = 0;
    mc_err e = cli_import_files(s, path, SIZE_MAX, load_rating_set, count, err);
    if (e) *count = 0;
    return e;
}

int cmd_ratings(int argc, char **argv) {
    int rc;
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
    rc = cli_import_ratings(s, argv[1], &n, &err) ? cli_fail(&err) : 0;
    if (!rc) printf("Đã nạp %d bộ câu hỏi đánh giá.\n", n);
    store_close(s);
    return rc;
}
