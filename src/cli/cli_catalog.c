/* cli_catalog.c - `motcua catalog import FILE` and `motcua units import FILE`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Cách dùng: motcua catalog import FILE [--db PATH]\n"
    "Nhập danh mục thủ tục hành chính từ tệp JSON (định dạng docs/catalog-format.md).\n"
    "Toàn bộ hoặc không gì: có một bản ghi lỗi thì không bản ghi nào được nhập, và mọi lỗi\n"
    "được liệt kê theo (số thứ tự, trường, lý do). Thủ tục thay đổi được lưu thành phiên bản mới.\n";

int cmd_catalog(int argc, char **argv) {
    int rc;
    if (!cli_verb(&argc, &argv, "import", usage, &rc)) return rc;
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (argc != 2 || !cli_no_extra(argc, argv, 1)) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    rc = cli_import_catalog(s, argv[1], false, &err) ? cli_fail(&err) : 0;
    store_close(s);
    return rc;
}

static const char units_usage[] =
    "Cách dùng: motcua units import FILE [--db PATH]\n"
    "           motcua units list [--db PATH]\n"
    "Nhập cây đơn vị từ tệp JSON {\"format\":\"motcua-units/1\",\"units\":[...]} (đơn vị cha trước đơn vị con).\n";

#include "arena.h"
#include "units.h"

int cmd_units(int argc, char **argv) {
    if (cli_help(argc, argv, units_usage)) return 0;
    if (argc < 2 || (strcmp(argv[1], "import") && strcmp(argv[1], "list"))) {
        fputs(units_usage, stderr);
        return 2;
    }
    bool import = strcmp(argv[1], "import") == 0;
    argc--;
    argv++;
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (argc != (import ? 2 : 1) || !cli_no_extra(argc, argv, import ? 1 : 0)) {
        fputs(units_usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    int rc = 0, n = 0;
    if (import) {
        if (cli_import_units(s, argv[1], &n, &err))
            rc = cli_fail(&err);
        else
            printf("Đã nạp %d đơn vị.\n", n);
    } else {
        arena *a = arena_create();
        org_unit *v;
        size_t k;
        if (units_list(store_reader(s), a, NULL, &v, &k, &err)) rc = cli_fail(&err);
        for (size_t i = 0; !rc && i < k; i++) printf("%-26s %-20s %s\n", v[i].code, v[i].kind, v[i].name);
        arena_free(a);
    }
    store_close(s);
    return rc;
}
