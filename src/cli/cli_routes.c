/* cli_routes.c - `motcua routes`: the route table, one "METHOD PATTERN" per line. */
#include <stdio.h>

#include "cli.h"
#include "routes.h"

int cmd_routes(int argc, char **argv) {
    if (cli_help(argc, argv, "Cách dùng: motcua routes\nLiệt kê các địa chỉ API (phương thức và mẫu đường dẫn).\n"))
        return 0;
    cli_opt(&argc, argv, "--db"); /* accepted like everywhere; the table needs no database */
    if (!cli_no_extra(argc, argv, 0)) return 2;
    size_t n;
    const route *t = routes_table(&n);
    for (size_t i = 0; i < n; i++)
        if (!t[i].page) printf("%s %s\n", t[i].method, t[i].pattern);
    return 0;
}
