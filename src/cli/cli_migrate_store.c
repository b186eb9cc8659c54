/* cli_migrate_store.c - `motcua migrate-store --from FILE.db --to postgresql://…`:
 * a province's SQLite database copied whole into PostgreSQL, then checked
 * (every table's row count, the journal's hash chain). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "journal.h"
#include "store.h"

static const char usage[] =
    "Cách dùng: motcua migrate-store --from TỆP.db --to postgresql://người_dùng@máy:cổng/cơ_sở_dữ_liệu\n"
    "Chép toàn bộ cơ sở dữ liệu SQLite của tỉnh sang PostgreSQL (cơ sở dữ liệu đích phải chưa có hồ sơ),\n"
    "trong một giao dịch; sau đó so số dòng từng bảng và kiểm tra chuỗi băm của nhật ký xử lý hồ sơ.\n"
    "Tệp đính kèm (thư mục files) không nằm trong cơ sở dữ liệu: hãy chép thư mục đó sang máy chủ mới.\n";

int cmd_migrate_store(int argc, char **argv) {
    if (cli_help(argc, argv, usage)) return 0;
    const char *from = cli_opt(&argc, argv, "--from"), *to = cli_opt(&argc, argv, "--to");
    if (!from || !to || !cli_no_extra(argc, argv, 0)) {
        fputs(usage, stderr);
        return 2;
    }
    mc_error err;
    store *src = NULL, *dst = NULL;
    store_options ro = store_options_default();
    ro.migrate = false; /* the source is read as it is */
    int rc = 0;
    if (store_open(from, &ro, &src, &err) || store_open(to, NULL, &dst, &err)) {
        rc = cli_fail(&err);
    } else if (store_schema_version(src) != store_schema_latest()) {
        fprintf(stderr, "Lỗi: tệp nguồn ở lược đồ phiên bản %d; hãy chạy motcua migrate --db %s trước.\n",
                store_schema_version(src), from);
        rc = 1;
    } else {
        int64_t rows = 0, checked = 0, bad = 0;
        if (store_copy(src, dst, &rows, &err) || journal_verify(store_reader(dst), &checked, &bad, &err)) {
            rc = cli_fail(&err);
        } else if (bad) {
            fprintf(stderr, "Lỗi: chuỗi băm nhật ký ở đích sai từ mục %lld.\n", (long long)bad);
            rc = 3;
        } else {
            printf("Đã chép %lld dòng sang %s; số dòng từng bảng khớp; nhật ký %lld mục, chuỗi băm đúng.\n",
                   (long long)rows, store_backend(dst), (long long)checked);
        }
    }
    store_close(src);
    store_close(dst);
    return rc;
}
