/* cli_init.c - `motcua init` (create a database, optionally with the Cao Bằng
 * demo data) and `motcua migrate`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "perm.h"
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
};

static const char init_usage[] =
    "Cách dùng: motcua init [--db PATH] [--demo] [--data DIR]\n"
    "Tạo cơ sở dữ liệu mới (áp dụng các bước nâng cấp lược đồ).\n\n"
    "  --demo       nạp dữ liệu mẫu tỉnh Cao Bằng: đơn vị, danh mục thủ tục,\n"
    "               lịch nghỉ 2024–2026 và các tài khoản mẫu\n"
    "  --data DIR   thư mục dữ liệu mẫu (mặc định data/, hoặc $MOTCUA_DATA)\n";

static char *join(const char *dir, const char *file) {
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* Loads the demo data; prints a summary. */
static int load_demo(store *s, const char *dir) {
    mc_error err;
    int n = 0;
    char *units = join(dir, "units.json"), *cat = join(dir, "catalog.json"), *hol = join(dir, "holidays.csv");
    int rc = 0;
    if (cli_import_units(s, units, &n, &err)) { rc = cli_fail(&err); goto out; }
    printf("Đã nạp %d đơn vị.\n", n);
    if (cli_import_calendar(s, hol, &n, &err)) { rc = cli_fail(&err); goto out; }
    printf("Đã nạp %d ngày nghỉ, ngày làm bù.\n", n);
    if (cli_import_catalog(s, cat, false, &err)) { rc = cli_fail(&err); goto out; }
    /* The demo accounts share one password: hashed once, before the transaction. */
    char hash[128];
    if (users_prepare_password(DEMO_PASSWORD, hash, &err)) { rc = cli_fail(&err); goto out; }
    store_conn *c = store_begin(s, &err);
    if (!c) { rc = cli_fail(&err); goto out; }
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        user_new u = {demo_users[i].username, demo_users[i].name, hash, demo_users[i].unit,
                      demo_users[i].roles, demo_users[i].phone, NULL, demo_users[i].id_number};
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
    if (store_commit(c, &err)) { rc = cli_fail(&err); goto out; }
    printf("Đã tạo %zu tài khoản mẫu (mật khẩu %s).\n", sizeof demo_users / sizeof demo_users[0], DEMO_PASSWORD);
out:
    free(units);
    free(cat);
    free(hol);
    return rc;
}

int cmd_init(int argc, char **argv) {
    if (cli_help(argc, argv, init_usage)) return 0;
    bool demo = cli_flag(&argc, argv, "--demo");
    const char *data = cli_opt(&argc, argv, "--data");
    if (!data) data = getenv("MOTCUA_DATA");
    if (!data) data = "data";
    store *s = cli_open(&argc, argv, true);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 0)) {
        store_close(s);
        return 2;
    }
    int64_t n = 0;
    mc_error err;
    if (units_count(store_reader(s), &n, &err)) {
        store_close(s);
        return cli_fail(&err);
    }
    if (n > 0) {
        fprintf(stderr, "Lỗi: cơ sở dữ liệu đã được khởi tạo (%lld đơn vị); không ghi đè.\n", (long long)n);
        store_close(s);
        return 1;
    }
    printf("Đã tạo cơ sở dữ liệu (lược đồ phiên bản %d).\n", store_schema_version(s));
    int rc = demo ? load_demo(s, data) : 0;
    store_close(s);
    return rc;
}

static const char migrate_usage[] =
    "Cách dùng: motcua migrate [--db PATH]\n"
    "Áp dụng các bước nâng cấp lược đồ cơ sở dữ liệu còn thiếu (cũng tự chạy khi khởi động).\n";

int cmd_migrate(int argc, char **argv) {
    if (cli_help(argc, argv, migrate_usage)) return 0;
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 0)) {
        store_close(s);
        return 2;
    }
    printf("Lược đồ cơ sở dữ liệu: phiên bản %d (mới nhất %d).\n", store_schema_version(s), store_schema_latest());
    store_close(s);
    return 0;
}
