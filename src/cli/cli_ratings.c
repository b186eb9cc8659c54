/* cli_ratings.c - `motcua ratings import FILE|DIR`: load rating question sets
 * (data/ratings/v1.json, ...) into the database; `motcua init --demo` loads
 * the folder ratings/ of its data. */
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

mc_err cli_import_ratings(store *s, const char *path, int *count, mc_error *err) {
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
            rating_set set;
            if (!text)
                e = err->code;
            else if ((e = rating_set_parse(a, text, len, &set, err))) {
                mc_error why = *err; /* the file named before the reason */
                mc_failf(err, e, why.field, "%s: %s", "%s: %s", files[i], why.message);
            } else if (!(e = ratings_set_put(w, &set, text, time_now(), err)))
                (*count)++;
            free(text);
        }
        free(files[i]);
    }
    free(files);
    arena_free(a);
    if (!w) return e;
    return store_finish(w, e, err);
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
