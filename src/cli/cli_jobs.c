/* cli_jobs.c - `motcua jobs deadlines`: run the periodic deadline scan once
 * (the server runs it every minute). --at lets an operator or a test run it
 * as of another instant. */
#include <stdio.h>
#include <string.h>

#include "calendar_store.h"
#include "cli.h"
#include "dossier.h"

static const char usage[] =
    "Cách dùng: motcua jobs deadlines [--at 2026-03-02T09:00:00+07:00] [--db PATH]\n"
    "Đánh dấu các hồ sơ quá hạn hoặc sắp đến hạn (trong 2 ngày làm việc) và ghi vào nhật ký.\n"
    "Máy chủ tự chạy việc này mỗi phút.\n";

int cmd_jobs(int argc, char **argv) {
    int rc;
    if (!cli_verb(&argc, &argv, "deadlines", usage, &rc)) return rc;
    const char *at = cli_opt(&argc, argv, "--at");
    mc_time now = time_now();
    if (at && !time_parse_iso8601(at, &now)) {
        fprintf(stderr, "Lỗi: --at phải là thời điểm ISO 8601, ví dụ 2026-03-02T09:00:00+07:00.\n");
        return 2;
    }
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 0)) {
        store_close(s);
        return 2;
    }
    calendar *cal = NULL;
    mc_error err;
    int marked = 0;
    rc = 0;
    if (calendar_load(store_reader(s), &cal, &err) || dossier_scan(s, cal, now, &marked, &err)) rc = cli_fail(&err);
    else printf("Đã đánh dấu %d hồ sơ.\n", marked);
    calendar_free(cal);
    store_close(s);
    return rc;
}
