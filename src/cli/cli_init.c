/* cli_init.c - `motcua init` (create a database, optionally with the Cao Bằng
 * demo data) and `motcua migrate`. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "perm.h"
#include "survey_json.h"
#include "timeutil.h"
#include "units.h"
#include "users.h"

/** The demo password of every demo account (printed by `make run`). */
#define DEMO_PASSWORD "CaoBang@2026"

static const struct {
    const char *username, *name, *unit;
    unsigned roles;
    const char *phone, *id_number;
} demo_users[] = {
    {"admin", "Quản trị hệ thống", "04", ROLE_ADMIN, NULL, NULL},
    {"giamsat", "Lục Văn Sơn", "04", ROLE_SUPERVISOR, NULL, NULL},
    {"tiepnhan.tinh", "Nông Thị Mai", "TTPVHCC", ROLE_RECEIVER, NULL, NULL},
    {"chuyenvien.tuphap", "Hoàng Văn Minh", "S03", ROLE_SPECIALIST, NULL, NULL},
    {"lanhdao.tuphap", "Bế Thu Hà", "S03", ROLE_LEADER, NULL, NULL},
    {"tiepnhan.thucphan", "Đàm Thị Hương", "01273", ROLE_RECEIVER, NULL, NULL},
    {"chuyenvien.thucphan", "Triệu Văn Nam", "01273", ROLE_SPECIALIST, NULL, NULL},
    {"lanhdao.thucphan", "Hà Văn Quang", "01273", ROLE_LEADER, NULL, NULL},
    {"tiepnhan.nungtricao", "Lương Thị Thu", "01279", ROLE_RECEIVER, NULL, NULL},
    {"0912345678", "Nguyễn Văn An", NULL, ROLE_CITIZEN, "0912345678", "004090001234"},
    /* Directives, plans and tasks (issue 16): the supervisors the directive names (People's Council, Fatherland
     * Front: read only), the assigning bodies, and the officer who publishes reform news. */
    {"giamsat.hdnd", "Nông Thị Hạnh", "HDND-T", ROLE_OBSERVER, NULL, NULL},
    {"giamsat.mttq", "Hoàng Văn Thắng", "MTTQ-T", ROLE_OBSERVER, NULL, NULL},
    {"lanhdao.tinhuy", "Lưu Văn Hải", "TU", ROLE_LEADER, NULL, NULL},
    {"lanhdao.ubnd", "Đinh Văn Bình", "UBND-T", ROLE_LEADER, NULL, NULL},
    {"chuyenvien.noivu", "Lăng Thị Thu", "S02", ROLE_SPECIALIST, NULL, NULL},
    {"lanhdao.noivu", "Nông Văn Hùng", "S02", ROLE_LEADER, NULL, NULL},
};

static const char init_usage[] =
    "Cách dùng: motcua init [--db PATH] [--demo] [--data DIR]\n"
    "Tạo cơ sở dữ liệu mới (áp dụng các bước nâng cấp lược đồ). Cơ sở dữ liệu mới được tạo trọn vẹn\n"
    "hoặc không tạo gì: lỗi giữa chừng không để lại tệp (PostgreSQL: không ghi dòng nào).\n\n"
    "  --demo       nạp dữ liệu mẫu tỉnh Cao Bằng: đơn vị, danh mục thủ tục,\n"
    "               lịch nghỉ 2024–2026 và các tài khoản mẫu\n"
    "  --data DIR   thư mục dữ liệu mẫu (units.json, catalog.json, holidays.csv, bảng hỏi sipas/); mặc định\n"
    "               $MOTCUA_DATA, nếu không thì thư mục data cạnh chương trình (../data,\n"
    "               ../../data, ../share/motcua/data tính từ tệp chạy) hoặc data/ ở thư mục hiện tại\n";

