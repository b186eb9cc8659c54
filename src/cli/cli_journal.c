/* cli_journal.c - `motcua journal verify|anchor|keygen`: recompute the journal's hash chains, and
 * sign and check checkpoints of their heads kept outside the database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "journal.h"
#include "journal_anchor.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua journal verify [--db PATH] [--tenant MÃ_TỈNH] [--anchors THƯ_MỤC|TỆP --public TỆP [--public TỆP ...]]\n"
    "  motcua journal anchor --key TỆP_KHÓA_BÍ_MẬT --out THƯ_MỤC [--db PATH]\n"
    "  motcua journal keygen --secret TỆP --public TỆP\n\n"
    "verify: kiểm tra chuỗi băm của nhật ký xử lý hồ sơ; báo bản ghi đầu tiên bị sửa đổi. Với --anchors,\n"
    "  còn đối chiếu từng mốc đã ký (tệp anchors-*.txt): chữ ký đúng khóa công khai, bản ghi tại mốc còn\n"
    "  mang đúng mã băm và chuỗi đủ số bản ghi; phát hiện cả nhật ký bị viết lại và tính lại toàn bộ mã băm.\n"
    "  Với --tenant: chỉ chuỗi của một tỉnh (mã đơn vị gốc, ví dụ 04), trên nền tảng dùng chung nhiều tỉnh.\n"
    "  Mã thoát: 0 nếu nguyên vẹn, 3 nếu phát hiện sửa đổi (nhật ký hoặc dòng mốc), 1 nếu lỗi khác.\n"
    "anchor: ký mốc đầu mọi chuỗi nhật ký, ghi thêm vào THƯ_MỤC/anchors-NĂM-THÁNG-NGÀY.txt (ngày UTC).\n"
    "keygen: tạo cặp khóa Ed25519 ký mốc; tệp bí mật quyền 600, không ghi đè tệp đã có. Giữ khóa bí mật\n"
    "  ngoài cơ sở dữ liệu; chép các tệp mốc sang nơi khác (máy khác, thư, bản in).\n";

/* At most this many --public keys (old keys kept to check old anchors). */
#define MAX_PUBLIC 16
/* Problems with anchor lines printed one by one; the rest are counted. */
#define MAX_PROBLEMS_SHOWN 20

static int anchor(int argc, char **argv) {
    const char *keyfile = cli_opt(&argc, argv, "--key"), *out = cli_opt(&argc, argv, "--out");
    if (!keyfile || !out) {
        fputs(usage, stderr);
        return 2;
    }
    mc_error err;
    journal_key *k = NULL;
    if (journal_key_load(keyfile, &k, &err)) return cli_fail(&err);
    store *s = cli_open(&argc, argv, false);
    int rc = !s ? 1 : !cli_no_extra(argc, argv, 0) ? 2 : 0;
    if (rc) {
        store_close(s);
        journal_key_free(k);
        return rc;
    }
    int n = 0;
    char path[4200];
    if (journal_anchor_write(s, k, out, time(NULL), NULL, &n, path, sizeof path, &err))
        rc = cli_fail(&err);
    else if (n == 0)
        printf("Nhật ký chưa có bản ghi nào: không có mốc để ghi.\n");
    else
        printf("Đã ghi %d mốc (khóa %s) vào %s.\n", n, journal_key_id(k), path);
    journal_key_free(k);
    store_close(s);
    return rc;
}

static void chain_name(const journal_anchor *a, char *out, size_t n) {
    if (a->legacy)
        snprintf(out, n, "chuỗi chung (các bản ghi trước khi nhật ký tách theo tỉnh)");
    else
        snprintf(out, n, "chuỗi %s", a->chain);
}

/* Prints the lines that were not accepted; returns how many. */
static size_t print_problems(const journal_anchor_set *set) {
    for (size_t i = 0; i < set->nbad && i < MAX_PROBLEMS_SHOWN; i++) {
        const journal_anchor_problem *p = &set->bad[i];
        if (p->status == JOURNAL_LINE_MALFORMED)
            printf("Dòng mốc không hợp lệ: %s, dòng %d không đúng định dạng mốc (bị sửa?).\n", p->file, p->line);
        else if (p->status == JOURNAL_LINE_UNKNOWN_KEY)
            printf("Dòng mốc không kiểm tra được: %s, dòng %d ký bằng khóa %s, không phải khóa công khai đã cho.\n",
                   p->file, p->line, p->key_id);
        else
            printf("Dòng mốc bị sửa hoặc giả mạo: %s, dòng %d có chữ ký không hợp lệ (khóa %s).\n", p->file, p->line,
                   p->key_id);
    }
    if (set->nbad > MAX_PROBLEMS_SHOWN) printf("... và %zu dòng mốc hỏng khác.\n", set->nbad - MAX_PROBLEMS_SHOWN);
    return set->nbad;
}

