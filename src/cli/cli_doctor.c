/* cli_doctor.c - `motcua doctor`: what an operator checks before calling for help. One line per
 * check, "OK", "CẢNH BÁO" (warning) or "LỖI" (error) then what was found; exit 1 when any is LỖI. */
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "pdf.h"
#include "timeutil.h"
#include "xalloc.h"

static const char usage[] =
    "Cách dùng: motcua doctor [--db PATH] [--files DIR] [--min-free MB]\n"
    "Kiểm tra cấu hình (tệp cấu hình, đường dẫn, quyền ghi), dung lượng đĩa trống, cơ sở dữ liệu (kết nối được,\n"
    "lược đồ mới nhất), nhật ký, phông chữ của biểu mẫu PDF, đồng hồ hệ thống và dữ liệu múi giờ.\n"
    "Mỗi mục một dòng: OK, CẢNH BÁO hoặc LỖI. Mã thoát 1 nếu có LỖI.\n\n"
    "  --db PATH       cơ sở dữ liệu (mặc định như motcua serve: --db, $MOTCUA_DB, tệp cấu hình, var/motcua.db)\n"
    "  --files DIR     thư mục tệp đính kèm (mặc định: thiết lập files, hoặc cạnh cơ sở dữ liệu)\n"
    "  --min-free MB   cảnh báo khi đĩa còn trống ít hơn chừng này (mặc định 1024)\n";

/* The time zone motcua shows; its data is used by the system tools around it (logs, cron, psql). */
#define ZONEINFO "/usr/share/zoneinfo/Asia/Ho_Chi_Minh"

static int errors, warnings;

