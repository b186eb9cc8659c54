/* cli_jobs.c - the server's periodic jobs, run once by hand:
 *   `motcua jobs deadlines` marks dossiers overdue or due soon (the server: every
 *   minute); --at runs it as of another instant.
 *   `motcua jobs files` deletes stored files no dossier or draft refers to any
 *   more (the server: every hour, for files unused for a day); --min-age. */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <time.h>

#include "attachments.h"
#include "calendar_store.h"
#include "cli.h"
#include "dossier.h"
#include "feedback.h"
#include "tasks.h"

static const char usage[] =
    "Cách dùng: motcua jobs deadlines [--at 2026-03-02T09:00:00+07:00] [--db PATH]\n"
    "  Đánh dấu các hồ sơ quá hạn hoặc sắp đến hạn (trong 2 ngày làm việc) và ghi vào nhật ký;\n"
    "  nhắc phản ánh, kiến nghị sắp đến hạn trả lời, báo lên cơ quan cấp trên khi quá hạn;\n"
    "  đánh dấu nhiệm vụ sắp đến hạn, quá hạn và báo cơ quan giao nhiệm vụ.\n"
    "  Máy chủ tự chạy việc này mỗi phút.\n"
    "       motcua jobs files [--min-age GIÂY] [--files THƯ_MỤC] [--db PATH]\n"
    "  Xóa các tệp đã lưu không còn hồ sơ hay hồ sơ đang soạn nào dùng, không được dùng\n"
    "  trong --min-age giây (mặc định 86400). Máy chủ tự chạy việc này mỗi giờ.\n";

static int files_job(int argc, char **argv) {
    const char *age = cli_opt(&argc, argv, "--min-age"), *dir = cli_opt(&argc, argv, "--files"), *db = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--db")) db = argv[i + 1]; /* read again by cli_open */
    char buf[4096];
    if (!dir) dir = cli_files_dir(db, buf, sizeof buf);
    char *end = NULL;
    long long min_age = age ? strtoll(age, &end, 10) : ATTACHMENTS_MIN_AGE;
    if (age && (*end || min_age < 0)) {
        fprintf(stderr, "Lỗi: --min-age phải là số giây (0 trở lên).\n");
        return 2;
    }
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    int removed = 0, rc = 0;
    int64_t bytes = 0;
    mc_error err;
    if (attachments_sweep(s, dir, time(NULL), min_age, &removed, &bytes, &err))
        rc = cli_fail(&err);
    else
        printf("Đã xóa %d tệp không còn được dùng (%lld byte).\n", removed, (long long)bytes);
    store_close(s);
    return rc;
}

int cmd_jobs(int argc, char **argv) {
    int rc;
    if (argc >= 2 && !strcmp(argv[1], "files")) return files_job(argc - 1, argv + 1);
    if (!cli_verb(&argc, &argv, "deadlines", usage, &rc)) return rc;
    const char *at = cli_opt(&argc, argv, "--at");
    mc_time now = time_now();
    if (at && !time_parse_iso8601(at, &now)) {
        fprintf(stderr, "Lỗi: --at phải là thời điểm ISO 8601, ví dụ 2026-03-02T09:00:00+07:00.\n");
        return 2;
    }
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    calendar *cal = NULL;
    mc_error err;
    int marked = 0, fmarked = 0, tmarked = 0;
    rc = 0;
    if (calendar_load(store_reader(s), &cal, &err) || dossier_scan(s, cal, now, &marked, &err) ||
        feedback_scan(s, cal, now, &fmarked, &err) || tasks_scan(s, cal, now, &tmarked, &err))
        rc = cli_fail(&err);
    else
        printf("Đã đánh dấu %d hồ sơ, %d phản ánh, kiến nghị, %d nhiệm vụ.\n", marked, fmarked, tmarked);
    calendar_free(cal);
    store_close(s);
    return rc;
}
