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

mc_err cli_import_par_national(store *s, const char *path, bool replace, int counts[3], mc_error *err) {
    size_t n = 0;
    char **files = cli_json_files(path, &n);
    counts[0] = counts[1] = counts[2] = 0;
    if (!files) return mc_failf(err, MC_ERR_INVALID, "file", "Không đọc được %s.", "Cannot read %s.", path, path);
    arena *a = arena_create();
    store_conn *w = store_begin(s, err);
    mc_err e = w ? MC_OK : MC_ERR_STORE;
    for (size_t i = 0; i < n; i++) {
        if (!e) {
            size_t len;
            char *text = cli_read_file(files[i], &len, err);
            json_t *doc = text && len <= PARN_MAX_BYTES ? cli_load_json(files[i], err) : NULL;
            parn_year y;
            const char *body;
            parn_put_outcome got;
            if (text && len > PARN_MAX_BYTES)
                e = mc_failf(err, MC_ERR_TOO_LARGE, "file", "%s: tệp quá %d byte.", "%s: over %d bytes.", files[i],
                             PARN_MAX_BYTES, files[i], PARN_MAX_BYTES);
            else if (!text || !doc)
                e = err->code;
            else if ((e = parn_from_json(a, doc, &y, &body, err))) {
                mc_error why = *err; /* the file named before the reason */
                mc_failf(err, e, why.field, "%s: %s", "%s: %s", files[i], why.message, files[i], why.message_en);
            } else if (!(e = parn_put(w, &y, body, replace, time_now(), &got, err)))
                counts[got]++;
            else if (e == MC_ERR_CONFLICT) {
                mc_error why = *err;
                mc_failf(err, e, why.field, "%s: %s", "%s: %s", files[i], why.message, files[i], why.message_en);
            }
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
        counts[0] = counts[1] = counts[2] = 0;
        return e;
    }
    return store_commit(w, err);
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
