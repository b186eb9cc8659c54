/* cli_user.c - `motcua user add|passwd|disable|enable|list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "perm.h"
#include "users.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua user add --username U --name \"Họ tên\" --roles r1,r2 [--unit MÃ]\n"
    "                  [--phone SĐT] [--email E] [--id-number SỐ] [--db PATH]\n"
    "  motcua user passwd USERNAME [--db PATH]\n"
    "  motcua user disable USERNAME --reason \"Lý do\" [--db PATH]   (khóa: không đăng nhập được, hủy mọi phiên)\n"
    "  motcua user enable USERNAME [--reason \"Lý do\"] [--db PATH]\n"
    "  motcua user list [--db PATH]\n\n"
    "Vai trò: admin, receiver (cán bộ một cửa), specialist (chuyên viên), leader (lãnh đạo),\n"
    "supervisor (giám sát), citizen (công dân).\n"
    "Mật khẩu lấy từ biến môi trường MOTCUA_PASSWORD, nếu không có thì đọc một dòng từ đầu vào chuẩn.\n";

/* The password from $MOTCUA_PASSWORD or one line of stdin (in a static buffer). */
static const char *read_password(void) {
    const char *env = getenv("MOTCUA_PASSWORD");
    if (env) return env;
    static char line[512];
    fprintf(stderr, "Mật khẩu: ");
    if (!fgets(line, sizeof line, stdin)) return NULL;
    line[strcspn(line, "\r\n")] = 0;
    return line;
}

static int user_add(int argc, char **argv) {
    user_new u = {0};
    u.username = cli_opt(&argc, argv, "--username");
    u.name = cli_opt(&argc, argv, "--name");
    u.unit_code = cli_opt(&argc, argv, "--unit");
    u.phone = cli_opt(&argc, argv, "--phone");
    u.email = cli_opt(&argc, argv, "--email");
    u.id_number = cli_opt(&argc, argv, "--id-number");
    const char *roles = cli_opt(&argc, argv, "--roles");
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    int rc = 0;
    if (!(u.roles = users_parse_roles(roles, &err))) {
        rc = cli_fail(&err);
        goto out;
    }
    char hash[128]; /* the slow part, before the transaction */
    if (users_prepare_password(read_password(), hash, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    u.password_hash = hash;
    store_conn *c = store_begin(s, &err);
    if (!c) {
        rc = cli_fail(&err);
        goto out;
    }
    if (users_add(c, &u, NULL, &err)) {
        store_rollback(c);
        rc = cli_fail(&err);
        goto out;
    }
    if (store_commit(c, &err))
        rc = cli_fail(&err);
    else
        printf("Đã tạo tài khoản %s.\n", u.username);
out:
    store_close(s);
    return rc;
}

static int user_passwd(int argc, char **argv) {
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (argc != 2 || !cli_no_extra(argc, argv, 1)) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    arena *a = arena_create();
    user u;
    int rc = 0;
    if (users_get(store_reader(s), a, argv[1], &u, NULL, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    char hash[128];
    if (users_prepare_password(read_password(), hash, &err)) {
        rc = cli_fail(&err);
        goto out;
    }
    store_conn *c = store_begin(s, &err);
    if (!c || users_set_password(c, u.id, hash, &err)) {
        if (c) store_rollback(c);
        rc = cli_fail(&err);
        goto out;
    }
    if (store_commit(c, &err))
        rc = cli_fail(&err);
    else
        printf("Đã đổi mật khẩu của %s; các phiên đăng nhập cũ đã bị hủy.\n", u.username);
out:
    arena_free(a);
    store_close(s);
    return rc;
}

/* `user disable|enable USERNAME [--reason R]`: done by motcua itself (journal actor "motcua"). */
static int user_set_active(int argc, char **argv, bool active) {
    const char *reason = cli_opt(&argc, argv, "--reason");
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (argc != 2 || !cli_no_extra(argc, argv, 1)) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    arena *a = arena_create();
    user u;
    int rc = 0;
    if (users_set_active(s, a, argv[1], active, reason, NULL, time_now(), &u, &err))
        rc = cli_fail(&err);
    else if (active)
        printf("Đã mở khóa tài khoản %s.\n", u.username);
    else
        printf("Đã khóa tài khoản %s; các phiên đăng nhập đã bị hủy.\n", u.username);
    arena_free(a);
    store_close(s);
    return rc;
}

static int user_list(int argc, char **argv) {
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    arena *a = arena_create();
    user *v;
    size_t n;
    mc_error err;
    int rc = 0;
    if (users_list(store_reader(s), a, &v, &n, &err)) rc = cli_fail(&err);
    for (size_t i = 0; !rc && i < n; i++)
        printf("%-24s %-28s %-10s %s%s\n", v[i].username, v[i].name, v[i].unit_code ? v[i].unit_code : "-",
               users_roles_string(a, v[i].roles), v[i].active ? "" : " (đã khóa)");
    arena_free(a);
    store_close(s);
    return rc;
}

int cmd_user(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (cli_help(argc, argv, usage)) return 0;
    if (strcmp(argv[1], "add") == 0) return user_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "passwd") == 0) return user_passwd(argc - 1, argv + 1);
    if (strcmp(argv[1], "disable") == 0) return user_set_active(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "enable") == 0) return user_set_active(argc - 1, argv + 1, true);
    if (strcmp(argv[1], "list") == 0) return user_list(argc - 1, argv + 1);
    fprintf(stderr, "Lỗi: lệnh con không hợp lệ \"%s\".\n%s", argv[1], usage);
    return 2;
}
