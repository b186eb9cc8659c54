/* cli_backup.c - `motcua backup` and `motcua restore`: a consistent copy of a live database, checked
 * before it is trusted, and its return, refused when its journal does not verify.
 *
 * SQLite: the copy is the store's own (store_backup: one read transaction, writers go on), written
 * beside the target as FILE.part, checked (structure, schema, journal chains), then renamed into place.
 * PostgreSQL: pg_dump --format=custom, the documented path (docs/OPERATIONS.md). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hist.h"
#include "journal.h"
#include "xalloc.h"

extern char **environ;

static const char backup_usage[] =
    "Cách dùng: motcua backup --to TỆP [--db PATH] [--force]\n"
    "Sao lưu cơ sở dữ liệu đang chạy mà không dừng máy chủ.\n\n"
    "SQLite: chép nhất quán toàn bộ cơ sở dữ liệu tại một thời điểm (hồ sơ vẫn được tiếp nhận trong lúc chép),\n"
    "  rồi kiểm tra bản sao (cấu trúc, phiên bản lược đồ, chuỗi băm nhật ký) và in những gì bản sao chứa.\n"
    "  Tệp đính kèm (thư mục files/ cạnh cơ sở dữ liệu) chép riêng SAU bản sao, ví dụ bằng rsync.\n"
    "PostgreSQL (--db postgresql://…): chạy pg_dump --format=custom (cần pg_dump trong PATH).\n\n"
    "  --to TỆP   tệp bản sao (không ghi đè tệp đã có, trừ khi có --force)\n"
    "  --force    ghi đè TỆP nếu đã có\n"
    "Mã thoát: 0 nếu bản sao tốt, 3 nếu nhật ký trong bản sao không toàn vẹn, 1 nếu lỗi khác.\n";

static const char restore_usage[] =
    "Cách dùng: motcua restore --from TỆP --db PATH [--force]\n"
    "Khôi phục cơ sở dữ liệu SQLite từ một bản sao của motcua backup (dừng motcua serve trước).\n\n"
    "Bản sao được kiểm tra trước: từ chối nếu lược đồ mới hơn phần mềm này, cấu trúc hỏng hoặc chuỗi băm nhật\n"
    "ký không khớp (nêu bản ghi đầu tiên bị sửa). Ghi vào tệp tạm cạnh PATH rồi đổi tên: hoặc xong hết, hoặc\n"
    "không đổi gì.\n\n"
    "  --from TỆP  tệp bản sao\n"
    "  --db PATH   cơ sở dữ liệu cần khôi phục (mặc định var/motcua.db, hoặc $MOTCUA_DB)\n"
    "  --force     thay cơ sở dữ liệu đã có tại PATH\n"
    "PostgreSQL: dùng pg_restore (xem docs/OPERATIONS.md).\n";

/* Syncs the folder holding path, so that a rename in it survives a crash. */
static void sync_parent(const char *path) {
    char *d = xstrdup(path);
    int fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

/* Removes the WAL and shared-memory files beside a SQLite file. */
static void unlink_sides(const char *path) {
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Removes a SQLite file and the files beside it. */
static void unlink_db(const char *path) {
    unlink(path);
    unlink_sides(path);
}

/* Prints what a database holds: dossiers by state, journal entries, the head of each chain. */
static mc_err print_contents(store *s, mc_error *err) {
    store_conn *c = store_reader(s);
    int64_t dossiers = 0, entries = 0;
    mc_err e = store_scalar_int(c, Q_DOSSIER_COUNT, SV_NONE, &dossiers, err);
    if (!e) e = store_scalar_int(c, Q_OPS_JOURNAL_COUNT, SV_NONE, &entries, err);
    if (e) return e;
    printf("Hồ sơ: %lld", (long long)dossiers);
    store_rows *r = store_query(c, Q_OPS_DOSSIERS_BY_STATE, SV_NONE, err);
    if (!r) return err->code;
    int k, i = 0;
    while ((k = store_next(r, err)) == 1)
        printf("%s%s %lld", i++ ? ", " : " (", store_text(r, 0), (long long)store_int(r, 1));
    store_rows_free(r);
    if (k < 0) return err->code;
    printf("%s.\nNhật ký: %lld bản ghi.\n", i ? ")" : "", (long long)entries);
    r = store_query(c, Q_JOURNAL_HEADS, SV_NONE, err);
    if (!r) return err->code;
    while ((k = store_next(r, err)) == 1)
        printf("  chuỗi %s: %lld bản ghi, bản ghi cuối số %lld, mã băm %.16s…\n",
               *store_text(r, 0) ? store_text(r, 0) : "(chung)", (long long)store_int(r, 3), (long long)store_int(r, 1),
               store_text(r, 2));
    store_rows_free(r);
    return k < 0 ? err->code : MC_OK;
}

/* Checks a copy at path (opened without migrating): its schema is not newer than this binary, its
 * structure is sound, every journal chain verifies. Prints the finding and, when verbose, the contents.
 * Returns the exit code: 0 good, 3 journal altered, 1 anything else. */
static int check_copy(const char *path, const char *what, bool verbose) {
    store_options opt = store_options_default();
    opt.migrate = false;
    store *s = cli_open_at(path, false, &opt);
    if (!s) return 1;
    int rc = 0;
    mc_error err;
    int have = store_schema_version(s), latest = store_schema_latest();
    bool ok;
    char why[512];
    int64_t checked = 0, first_bad = 0;
    if (have > latest) {
        fprintf(stderr,
                "Lỗi: %s có lược đồ phiên bản %d, mới hơn phần mềm này (%d): hãy dùng motcua mới hơn để khôi phục.\n",
                what, have, latest);
        rc = 1;
    } else if (have == 0) {
        fprintf(stderr, "Lỗi: %s không phải cơ sở dữ liệu motcua (không có bảng schema_migrations).\n", what);
        rc = 1;
    } else if (store_integrity(s, &ok, why, sizeof why, &err)) {
        rc = cli_fail(&err);
    } else if (!ok) {
        fprintf(stderr, "Lỗi: %s hỏng cấu trúc (integrity_check: %s).\n", what, why);
        rc = 1;
    } else if (journal_verify(store_reader(s), &checked, &first_bad, &err)) {
        rc = cli_fail(&err);
    } else if (first_bad) {
        fprintf(stderr,
                "Lỗi: nhật ký trong %s không toàn vẹn: bản ghi số %lld không khớp chuỗi băm (đã kiểm tra %lld bản "
                "ghi). Không dùng bản sao này.\n",
                what, (long long)first_bad, (long long)checked);
        rc = 3;
    } else {
        printf("Đã kiểm tra %s: cấu trúc tốt, lược đồ phiên bản %d, nhật ký nguyên vẹn (%lld bản ghi).\n", what, have,
               (long long)checked);
        if (verbose && print_contents(s, &err)) rc = cli_fail(&err);
    }
    store_close(s);
    return rc;
}

/* pg_dump --format=custom of a PostgreSQL database into dest (through dest.part). */
static int backup_pg(const char *db, const char *dest, const char *part) {
    char *file = xmalloc(strlen(part) + 8), *dbname = xmalloc(strlen(db) + 10);
    sprintf(file, "--file=%s", part);
    sprintf(dbname, "--dbname=%s", db);
    char *args[] = {"pg_dump", "--format=custom", "--no-password", file, dbname, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, args, environ);
    free(file);
    free(dbname);
    if (rc != 0) {
        fprintf(
            stderr,
            "Lỗi: không chạy được pg_dump (%s). Với PostgreSQL, motcua backup dùng pg_dump của gói postgresql-client "
            "cùng phiên bản với máy chủ; hãy cài gói đó, hoặc sao lưu theo docs/OPERATIONS.md (pg_basebackup và "
            "lưu trữ WAL).\n",
            strerror(rc));
        return 1;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        unlink(part);
        fprintf(stderr, "Lỗi: pg_dump thất bại (xem thông báo phía trên); không có bản sao nào được ghi.\n");
        return 1;
    }
    int fd = open(part, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0 || rename(part, dest) != 0) {
        if (fd >= 0) close(fd);
        fprintf(stderr, "Lỗi: không ghi được %s (%s).\n", dest, strerror(errno));
        unlink(part);
        return 1;
    }
    close(fd);
    sync_parent(dest);
    printf("Đã sao lưu cơ sở dữ liệu PostgreSQL vào %s (pg_dump, định dạng custom).\n"
           "Khôi phục: pg_restore --dbname=postgresql://… --no-owner %s (xem docs/OPERATIONS.md).\n",
           dest, dest);
    return 0;
}

int cmd_backup(int argc, char **argv) {
    if (cli_help(argc, argv, backup_usage)) return 0;
    const char *dest = cli_opt(&argc, argv, "--to");
    bool force = cli_flag(&argc, argv, "--force");
    const char *db = cli_db_arg(&argc, argv);
    if (!dest) {
        fputs(backup_usage, stderr);
        return 2;
    }
    if (!cli_no_extra(argc, argv, 0)) return 2;
    struct stat sb;
    if (!force && stat(dest, &sb) == 0) {
        fprintf(stderr, "Lỗi: tệp %s đã có; chọn tên khác hoặc thêm --force để ghi đè.\n", dest);
        return 1;
    }
    char part[4096];
    snprintf(part, sizeof part, "%.4000s.part", dest);
    unlink_db(part); /* left by an interrupted run */
    if (cli_is_server(db)) return backup_pg(db, dest, part);
    store_options opt = store_options_default();
    opt.migrate = false; /* only read: a backup changes nothing in the database */
    store *s = cli_open_at(db, false, &opt);
    if (!s) return 1;
    mc_error err;
    uint64_t t0 = hist_now_ns();
    mc_err e = store_backup(s, part, &err);
    double secs = (double)(hist_now_ns() - t0) / 1e9;
    store_close(s);
    if (e) return cli_fail(&err);
    printf("Đã chép cơ sở dữ liệu %s (một thời điểm nhất quán, %.2f giây; việc ghi không phải chờ).\n", db, secs);
    int rc = check_copy(part, "bản sao", true);
    if (rc) {
        unlink_db(part);
        return rc;
    }
    unlink_sides(part); /* closed cleanly: nothing in them */
    if (rename(part, dest) != 0) {
        fprintf(stderr, "Lỗi: không đổi tên %s thành %s (%s).\n", part, dest, strerror(errno));
        unlink_db(part);
        return 1;
    }
    sync_parent(dest);
    char files[4096];
    cli_files_dir(db, files, sizeof files);
    printf("Bản sao: %s.\nTệp đính kèm không nằm trong bản sao: chép thư mục %s SAU bước này, ví dụ\n"
           "  rsync -a %s/ NƠI_LƯU/files/\n"
           "(tệp đặt tên theo nội dung và không bao giờ bị sửa: mọi tệp bản sao cơ sở dữ liệu nhắc đến đã có trước "
           "nó).\n",
           dest, files, files);
    return 0;
}

/* Copies src to dst (created, mode 0640) and syncs it. */
static bool copy_file(const char *src, const char *dst) {
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1;
    bool ok = in >= 0;
    if (ok) out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    ok = ok && out >= 0;
    char b[1 << 16];
    ssize_t n;
    while (ok && (n = read(in, b, sizeof b)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0 && write(out, b, (size_t)n) == n;
    }
    ok = ok && fsync(out) == 0;
    if (in >= 0) close(in);
    if (out >= 0) close(out);
    return ok;
}

int cmd_restore(int argc, char **argv) {
    if (cli_help(argc, argv, restore_usage)) return 0;
    const char *from = cli_opt(&argc, argv, "--from");
    bool force = cli_flag(&argc, argv, "--force");
    const char *db = cli_db_arg(&argc, argv);
    if (!from) {
        fputs(restore_usage, stderr);
        return 2;
    }
    if (!cli_no_extra(argc, argv, 0)) return 2;
    if (cli_is_server(db)) {
        fprintf(stderr, "Lỗi: motcua restore chỉ khôi phục cơ sở dữ liệu SQLite. Với PostgreSQL dùng\n"
                        "  pg_restore --dbname=postgresql://… --no-owner TỆP\n"
                        "vào một cơ sở dữ liệu trống, rồi motcua journal verify (xem docs/OPERATIONS.md).\n");
        return 2;
    }
    struct stat sb;
    if (stat(from, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "Lỗi: không tìm thấy tệp sao lưu %s.\n", from);
        return 1;
    }
    if (stat(db, &sb) == 0 && !force) {
        fprintf(stderr,
                "Lỗi: cơ sở dữ liệu %s đã có; không ghi đè. Dừng motcua serve rồi chạy lại với --force để thay "
                "nó.\n",
                db);
        return 1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%.4000s.restore-%ld", db, (long)getpid());
    char *parent = xstrdup(db);
    mkdir(dirname(parent), 0750);
    free(parent);
    unlink_db(tmp);
    if (!copy_file(from, tmp)) {
        fprintf(stderr, "Lỗi: không chép được %s sang %s (%s).\n", from, tmp, strerror(errno));
        unlink_db(tmp);
        return 1;
    }
    char what[4300];
    snprintf(what, sizeof what, "bản sao %s", from);
    int rc = check_copy(tmp, what, true);
    if (rc) {
        unlink_db(tmp);
        fprintf(stderr, "Không khôi phục: %s vẫn như cũ.\n", db);
        return rc;
    }
    unlink_sides(tmp);
    /* The replaced database's WAL must not be replayed over the restored one. */
    unlink_sides(db);
    if (rename(tmp, db) != 0) {
        fprintf(stderr, "Lỗi: không đổi tên %s thành %s (%s).\n", tmp, db, strerror(errno));
        unlink_db(tmp);
        return 1;
    }
    sync_parent(db);
    printf("Đã khôi phục %s từ %s. Khởi động motcua serve; các bước nâng cấp lược đồ còn thiếu (nếu có) chạy khi "
           "khởi động.\nTệp đính kèm: chép lại thư mục files/ đã sao lưu cạnh cơ sở dữ liệu.\n",
           db, from);
    return 0;
}