static void report(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(int level, const char *fmt, ...) {
    static const char *const tag[] = {"OK       ", "CẢNH BÁO ", "LỖI      "};
    errors += level == 2;
    warnings += level == 1;
    fputs(tag[level], stdout);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static char *parent_of(const char *path) {
    char *d = xstrdup(path);
    char *p = xstrdup(dirname(d));
    free(d);
    return p;
}

/* Free space of the file system holding path: a warning under min_mb. */
static void check_space(const char *what, const char *path, long min_mb) {
    struct statvfs vs;
    if (statvfs(path, &vs) != 0) {
        report(1, "không đo được dung lượng trống của %s %s (%s)", what, path, strerror(errno));
        return;
    }
    unsigned long long free_mb = (unsigned long long)vs.f_bavail * vs.f_frsize >> 20;
    if (free_mb < (unsigned long long)min_mb)
        report(1, "đĩa chứa %s %s chỉ còn trống %llu MB (dưới %ld MB)", what, path, free_mb, min_mb);
    else
        report(0, "đĩa chứa %s %s còn trống %.1f GB", what, path, (double)free_mb / 1024);
}

static void check_config(void) {
    const char *file = cli_config_file(), *bad = cli_config_error();
    if (bad)
        report(2, "%s", bad);
    else if (file)
        report(0, "tệp cấu hình %s đọc được", file);
    else
        report(0, "không có tệp cấu hình (%s): dùng tùy chọn dòng lệnh, biến môi trường và mặc định",
               CLI_CONFIG_DEFAULT);
}

/* The database file (SQLite): it exists and the process may write it and its folder (WAL files). */
static bool check_db_path(const char *db) {
    struct stat sb;
    char *dir = parent_of(db);
    bool ok = false;
    if (stat(db, &sb) != 0)
        report(2, "cơ sở dữ liệu %s không có (%s); tạo bằng motcua init --db %s", db, strerror(errno), db);
    else if (!S_ISREG(sb.st_mode))
        report(2, "cơ sở dữ liệu %s không phải một tệp", db);
    else if (access(db, R_OK | W_OK) != 0 || access(dir, W_OK | X_OK) != 0)
        report(2, "tiến trình này không ghi được %s hoặc thư mục %s (cần cho tệp -wal, -shm)", db, dir);
    else {
        report(0, "cơ sở dữ liệu %s có, ghi được", db);
        ok = true;
    }
    free(dir);
    return ok;
}

static void check_files_dir(const char *files, long min_mb) {
    struct stat sb;
    if (stat(files, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (access(files, W_OK | X_OK) == 0)
            report(0, "thư mục tệp đính kèm %s có, ghi được", files);
        else
            report(2, "tiến trình này không ghi được thư mục tệp đính kèm %s", files);
        check_space("tệp đính kèm", files, min_mb);
        return;
    }
    char *parent = parent_of(files);
    if (access(parent, W_OK | X_OK) == 0)
        report(1, "thư mục tệp đính kèm %s chưa có (motcua serve tạo khi khởi động)", files);
    else
        report(2, "thư mục tệp đính kèm %s chưa có và không tạo được trong %s", files, parent);
    free(parent);
}

/* Store, schema, journal heads and the clock against the newest entry. */
static void check_store(const char *db) {
    store_options opt = store_options_default();
    opt.migrate = false; /* doctor changes nothing */
    mc_error err;
    store *s;
    if (store_open(db, &opt, &s, &err) != MC_OK) {
        report(2, "không kết nối được cơ sở dữ liệu %s: %s", db, err.message_en);
        return;
    }
    int have = store_schema_version(s), latest = store_schema_latest();
    if (have == latest)
        report(0, "cơ sở dữ liệu (%s) kết nối được, lược đồ mới nhất (phiên bản %d)", store_backend(s), have);
    else if (have < latest)
        report(1,
               "lược đồ phiên bản %d, phần mềm này cần %d: các bước nâng cấp chạy khi motcua serve khởi động "
               "(hoặc motcua migrate); sao lưu trước (motcua backup)",
               have, latest);
    else
        report(2, "lược đồ phiên bản %d mới hơn phần mềm này (%d): dùng motcua mới hơn", have, latest);
    store_conn *c = store_reader(s);
    int64_t entries = 0, newest = 0;
    if (have == 0) {
        report(2, "cơ sở dữ liệu %s chưa có bảng nào của motcua", db);
    } else if (store_scalar_int(c, Q_OPS_JOURNAL_COUNT, SV_NONE, &entries, &err) ||
               store_scalar_int(c, Q_OPS_JOURNAL_LATEST_AT, SV_NONE, &newest, &err)) {
        report(2, "không đọc được nhật ký: %s", err.message_en);
    } else {
        int chains = 0, k;
        store_rows *r = store_query(c, Q_JOURNAL_HEADS, SV_NONE, &err);
        if (r) {
            while ((k = store_next(r, &err)) == 1) chains++;
            store_rows_free(r);
        }
        if (!r || k < 0)
            report(2, "không đọc được đầu các chuỗi nhật ký: %s", err.message_en);
        else
            report(0, "nhật ký đọc được: %lld bản ghi, %d chuỗi", (long long)entries, chains);
        mc_time now = time_now();
        if (newest && now + 300 < newest) {
            char iso[40];
            time_format_iso8601(newest, iso);
            report(2, "đồng hồ hệ thống chậm: bây giờ sớm hơn bản ghi nhật ký mới nhất (%s) %lld giây; kiểm tra NTP",
                   iso, (long long)(newest - now));
        } else {
            report(0, "đồng hồ hệ thống không lùi sau bản ghi nhật ký mới nhất");
        }
    }
    store_close(s);
}

static void check_fonts(void) {
    const char *dir = pdf_font_dir();
    char missing[1024] = "";
    for (int i = 0; i < PDF_NFONTS; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%.4000s/%s", dir, pdf_font_files[i]);
        if (access(path, R_OK) != 0)
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s", *missing ? ", " : "",
                     pdf_font_files[i]);
    }
    if (*missing)
        report(2, "thiếu phông chữ của biểu mẫu PDF trong %s: %s (gói fonts-liberation2, hoặc $MOTCUA_FONTS)", dir,
               missing);
    else
        report(0, "phông chữ của biểu mẫu PDF có đủ trong %s", dir);
}

static void check_clock(void) {
    time_t t = time(NULL);
    if (t < 1704067200) /* 2024-01-01: before motcua existed */
        report(2, "đồng hồ hệ thống sai (trước năm 2024); kiểm tra NTP");
    if (access(ZONEINFO, R_OK) == 0)
        report(0, "có dữ liệu múi giờ Asia/Ho_Chi_Minh");
    else
        report(1,
               "thiếu %s (gói tzdata): motcua tự tính giờ Việt Nam (UTC+7), nhưng nhật ký hệ thống và các công cụ "
               "khác cần nó",
               ZONEINFO);
}

int cmd_doctor(int argc, char **argv) {
    if (cli_help(argc, argv, usage)) return 0;
    const char *files = cli_opt(&argc, argv, "--files");
    const char *min = cli_opt(&argc, argv, "--min-free");
    const char *db = cli_db_arg(&argc, argv);
    if (!cli_no_extra(argc, argv, 0)) return 2;
    char *end;
    long min_mb = min ? strtol(min, &end, 10) : 1024;
    if (min && (*end || min_mb < 0)) {
        fprintf(stderr, "Lỗi: --min-free phải là số MB không âm.\n");
        return 2;
    }
    errors = warnings = 0;
    check_config();
    bool server = cli_is_server(db);
    char files_buf[4096];
    if (!files) files = cli_setting("files");
    if (!files) files = cli_files_dir(db, files_buf, sizeof files_buf);
    if (!server && check_db_path(db)) {
        char *dir = parent_of(db);
        check_space("cơ sở dữ liệu", dir, min_mb);
        free(dir);
        check_store(db);
    } else if (server) {
        check_store(db);
    }
    check_files_dir(files, min_mb);
    check_fonts();
    check_clock();
    printf("%d lỗi, %d cảnh báo.\n", errors, warnings);
    return errors ? 1 : 0;
}
