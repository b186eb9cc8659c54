/* cli_outbox.c - `motcua outbox`: send the outbox's messages from a process of their own, and see what
 * waits; the options of the channels, shared with `motcua serve`. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channels.h"
#include "cli.h"
#include "log.h"
#include "outbox.h"

static const char usage[] =
    "Cách dùng: motcua outbox run [--once] [tùy chọn kênh gửi] [--db PATH]\n"
    "  Gửi các tin nhắn đang chờ (thư điện tử, tin nhắn SMS, thông báo trong ứng dụng, Cổng DVCQG).\n"
    "  --once: gửi những tin đã đến hạn rồi thoát; không có: chạy đến khi bị dừng (SIGINT, SIGTERM).\n"
    "  Máy chủ (motcua serve) tự gửi; lệnh này để chạy một tiến trình gửi riêng.\n"
    "       motcua outbox list [--state pending|sent|dead] [--channel KÊNH] [--limit N] [--db PATH]\n"
    "  Liệt kê các tin nhắn, mới nhất trước.\n\n"
    "Tùy chọn kênh gửi (cũng dùng được với motcua serve):\n" CLI_CHANNEL_USAGE;

/* The notification templates' folder: --notify-templates, else $MOTCUA_DATA/notify, else data/notify beside
 * the binary (bin/motcua, build/release/motcua, /usr/bin/motcua → share/motcua/data) or in the working folder;
 * NULL when none exists. The answer lives until the process ends. */
static const char *templates_dir(const char *given) {
    if (given) return given;
    static char found[PATH_MAX];
    const char *data = getenv("MOTCUA_DATA");
    char exe[PATH_MAX] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    const char *tries[] = {"%s/notify", "%s/../data/notify", "%s/../../data/notify", "%s/../share/motcua/data/notify",
                           "data/notify"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        const char *base = i == 0 ? data : exe;
        if (i == 0 && !(data && *data)) continue;
        if (i > 0 && i < 4 && !exe[0]) continue;
        snprintf(found, sizeof found, tries[i], base);
        struct stat sb;
        if (stat(found, &sb) == 0 && S_ISDIR(sb.st_mode)) return found;
    }
    return NULL;
}

bool cli_channel_opts(int *argc, char **argv, net_config *c, outbox_config *oc) {
    bool ok = true;
    memset(c, 0, sizeof *c);
    *oc = outbox_config_default();
    c->public_url = getenv("MOTCUA_PUBLIC_URL");
    const char *v;
    if ((v = cli_opt(argc, argv, "--public-url"))) c->public_url = v;
    c->smtp_url = cli_opt(argc, argv, "--smtp");
    c->smtp_user = cli_opt(argc, argv, "--smtp-user");
    c->smtp_password_file = cli_opt(argc, argv, "--smtp-password-file");
    c->mail_from = cli_opt(argc, argv, "--mail-from");
    c->sms_url = cli_opt(argc, argv, "--sms-gateway");
    c->sms_token_file = cli_opt(argc, argv, "--sms-token-file");
    c->portal_url = cli_opt(argc, argv, "--portal");
    c->portal_key_file = cli_opt(argc, argv, "--portal-key-file");
    c->templates_dir = templates_dir(cli_opt(argc, argv, "--notify-templates"));
    struct {
        const char *name;
        int *to, lo, hi;
    } nums[] = {
        {"--send-timeout", &c->timeout_s, 1, 600},
        {"--outbox-lease", &oc->lease_s, 5, 86400},
        {"--outbox-retry", &oc->retry_base_s, 1, 86400},
        {"--outbox-retry-max", &oc->retry_max_s, 1, 7 * 86400},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (!(v = cli_opt(argc, argv, nums[i].name))) continue;
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < nums[i].lo || n > nums[i].hi) {
            fprintf(stderr, "Lỗi: %s phải là số từ %d đến %d.\n", nums[i].name, nums[i].lo, nums[i].hi);
            ok = false;
        } else
            *nums[i].to = (int)n;
    }
    if ((v = cli_opt(argc, argv, "--outbox-poll-ms"))) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 10 || n > 600000) {
            fprintf(stderr, "Lỗi: --outbox-poll-ms phải là số từ 10 đến 600000.\n");
            ok = false;
        } else
            oc->poll_ms = (unsigned)n;
    }
    if (oc->retry_max_s < oc->retry_base_s) oc->retry_max_s = oc->retry_base_s;
    return ok;
}

static volatile sig_atomic_t stopping;
static void on_stop(int sig) {
    (void)sig;
    stopping = 1;
}

static int run(int argc, char **argv) {
    bool once = cli_flag(&argc, argv, "--once");
    net_config nc;
    outbox_config oc;
    if (!cli_channel_opts(&argc, argv, &nc, &oc)) return 2;
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    mc_error err;
    net_channels *ch = NULL;
    nc.st = s;
    if (net_channels_create(&nc, &ch, &err)) {
        store_close(s);
        return cli_fail(&err);
    }
    size_t n;
    const outbox_transport *ts = net_channels_transports(ch, &n);
    signal(SIGINT, on_stop);
    signal(SIGTERM, on_stop);
    int rc = 0, total = 0;
    while (!stopping) {
        int handled = 0;
        if (outbox_run_once(s, ts, n, &oc, time_now(), &handled, &err)) {
            rc = cli_fail(&err);
            break;
        }
        total += handled;
        if (once && !handled) break;
        if (!handled) usleep(oc.poll_ms * 1000u);
    }
    if (once) printf("Đã xử lý %d tin nhắn.\n", total);
    net_channels_free(ch);
    store_close(s);
    return rc;
}

static int list(int argc, char **argv) {
    const char *state = cli_opt(&argc, argv, "--state"), *channel = cli_opt(&argc, argv, "--channel"),
               *lim = cli_opt(&argc, argv, "--limit");
    int limit = lim ? atoi(lim) : 50;
    if (limit < 1 || limit > 10000) {
        fprintf(stderr, "Lỗi: --limit phải là số từ 1 đến 10000.\n");
        return 2;
    }
    if (state && strcmp(state, "pending") && strcmp(state, "sent") && strcmp(state, "dead")) {
        fprintf(stderr, "Lỗi: --state phải là pending, sent hoặc dead.\n");
        return 2;
    }
    int open_rc;
    store *s = cli_open_exact(&argc, argv, 0, &open_rc);
    if (!s) return open_rc;
    arena *a = arena_create();
    outbox_row *v;
    size_t n;
    mc_error err;
    int rc = 0;
    if (outbox_list(store_reader(s), a, NULL, state, channel, limit, &v, &n, &err))
        rc = cli_fail(&err);
    else
        for (size_t i = 0; i < n; i++) {
            char at[26];
            time_format_iso8601(v[i].created_at, at);
            printf("%lld\t%s\t%s\t%s\t%s\tlần %d\t%s\t%s\n", (long long)v[i].id, v[i].tenant, v[i].channel, v[i].event,
                   v[i].state, v[i].attempts, at, v[i].last_error ? v[i].last_error : "");
        }
    arena_free(a);
    store_close(s);
    return rc;
}

int cmd_outbox(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "run")) return run(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "list")) return list(argc - 1, argv + 1);
    bool help = cli_help(argc, argv, usage);
    if (!help) fputs(usage, stderr);
    return help ? 0 : 2;
}