static int verify(int argc, char **argv) {
    const char *anchors = cli_opt(&argc, argv, "--anchors");
    const char *tenant = cli_opt(&argc, argv, "--tenant");
    const char *pubfiles[MAX_PUBLIC + 1];
    size_t npub = 0;
    const char *p;
    while ((p = cli_opt(&argc, argv, "--public")))
        if (npub <= MAX_PUBLIC) pubfiles[npub++] = p;
    if ((anchors != NULL) != (npub > 0) || npub > MAX_PUBLIC) {
        fprintf(stderr, "Lỗi: --anchors cần ít nhất một --public (tối đa %d), và ngược lại.\n", MAX_PUBLIC);
        return 2;
    }
    mc_error err;
    journal_pubkey keys[MAX_PUBLIC];
    for (size_t i = 0; i < npub; i++)
        if (journal_pubkey_load(pubfiles[i], &keys[i], &err)) return cli_fail(&err);
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    journal_anchor_set set = {0};
    int rc = 0;
    int64_t known = 1;
    if (tenant && store_scalar_int(store_reader(s), Q_TENANT_EXISTS, SV_ARGS(SV_T(tenant)), &known, &err)) {
        rc = cli_fail(&err);
    } else if (!known) {
        fprintf(stderr, "Lỗi: không có tỉnh (gốc cây đơn vị) mã \"%s\".\n", tenant);
        rc = 1;
    } else if (anchors) {
        if (journal_anchors_read(anchors, keys, npub, &set, &err)) {
            rc = cli_fail(&err);
        } else if (set.n == 0 && set.nbad == 0) {
            fprintf(stderr, "Lỗi: không có mốc nào trong %s (tệp anchors-*.txt).\n", anchors);
            rc = 1;
        } else if (print_problems(&set)) {
            rc = 3;
        }
    }
    journal_report rep;
    if (rc == 1 || rc == 2) {
        /* nothing more to check */
    } else if (journal_verify_tenant(store_reader(s), tenant, set.anchors, set.n, &rep, &err)) {
        rc = cli_fail(&err);
    } else {
        if (rep.ambiguous)
            printf("Cảnh báo: %lld bản ghi mã hóa cũ có ký tự 0x1f trong nội dung (đầu tiên: số %lld); với cách mã hóa "
                   "cũ, ranh giới các trường của chúng có thể bị dời mà mã băm không đổi.\n",
                   (long long)rep.ambiguous, (long long)rep.first_ambiguous);
        char chain[200], when[32] = "";
        const journal_anchor *a = NULL;
        const journal_anchor_origin *o = NULL;
        if (rep.fault >= JOURNAL_ANCHOR_HASH) {
            a = &set.anchors[rep.anchor];
            o = &set.origin[rep.anchor];
            chain_name(a, chain, sizeof chain);
            struct tm tm;
            gmtime_r(&o->at, &tm);
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
        switch (rep.fault) {
        case JOURNAL_INTACT:
            if (tenant)
                printf("Nhật ký của tỉnh %s nguyên vẹn: %lld bản ghi.\n", tenant, (long long)rep.checked);
            else
                printf("Nhật ký nguyên vẹn: %lld bản ghi.\n", (long long)rep.checked);
            if (anchors) {
                printf("Khớp %lld mốc đã ký (%zu tệp).\n", (long long)rep.anchors_matched, set.nfiles);
                if (rep.uncovered)
                    printf("%lld bản ghi mới hơn mốc cuối của chuỗi mình: chưa có mốc nào bảo vệ.\n",
                           (long long)rep.uncovered);
            }
            break;
        case JOURNAL_BAD_HASH:
        case JOURNAL_WRONG_TENANT:
            printf("Nhật ký bị sửa đổi: bản ghi số %lld không khớp chuỗi băm (đã kiểm tra %lld bản ghi).\n",
                   (long long)rep.first_bad, (long long)rep.checked);
            rc = 3;
            break;
        case JOURNAL_ANCHOR_HASH:
            printf("Nhật ký bị viết lại: bản ghi số %lld của %s mang mã băm khác với mốc đã ký lúc %s (%s, dòng %d).\n",
                   (long long)rep.first_bad, chain, when, o->file, o->line);
            if (rep.last_good)
                printf("Chỗ bị sửa nằm sau bản ghi số %lld (mốc trước đó của chuỗi còn khớp) và không sau bản ghi số "
                       "%lld.\n",
                       (long long)rep.last_good, (long long)rep.first_bad);
            else
                printf("Chỗ bị sửa nằm ở một bản ghi từ đầu chuỗi đến bản ghi số %lld; các mã băm sau đó đã được tính "
                       "lại.\n",
                       (long long)rep.first_bad);
            rc = 3;
            break;
        case JOURNAL_ANCHOR_COUNT:
            printf("Nhật ký bị viết lại: %s có %lld bản ghi tính đến bản ghi số %lld, còn mốc đã ký lúc %s ghi %lld "
                   "(%s, dòng %d).\n",
                   chain, (long long)rep.found_count, (long long)rep.first_bad, when, (long long)a->count, o->file,
                   o->line);
            rc = 3;
            break;
        case JOURNAL_ANCHOR_MISSING:
            printf("Nhật ký bị viết lại: %s không còn bản ghi số %lld mà mốc đã ký lúc %s ghi nhận (%s, dòng %d).\n",
                   chain, (long long)rep.first_bad, when, o->file, o->line);
            rc = 3;
            break;
        }
    }
    if (set.nbad)
        printf("Có %zu dòng mốc không hợp lệ (xem trên): nhật ký chỉ được đối chiếu với các mốc hợp lệ.\n", set.nbad);
    journal_anchor_set_free(&set);
    store_close(s);
    return rc;
}

int cmd_journal(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "keygen") == 0)
        return cli_help(argc, argv, usage)
                   ? 0
                   : cli_keygen(argc - 1, argv + 1, usage, &journal_anchor_keys,
                                "Đã tạo khóa ký mốc %s: khóa bí mật %s (chỉ chủ sở hữu đọc được), khóa công khai %s.\n"
                                "Giữ khóa bí mật ngoài cơ sở dữ liệu và sao lưu riêng; khóa công khai dùng để kiểm tra "
                                "mốc.\n");
    if (argc >= 2 && strcmp(argv[1], "anchor") == 0)
        return cli_help(argc, argv, usage) ? 0 : anchor(argc - 1, argv + 1);
    int rc;
    if (!cli_verb(&argc, &argv, "verify", usage, &rc)) return rc;
    return verify(argc, argv);
}