static char *join(const char *dir, const char *file) {
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* The demo files, in the order they load. */
static const char *const demo_files[] = {"units.json", "holidays.csv", "catalog.json"};

static bool is_file(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The demo data folder: --data, else $MOTCUA_DATA, as given; else the first folder
 * holding units.json among the binary's ../data, ../../data, ../share/motcua/data
 * (bin/motcua, build/release/motcua, an installed /usr/bin/motcua) and ./data.
 * Returns a malloc'd path, or NULL after printing where it looked. */
static char *demo_dir(const char *opt) {
    const char *given = opt ? opt : getenv("MOTCUA_DATA");
    if (given && *given) return strdup(given);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *tried[4] = {0};
    size_t nt = 0;
    if (n > 0) {
        exe[n] = 0;
        char *up1 = strrchr(exe, '/');
        if (up1) *up1 = 0; /* the binary's folder */
        if (up1 && (up1 = strrchr(exe, '/'))) {
            *up1 = 0; /* its parent: bin/motcua → ../data, /usr/bin/motcua → ../share/motcua/data */
            tried[nt++] = join(exe, "data");
            char *up2 = strrchr(exe, '/');
            if (up2) { /* build/release/motcua → ../../data */
                *up2 = 0;
                tried[nt++] = join(exe, "data");
                *up2 = '/';
            }
            tried[nt++] = join(exe, "share/motcua/data");
        }
    }
    tried[nt++] = strdup("data");
    char *found = NULL;
    for (size_t i = 0; i < nt && !found; i++) {
        char *probe = join(tried[i], demo_files[0]);
        if (is_file(probe)) {
            found = tried[i];
            tried[i] = NULL;
        }
        free(probe);
    }
    if (!found) {
        fprintf(stderr, "Lỗi: không tìm thấy dữ liệu mẫu (%s) ở:", demo_files[0]);
        for (size_t i = 0; i < nt; i++) fprintf(stderr, "%s %s", i ? "," : "", tried[i]);
        fprintf(stderr, "; dùng --data THƯ_MỤC (hoặc MOTCUA_DATA).\n(demo data not found; use --data DIR.)\n");
    }
    for (size_t i = 0; i < nt; i++) free(tried[i]);
    return found;
}

/* Checks the demo data before anything is created: every file there and readable, the JSON
 * files well-formed. Prints the problem; returns the exit code (0 when all is well). */
static int check_demo(const char *dir) {
    for (size_t i = 0; i < sizeof demo_files / sizeof demo_files[0]; i++) {
        char *path = join(dir, demo_files[i]);
        mc_error err;
        size_t len;
        int rc = 0;
        if (!is_file(path)) {
            fprintf(stderr,
                    "Lỗi: không tìm thấy %s; dùng --data THƯ_MỤC (thư mục có %s, %s, %s).\n"
                    "(%s not found; use --data DIR.)\n",
                    path, demo_files[0], demo_files[1], demo_files[2], path);
            rc = 1;
        } else if (strstr(path, ".json")) {
            json_t *doc = cli_load_json(path, &err);
            if (!doc) rc = cli_fail(&err);
            json_decref(doc);
        } else {
            char *text = cli_read_file(path, &len, &err);
            if (!text) rc = cli_fail(&err);
            free(text);
        }
        free(path);
        if (rc) return rc;
    }
    return 0;
}

/* Loads every SIPAS questionnaire of DIR/sipas (*.json, in name order), each version once. Returns the
 * exit code (0 when the folder is absent: surveys then wait for a questionnaire). */
static int load_questionnaires(store *s, const char *dir) {
    char *sub = join(dir, "sipas");
    struct dirent **names = NULL;
    int n = scandir(sub, &names, NULL, alphasort), rc = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (!rc && len > 5 && !strcmp(nm + len - 5, ".json")) {
            char *path = join(sub, nm);
            arena *a = arena_create();
            bool added;
            const char *version = NULL;
            mc_error err;
            if (survey_json_load_file(s, path, &added, &version, a, &err))
                rc = cli_fail(&err);
            else
                printf("Đã nạp bảng hỏi SIPAS %s%s.\n", version, added ? "" : " (đã có)");
            arena_free(a);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    free(sub);
    return rc;
}

/* Loads the demo data; prints a summary. Returns the exit code. */
static int load_demo(store *s, const char *dir) {
    mc_error err;
    int n = 0;
    char *units = join(dir, "units.json"), *cat = join(dir, "catalog.json"), *hol = join(dir, "holidays.csv");
    int rc = 0;
    if (cli_import_units(s, units, &n, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("Đã nạp %d đơn vị.\n", n);
    /* The bodies outside the one-stop tree (Party committees, People's Council, Fatherland Front), when the
     * data has them (bodies.json, written by hand: build-demo-data.py writes units.json). */
    char *bodies = join(dir, "bodies.json");
    struct stat bsb;
    if (stat(bodies, &bsb) == 0) {
        if (cli_import_units(s, bodies, &n, &err)) {
            free(bodies);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d cơ quan Đảng, HĐND, MTTQ.\n", n);
    }
    free(bodies);
    if (cli_import_calendar(s, hol, &n, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("Đã nạp %d ngày nghỉ, ngày làm bù.\n", n);
    if ((rc = load_questionnaires(s, dir))) goto out;
    if (cli_import_catalog(s, cat, false, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    /* The rating question sets (the .json files of ratings/), when the data has them. */
    char *rdir = join(dir, "ratings");
    struct stat rsb;
    if (stat(rdir, &rsb) == 0 && S_ISDIR(rsb.st_mode)) {
        if (cli_import_ratings(s, rdir, &n, &err)) {
            free(rdir);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d bộ câu hỏi đánh giá.\n", n);
    }
    free(rdir);
    /* The PAR INDEX criteria sets (parindex/: illustrative trees, docs/PARINDEX.md), when the data has them. */
    char *pdir = join(dir, "parindex");
    struct stat psb;
    if (stat(pdir, &psb) == 0 && S_ISDIR(psb.st_mode)) {
        if (cli_import_parindex(s, pdir, &n, &err)) {
            free(pdir);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d bộ chỉ số CCHC.\n", n);
    }
    free(pdir);
    /* The provinces' national PAR INDEX and SIPAS (parindex-national/, docs/PARINDEX_NATIONAL.md), when present. */
    char *ndir = join(dir, "parindex-national");
    struct stat nsb;
    if (stat(ndir, &nsb) == 0 && S_ISDIR(nsb.st_mode)) {
        int counts[3];
        if (cli_import_par_national(s, ndir, false, counts, &err)) {
            free(ndir);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d bảng kết quả PAR INDEX, SIPAS của các tỉnh.\n", counts[1] + counts[2]);
    }
    free(ndir);
    /* The demo accounts share one password: hashed once, before the transaction. */
    char hash[128];
    if (users_prepare_password(DEMO_PASSWORD, hash, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    store_conn *c = store_begin(s, &err);
    if (!c) {
        rc = cli_fail(&err);
        goto out;
    }
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        user_new u = {demo_users[i].username, demo_users[i].name,  hash, demo_users[i].unit,
                      demo_users[i].roles,    demo_users[i].phone, NULL, demo_users[i].id_number};
        if (users_add(c, &u, NULL, &err)) {
            store_rollback(c);
            rc = cli_fail(&err);
            goto out;
        }
    }
    /* A demo bank account for fees, on the province (every unit below uses it): not a real account. */
    unit_account acct = {"970415", "VietinBank (tài khoản minh họa)", "0000119900001",
                         "TRUNG TAM PHUC VU HANH CHINH CONG TINH CAO BANG"};
    if (units_account_put(c, "04", &acct, time_now(), &err)) {
        store_rollback(c);
        rc = cli_fail(&err);
        goto out;
    }
    if (store_commit(c, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("Đã tạo %zu tài khoản mẫu (mật khẩu %s).\n", sizeof demo_users / sizeof demo_users[0], DEMO_PASSWORD);
    /* The register of legal normative documents (legal_docs.json), when the data has it. */
    char *ldocs = join(dir, "legal_docs.json");
    if (is_file(ldocs)) {
        if (cli_import_legal_docs(s, ldocs, &n, &err)) {
            free(ldocs);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d văn bản quy phạm pháp luật mẫu.\n", n);
    }
    free(ldocs);
    /* Directive 10-CT/TU's tasks, the 2026 reform plan and a ward's sub-plan (tasks.json), when present. */
    char *tasks = join(dir, "tasks.json");
    struct stat tsb;
    if (stat(tasks, &tsb) == 0) {
        int nd = 0, nt = 0;
        if (cli_import_tasks(s, tasks, &nd, &nt, &err)) {
            free(tasks);
            rc = cli_fail(&err);
            goto out;
        }
        printf("Đã nạp %d văn bản chỉ đạo, %d nhiệm vụ.\n", nd, nt);
    }
    free(tasks);
out:
    free(units);
    free(cat);
    free(hol);
    return rc;
}

/* Refuses a database that already has units; returns the exit code (0: empty). */
static int still_empty(store *s) {
    int64_t n = 0;
    mc_error err;
    if (units_count(store_reader(s), &n, &err)) return cli_fail(&err);
    if (n > 0) {
        fprintf(stderr, "Lỗi: cơ sở dữ liệu đã được khởi tạo (%lld đơn vị); không ghi đè.\n", (long long)n);
        return 1;
    }
    return 0;
}

/* Fills an open, empty database (the demo when dir is set). Returns the exit code. */
static int fill(store *s, const char *dir) {
    int rc = still_empty(s);
    if (!rc && dir) rc = load_demo(s, dir);
    return rc;
}

/* Removes a SQLite database file and the files beside it. */
static void remove_sqlite(const char *path) {
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char p[PATH_MAX + 16];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
}

/* A new SQLite database: built whole in a temporary file beside db, which becomes db only
 * when everything succeeded (never replacing a file that appeared meanwhile); on failure
 * nothing is left, not even the folder if this made it. */
static int init_new_file(const char *db, const char *dir) {
    char *parent = strdup(db), *slash = strrchr(parent, '/');
    bool made_parent = false;
    if (slash && slash != parent) {
        *slash = 0;
        made_parent = mkdir(parent, 0750) == 0;
    }
    size_t tl = strlen(db) + 16;
    char *tmp = malloc(tl);
    snprintf(tmp, tl, "%s.init-XXXXXX", db);
    int fd = mkstemp(tmp), rc = 0;
    if (fd < 0) {
        fprintf(stderr, "Lỗi: không tạo được tệp %s (%s).\n", db, strerror(errno));
        rc = 1;
    } else {
        mode_t mask = umask(0); /* the mode SQLite would have given a new file */
        umask(mask);
        if (fchmod(fd, 0644 & ~mask) != 0) rc = 1;
        close(fd);
        store *s = rc ? NULL : cli_open_at(tmp, true, NULL);
        if (!s)
            rc = 1;
        else {
            int version = store_schema_version(s);
            rc = fill(s, dir);
            store_close(s);
            if (!rc) {
                /* Closing checkpointed the WAL into the file: nothing may be left beside it. */
                char wal[PATH_MAX + 16];
                snprintf(wal, sizeof wal, "%s-wal", tmp);
                struct stat sb;
                if (stat(wal, &sb) == 0 && sb.st_size > 0) {
                    fprintf(stderr, "Lỗi: %s chưa được ghi hết vào cơ sở dữ liệu.\n", wal);
                    rc = 1;
                } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, db, RENAME_NOREPLACE) != 0 &&
                           (errno != EINVAL || link(tmp, db) != 0)) {
                    /* (a file system without RENAME_NOREPLACE: link, which never replaces either) */
                    fprintf(stderr, "Lỗi: không tạo được %s (%s).\n", db, strerror(errno));
                    rc = 1;
                } else {
                    remove_sqlite(tmp); /* what is left of the temporary name, if anything */
                    printf("Đã tạo cơ sở dữ liệu %s (lược đồ phiên bản %d).\n", db, version);
                }
            }
        }
    }
    if (rc) {
        if (fd >= 0) remove_sqlite(tmp);
        if (made_parent) rmdir(parent);
    }
    free(tmp);
    free(parent);
    return rc;
}

/* A new PostgreSQL database (no motcua schema yet) with the demo: built whole in a temporary
 * SQLite file, then copied in one transaction (store_copy): a failure writes no row. */
static int init_new_server(const char *db, const char *dir) {
    char folder[] = "/tmp/motcua-init-XXXXXX";
    const char *tmpdir = getenv("TMPDIR");
    char *base = NULL;
    if (tmpdir && *tmpdir) {
        size_t n = strlen(tmpdir) + 24;
        base = malloc(n);
        snprintf(base, n, "%s/motcua-init-XXXXXX", tmpdir);
    }
    char *made = mkdtemp(base ? base : folder);
    if (!made) {
        fprintf(stderr, "Lỗi: không tạo được thư mục tạm (%s).\n", strerror(errno));
        free(base);
        return 1;
    }
    char *path = join(made, "demo.db");
    int rc = 0;
    store *src = cli_open_at(path, true, NULL), *dst = NULL;
    if (!src) rc = 1;
    if (!rc) rc = fill(src, dir);
    if (!rc && !(dst = cli_open_at(db, true, NULL))) rc = 1;
    if (!rc) rc = still_empty(dst);
    if (!rc) {
        mc_error err;
        int64_t rows = 0;
        if (store_copy(src, dst, &rows, &err))
            rc = cli_fail(&err);
        else
            printf("Đã tạo cơ sở dữ liệu (lược đồ phiên bản %d).\n", store_schema_version(dst));
    }
    store_close(dst);
    store_close(src);
    remove_sqlite(path);
    rmdir(made);
    free(path);
    free(base);
    return rc;
}

int cmd_init(int argc, char **argv) {
    if (cli_help(argc, argv, init_usage)) return 0;
    bool demo = cli_flag(&argc, argv, "--demo");
    const char *data = cli_opt(&argc, argv, "--data");
    const char *db = cli_db_arg(&argc, argv);
    if (!cli_pwhash(&argc, argv)) return 2;
    if (!cli_no_extra(argc, argv, 0)) return 2;
    char *dir = NULL;
    if (demo) {
        if (!(dir = demo_dir(data))) return 1;
        int rc = check_demo(dir);
        if (rc) {
            free(dir);
            return rc;
        }
    }
    int rc;
    struct stat sb;
    if (!cli_is_server(db) && stat(db, &sb) != 0) {
        rc = init_new_file(db, dir);
    } else {
        /* An existing file, or a server database: new (no schema yet) with the demo is built
         * elsewhere and copied in; otherwise it is filled in place if it has no unit yet. */
        store_options peek = store_options_default();
        peek.migrate = false;
        store *s = cli_open_at(db, true, &peek);
        int version = s ? store_schema_version(s) : -1;
        store_close(s);
        if (version < 0)
            rc = 1;
        else if (cli_is_server(db) && version == 0 && dir)
            rc = init_new_server(db, dir);
        else if (!(s = cli_open_at(db, true, NULL)))
            rc = 1;
        else {
            rc = fill(s, dir);
            if (!rc) printf("Đã khởi tạo cơ sở dữ liệu (lược đồ phiên bản %d).\n", store_schema_version(s));
            store_close(s);
        }
    }
    free(dir);
    return rc;
}

static const char migrate_usage[] =
    "Cách dùng: motcua migrate [--db PATH] [--to SỐ]\n"
    "Áp dụng các bước nâng cấp lược đồ cơ sở dữ liệu còn thiếu (cũng tự chạy khi khởi động).\n"
    "--to SỐ: chỉ đến bước SỐ (diễn tập nâng cấp từng bước; lần chạy sau không có --to làm nốt).\n";

int cmd_migrate(int argc, char **argv) {
    if (cli_help(argc, argv, migrate_usage)) return 0;
    const char *to = cli_opt(&argc, argv, "--to");
    store_options opt = store_options_default();
    if (to) {
        char *end;
        long v = strtol(to, &end, 10);
        if (*to == '\0' || *end || v < 1 || v > store_schema_latest()) {
            fprintf(stderr, "Lỗi: --to cần số bước từ 1 đến %d.\n", store_schema_latest());
            return 2;
        }
        opt.migrate_upto = (int)v;
    }
    const char *db = cli_db_arg(&argc, argv);
    if (!cli_pwhash(&argc, argv) || !cli_no_extra(argc, argv, 0)) return 2;
    store *s = cli_open_at(db, false, &opt);
    if (!s) return 1;
    printf("Lược đồ cơ sở dữ liệu: phiên bản %d (mới nhất %d).\n", store_schema_version(s), store_schema_latest());
    store_close(s);
    return 0;
}
