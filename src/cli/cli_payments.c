/* cli_payments.c - `motcua payments import STATEMENT.csv`: match a bank
 * statement to dossiers' fees (payments.h) and print what became of each line. */
#include <stdio.h>
#include <stdlib.h>

#include "calendar_store.h"
#include "cli.h"
#include "payments.h"
#include "users.h"

static const char usage[] =
    "Cách dùng: motcua payments import SAO_KE.csv --by TÊN_ĐĂNG_NHẬP [--db PATH]\n"
    "Đối soát sao kê ngân hàng (CSV có dòng tiêu đề; cột so_tien và noi_dung, có thể thêm so_tham_chieu, ngay):\n"
    "dòng nào có mã hồ sơ trong nội dung chuyển khoản và đúng số phí thì hồ sơ được xác nhận đã nộp phí;\n"
    "các dòng khác được liệt kê (không có mã, trùng, sai số tiền, hồ sơ không chờ nộp phí).\n"
    "--by là tài khoản thật thực hiện đối soát: nhật ký ghi tên tài khoản này và phạm vi của nó được áp dụng\n"
    "(quản trị viên: mọi hồ sơ; cán bộ một cửa: hồ sơ tiếp nhận tại đơn vị mình; dòng của hồ sơ ngoài phạm vi\n"
    "được báo như dòng không có mã hồ sơ).\n";

int cmd_payments(int argc, char **argv) {
    int rc;
    if (!cli_verb(&argc, &argv, "import", usage, &rc)) return rc;
    const char *by = cli_opt(&argc, argv, "--by");
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    if (!cli_no_extra(argc, argv, 1) || argc < 2) {
        if (argc < 2) fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    if (!by) {
        fputs("Lỗi: hãy cho biết tài khoản thực hiện đối soát: --by TÊN_ĐĂNG_NHẬP.\n", stderr);
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    mc_error err;
    size_t len;
    arena *a = arena_create();
    /* The named account acts, with its own scope (payments.h). */
    user u;
    if (users_get(store_reader(s), a, by, &u, NULL, &err) || !u.active) {
        fprintf(stderr, "Lỗi: không có tài khoản đang hoạt động tên %s (--by).\n", by);
        arena_free(a);
        store_close(s);
        return 1;
    }
    ds_actor who = {u.id, u.username, u.roles, u.unit_id, u.unit_code, u.unit_path};
    char *text = cli_read_file(argv[1], &len, &err);
    calendar *cal = NULL;
    pay_report rep;
    rc = 0;
    if (!text || calendar_load(store_reader(s), &cal, &err) ||
        payments_import(s, cal, a, text, len, &who, time_now(), &rep, &err)) {
        rc = cli_fail(&err);
    } else {
        for (size_t i = 0; i < rep.n; i++) {
            const pay_line *l = &rep.v[i];
            printf("dòng %d\t%s\t%s\t%lld\t%s\n", l->line, pay_outcome_name(l->outcome), l->code ? l->code : "-",
                   (long long)l->amount, l->reason);
        }
        printf("Khớp và đã xác nhận: %d; không khớp: %d; trùng: %d; sai số tiền: %d; không chờ nộp phí: %d.\n",
               rep.count[PAY_MATCHED], rep.count[PAY_UNMATCHED], rep.count[PAY_DUPLICATE], rep.count[PAY_WRONG_AMOUNT],
               rep.count[PAY_NOT_DUE]);
    }
    calendar_free(cal);
    arena_free(a);
    free(text);
    store_close(s);
    return rc;
}
