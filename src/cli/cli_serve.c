/* cli_serve.c - `motcua serve`: run the HTTP server until SIGINT/SIGTERM. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "auth.h"
#include "attachments.h"
#include "cli.h"
#include "once.h"
#include "dossier.h"
#include "feedback.h"
#include "tasks.h"
#include "journal_anchor.h"
#include "node_auth.h"
#include "node_key.h"
#include "node_pull.h"
#include "node_sync.h"
#include "code_space.h"
#include "fault.h"
#include "hist.h"
#include "log.h"
#include "metrics.h"
#include "netaddr.h"
#include "server.h"
#include "web.h"

const char cli_serve_usage[] =
    "Cách dùng: motcua serve [--db PATH] [--listen HOST:PORT] [tùy chọn]\n"
    "Chạy máy chủ API của hệ thống một cửa.\n\n"
    "  --db PATH            cơ sở dữ liệu (mặc định var/motcua.db, hoặc $MOTCUA_DB)\n"
    "  --listen HOST:PORT   địa chỉ lắng nghe (mặc định 127.0.0.1:8080)\n"
    "  --threads N          số luồng đọc và trả lời yêu cầu (mặc định: số lõi CPU, ít nhất 2)\n"
    "  --write-threads N    số luồng tối đa cho yêu cầu ghi dữ liệu, mở dần khi cần; chúng cùng chờ ghi đĩa\n"
    "                       (mặc định 32)\n"
    "  --write-queue N      số yêu cầu ghi chờ tối đa ngoài các luồng đó; quá thì trả lời 503 (mặc định 1024)\n"
    "  --thread-idle SEC    luồng ghi hoặc việc nặng rảnh quá số giây này thì dừng, trả lại bộ nhớ (mặc định 60)\n"
    "  --max-body BYTES     dữ liệu gửi lên của một lần nhập (danh mục, lịch, sao kê) (mặc định 8388608)\n"
    "  --max-json BYTES     dữ liệu gửi lên khác của người đã đăng nhập (mặc định 1048576)\n"
    "  --max-anon-body BYTES dữ liệu gửi lên khi chưa đăng nhập (mặc định 65536)\n"
    "  --max-conns N        số kết nối đồng thời tối đa (mặc định 512)\n"
    "  --max-conns-per-addr N  số kết nối tối đa từ một địa chỉ (mặc định 64; 0 = không giới hạn)\n"
    "  --head-timeout SEC   thời gian tối đa để gửi xong phần đầu một yêu cầu (mặc định 30)\n"
    "  --idle-timeout SEC   đóng kết nối không gửi, không nhận gì trong chừng ấy giây (mặc định 30)\n"
    "  --body-min-rate BYTES  tốc độ gửi dữ liệu tối thiểu, byte/giây (mặc định 1024)\n"
    "  --body-window SEC    khoảng đo tốc độ gửi dữ liệu (mặc định 20)\n"
    "  --body-budget MB     tổng dữ liệu gửi lên giữ trong bộ nhớ cùng lúc (mặc định 64)\n"
    "  --slow-threads N     số luồng cho việc nặng: băm mật khẩu, PDF, Excel (mặc định: nửa số lõi CPU)\n"
    "  --slow-queue N       số yêu cầu nặng chờ tối đa; quá thì trả lời 503 (mặc định 256)\n"
    "  --session-ttl SEC    thời hạn phiên đăng nhập (mặc định 28800)\n"
    "  --secure-cookies     đánh dấu cookie Secure (khi chạy sau HTTPS)\n"
    "  --trust-proxy LIST   địa chỉ (hoặc mạng) của proxy phía trước, ví dụ 127.0.0.1 hoặc 10.0.0.0/8,::1:\n"
    "                       chỉ với kết nối từ các địa chỉ này mới lấy địa chỉ người dùng từ X-Forwarded-For\n"
    "  --pwhash PROFILE     interactive | moderate | test (chỉ dùng khi kiểm thử)\n"
    "  --quiet              chỉ ghi cảnh báo và lỗi\n"
    "  --web DIR            mẫu trang và tệp tĩnh của cổng (mặc định web, hoặc $MOTCUA_WEB)\n"
    "  --files DIR          thư mục lưu tệp đính kèm (mặc định: thư mục của cơ sở dữ liệu + /files)\n"
    "  --public-url URL     địa chỉ cổng in trên giấy tờ (mã QR tra cứu), ví dụ https://dichvucong.example.vn\n"
    "  --max-file MB        dung lượng tối đa một tệp đính kèm (mặc định 10)\n"
    "  --max-upload MB      dung lượng tối đa một lần tải lên (mặc định 50)\n"
    "  --max-account MB     dung lượng tệp tối đa một tài khoản công dân lưu (mặc định 300)\n"
    "  --scan-interval SEC  chu kỳ đánh dấu hồ sơ quá hạn, sắp đến hạn (mặc định 60; 0 = tắt)\n"
    "  --anchor-key FILE    khóa bí mật ký mốc nhật ký (motcua journal keygen); không có: không lập mốc\n"
    "  --anchor-dir DIR     thư mục ghi mốc nhật ký đã ký (anchors-NĂM-THÁNG-NGÀY.txt)\n"
    "  --anchor-interval SEC chu kỳ lập mốc nhật ký (mặc định 3600)\n"
    "  --node-exchange-key FILE khóa bí mật ký trả lời máy trạm một cửa xã (motcua node exchange-keygen);\n"
    "                       không có: không nhận trao đổi của máy trạm\n"
    "  --node-of URL        (máy trạm xã) địa chỉ hệ thống tỉnh, thay địa chỉ ghi khi motcua node init\n"
    "  --node-key FILE      (máy trạm xã) khóa bí mật của máy trạm (motcua node keygen): đồng bộ với tỉnh\n"
    "  --node-interval SEC  (máy trạm xã) chu kỳ đồng bộ với tỉnh (mặc định 30)\n"
    "  --node-reference-interval SEC (máy trạm xã) chu kỳ đối chiếu danh mục, lịch, cán bộ với tỉnh (mặc định 300)\n"
    "  --node-retry-max SEC (máy trạm xã) chờ lâu nhất giữa các lần thử lại khi mất kết nối (mặc định 300)\n"
    "  --node-skew SEC      độ lệch đồng hồ tối đa chấp nhận ở yêu cầu của máy trạm (mặc định 300)\n"
    "  --fault-point NAME[:N] (chỉ để kiểm thử) dừng tiến trình như bị tắt ngang lần thứ N đến điểm NAME\n"
    "  --clock-file PATH    (chỉ để kiểm thử, tập huấn) đọc giờ hiện tại từ tệp chứa một thời điểm ISO 8601\n"
    "  --metrics-allow LIST địa chỉ (hoặc mạng) được đọc số đo /metrics cho Prometheus (mặc định 127.0.0.1,::1;\n"
    "                       rỗng = không ai); sau proxy là địa chỉ người dùng lấy theo --trust-proxy\n"
    "  --no-outbox          không gửi tin nhắn từ tiến trình này (một tiến trình motcua outbox run gửi)\n"
    "\nGửi tin nhắn (thư, SMS, thông báo, Cổng DVCQG):\n" CLI_CHANNEL_USAGE
    "\nMọi tùy chọn trên cũng đặt được trong tệp cấu hình (--config TỆP, $MOTCUA_CONFIG, hoặc /etc/motcua/motcua.conf\n"
    "nếu có; dòng \"tên = giá trị\", tên không có --) và biến môi trường MOTCUA_TÊN (chữ hoa, - thành _).\n"
    "Thứ tự ưu tiên: dòng lệnh, biến môi trường, tệp cấu hình, mặc định. Xem docs/OPERATIONS.md.\n";

static long num_opt(int *argc, char **argv, const char *name, long dflt, long lo, long hi, bool *ok) {
    const char *v = cli_opt(argc, argv, name);
    if (!v) return dflt;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < lo || n > hi) {
        fprintf(stderr, "Lỗi: %s phải là số từ %ld đến %ld.\n", name, lo, hi);
        *ok = false;
    }
    return n;
}

/* Removes upload spool files a crash left behind (multipart_free never ran). */
static void sweep_spool(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[4608];
    int n = 0;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, "motcua-upload-", 14) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            n += unlink(path) == 0;
        }
    closedir(d);
    if (n) log_warn("removed %d unfinished uploads from %s", n, dir);
}

int cmd_serve(int argc, char **argv) {
    if (cli_help(argc, argv, cli_serve_usage)) return 0;
    http_config cfg = http_config_default();
    bool ok = true;
    const char *listen = cli_opt(&argc, argv, "--listen");
    if (listen) cfg.listen = listen;
    cfg.threads = (unsigned)num_opt(&argc, argv, "--threads", (long)cfg.threads, 1, 256, &ok);
    cfg.write_threads = (unsigned)num_opt(&argc, argv, "--write-threads", (long)cfg.write_threads, 1, 1024, &ok);
    cfg.write_queue = (unsigned)num_opt(&argc, argv, "--write-queue", (long)cfg.write_queue, 0, 100000, &ok);
    cfg.thread_idle_s = (unsigned)num_opt(&argc, argv, "--thread-idle", (long)cfg.thread_idle_s, 1, 86400, &ok);
    cfg.max_body = (size_t)num_opt(&argc, argv, "--max-body", 8L << 20, 1024, 1L << 30, &ok);
    cfg.max_body_json = (size_t)num_opt(&argc, argv, "--max-json", 1L << 20, 1024, 1L << 30, &ok);
    cfg.max_body_anon = (size_t)num_opt(&argc, argv, "--max-anon-body", 64L << 10, 1024, 1L << 30, &ok);
    cfg.max_conns = (unsigned)num_opt(&argc, argv, "--max-conns", 512, 8, 100000, &ok);
    cfg.guard.per_addr = (unsigned)num_opt(&argc, argv, "--max-conns-per-addr", 64, 0, 100000, &ok);
    cfg.guard.head_timeout = (unsigned)num_opt(&argc, argv, "--head-timeout", 30, 1, 3600, &ok);
    cfg.timeout_s = (unsigned)num_opt(&argc, argv, "--idle-timeout", 30, 1, 3600, &ok);
    cfg.guard.body_min_rate = (unsigned)num_opt(&argc, argv, "--body-min-rate", 1024, 0, 1L << 30, &ok);
    cfg.guard.body_window = (unsigned)num_opt(&argc, argv, "--body-window", 20, 1, 3600, &ok);
    cfg.guard.body_budget = (size_t)num_opt(&argc, argv, "--body-budget", 64, 1, 1L << 20, &ok) << 20;
    cfg.slow_threads = (unsigned)num_opt(&argc, argv, "--slow-threads", (long)cfg.slow_threads, 1, 256, &ok);
    cfg.slow_queue = (unsigned)num_opt(&argc, argv, "--slow-queue", 256, 0, 100000, &ok);
    if (ok && cfg.max_conns < cfg.threads) {
        /* libmicrohttpd shares the limit among its threads: each needs at least one. */
        fprintf(stderr, "Lỗi: --max-conns (%u) phải không nhỏ hơn --threads (%u).\n", cfg.max_conns, cfg.threads);
        ok = false;
    }
    long ttl = num_opt(&argc, argv, "--session-ttl", 8 * 3600, 1, 30L * 86400, &ok);
    long scan = num_opt(&argc, argv, "--scan-interval", 60, 0, 86400, &ok);
    long anchor_every = num_opt(&argc, argv, "--anchor-interval", 3600, 1, 7 * 86400, &ok);
    const char *anchor_key = cli_opt(&argc, argv, "--anchor-key"), *anchor_dir = cli_opt(&argc, argv, "--anchor-dir");
    if ((anchor_key != NULL) != (anchor_dir != NULL)) {
        fprintf(stderr, "Lỗi: --anchor-key và --anchor-dir phải đi cùng nhau.\n");
        ok = false;
    }
    long max_file = num_opt(&argc, argv, "--max-file", 10, 1, 1024, &ok);
    long node_skew = num_opt(&argc, argv, "--node-skew", NODE_AUTH_SKEW_DEFAULT, 5, 86400, &ok);
    const char *exchange_key = cli_opt(&argc, argv, "--node-exchange-key");
    const char *node_key = cli_opt(&argc, argv, "--node-key"), *node_of = cli_opt(&argc, argv, "--node-of");
    const char *fault = cli_opt(&argc, argv, "--fault-point");
    if (fault) {
        if (!fault_arm(fault)) {
            fprintf(stderr, "Lỗi: --fault-point: \"%s\" không phải TÊN hoặc TÊN:N.\n", fault);
            ok = false;
        } else
            log_warn("test fault point armed: %s (the process ends there as if killed)", fault);
    }
    node_sync_config sync_cfg = node_sync_config_default();
    sync_cfg.interval_s = (int)num_opt(&argc, argv, "--node-interval", 30, 1, 3600, &ok);
    sync_cfg.retry_max_s = (int)num_opt(&argc, argv, "--node-retry-max", 300, 1, 86400, &ok);
    sync_cfg.reference_every_s = (int)num_opt(&argc, argv, "--node-reference-interval", 300, 1, 86400, &ok);
    long max_upload = num_opt(&argc, argv, "--max-upload", 50, 1, 4096, &ok);
    long max_account = num_opt(&argc, argv, "--max-account", 300, 1, 1L << 20, &ok);
    const char *files = cli_opt(&argc, argv, "--files");
    const char *web = cli_opt(&argc, argv, "--web");
    bool web_asked = web || getenv("MOTCUA_WEB");
    if (!web) web = getenv("MOTCUA_WEB") ? getenv("MOTCUA_WEB") : "web";
    const char *db_path = NULL;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--db") == 0) db_path = argv[i + 1];
    bool secure = cli_flag(&argc, argv, "--secure-cookies");
    net_config channels;
    outbox_config outbox_cfg;
    bool no_outbox = cli_flag(&argc, argv, "--no-outbox");
    if (!cli_channel_opts(&argc, argv, &channels, &outbox_cfg)) ok = false;
    const char *public_url = channels.public_url;
    const char *proxies = cli_opt(&argc, argv, "--trust-proxy");
    char why[512];
    if (proxies && !netaddr_set_parse(proxies, &cfg.proxies, why, sizeof why)) {
        fprintf(stderr, "Lỗi: --trust-proxy: %s.\n", why);
        ok = false;
    }
    const char *metrics_allow = cli_opt(&argc, argv, "--metrics-allow");
    if (metrics_allow && !netaddr_set_parse(metrics_allow, &cfg.metrics_allow, why, sizeof why)) {
        fprintf(stderr, "Lỗi: --metrics-allow: %s.\n", why);
        ok = false;
    }
    if (cli_flag(&argc, argv, "--quiet")) log_set_level(LOG_WARN);
    const char *clock = cli_opt(&argc, argv, "--clock-file");
    if (clock) {
        time_use_clock_file(clock);
        log_warn("test clock: the current time is read from %s", clock);
    }
    if (!ok) return 2;
    /* The anchor key is read before anything starts: a bad key stops the server. */
    mc_error err;
    journal_key *akey = NULL;
    if (anchor_key && journal_key_load(anchor_key, &akey, &err)) return cli_fail(&err);
    if (akey && ((mkdir(anchor_dir, 0750) != 0 && errno != EEXIST) || access(anchor_dir, W_OK) != 0)) {
        fprintf(stderr, "Lỗi: không ghi được vào thư mục mốc nhật ký %s.\n", anchor_dir);
        journal_key_free(akey);
        return 1;
    }
    store *s = cli_open(&argc, argv, false);
    if (!s) {
        journal_key_free(akey);
        return 1;
    }
    if (!cli_no_extra(argc, argv, 0)) {
        store_close(s);
        journal_key_free(akey);
        return 2;
    }
    if (akey)
        log_info("journal anchors: key %s, every %lds, into %s", journal_key_id(akey), anchor_every, anchor_dir);
    else
        log_warn(
            "journal anchors off (no --anchor-key): whoever can write the database can rewrite the journal unseen");
    app a;
    app_init(&a, s);
    a.node_skew = (int)node_skew;
    if (exchange_key) {
        if (keyfile_load_secret(&exchange_key_kind, exchange_key, &a.node_exchange, &err)) {
            app_destroy(&a);
            store_close(s);
            journal_key_free(akey);
            return cli_fail(&err);
        }
        log_info("commune nodes: answers signed by exchange key %s", a.node_exchange->id);
    }
    /* Attachments live beside the database unless told otherwise. */
    char files_buf[4096];
    if (!files) files = cli_files_dir(db_path, files_buf, sizeof files_buf);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/tmp", files);
    /* Its parent too (var/ on a fresh machine whose database is a PostgreSQL server). */
    char parent[4200];
    snprintf(parent, sizeof parent, "%s", files);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        mkdir(parent, 0750);
    }
    if ((mkdir(files, 0750) != 0 && errno != EEXIST) || (mkdir(tmp, 0750) != 0 && errno != EEXIST)) {
        fprintf(stderr, "Lỗi: không tạo được thư mục lưu tệp %s.\n", files);
        app_destroy(&a);
        store_close(s);
        journal_key_free(akey);
        return 1;
    }
    sweep_spool(tmp);
    if (!web_load(&a, web, why, sizeof why)) {
        if (web_asked) {
            fprintf(stderr, "Lỗi: không nạp được giao diện cổng từ %s: %s\n", web, why);
            app_destroy(&a);
            store_close(s);
            journal_key_free(akey);
            return 1;
        }
        log_warn("portal pages off (%s); the API is served", why);
    }
    a.files_dir = files;
    a.max_file = (size_t)max_file << 20;
    a.max_upload = (size_t)max_upload << 20;
    a.max_account = (int64_t)max_account << 20;
    a.policy.session_ttl = (int)ttl;
    a.secure_cookies = secure;
    a.public_url = public_url;
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    http_server *srv;
    if (http_start(&cfg, &a, &srv, &err) != MC_OK) {
        web_unload(&a);
        app_destroy(&a);
        store_close(s);
        journal_key_free(akey);
        return cli_fail(&err);
    }
    /* A commune node: its changes go to the province by an exchange thread (node_sync.h); the province marks
     * deadlines and sends the messages. */
    int node_number = code_space_issuer_here(store_reader(s), &err);
    keyfile_secret *nkey = NULL;
    node_sync *sync = NULL;
    if (node_number <= 0 && (node_of || node_key)) {
        fprintf(stderr, "Lỗi: cơ sở dữ liệu %s không phải của máy trạm xã; hãy tạo bằng motcua node init.\n",
                db_path ? db_path : "var/motcua.db");
        http_stop(srv);
        web_unload(&a);
        app_destroy(&a);
        store_close(s);
        journal_key_free(akey);
        return 2;
    }
    if (node_number > 0) {
        scan = 0;
        a.node_number = node_number;
        sync_cfg.files_dir = a.files_dir;
        node_pull_install_history(); /* a pulled dossier's timeline shows the province's entries too */
        node_client nc;
        if (!node_key)
            log_warn("commune node %d: no --node-key, so nothing is exchanged with the province", node_number);
        else if (keyfile_load_secret(&node_key_kind, node_key, &nkey, &err) ||
                 node_client_from_meta(s, nkey, &nc, &err) ||
                 (node_of && node_client_set_url(&nc, node_of, &err)) ||
                 node_sync_start(&nc, &sync_cfg, &sync, &err))
            log_error("commune node %d: not exchanging with the province: %s", node_number, err.message_en);
        else
            log_info("commune node %d of %s: exchanging with %s every %d s", node_number, nc.tenant, nc.url,
                     sync_cfg.interval_s);
    }
    /* The outbox's messages are sent by a thread of their own: never by a request, never holding the writer. */
    net_channels *chans = NULL;
    outbox_worker *sender = NULL;
    size_t nchan = 0;
    const outbox_transport *trans = NULL;
    if (!no_outbox) {
        channels.st = s; /* the notification template version loaded is recorded there */
        if (net_channels_create(&channels, &chans, &err) == MC_OK) trans = net_channels_transports(chans, &nchan);
        if (!chans || outbox_worker_start(s, trans, nchan, &outbox_cfg, &sender, &err) != MC_OK)
            log_warn("outbox: not sending (%s)", err.message_en);
    }
    log_info("motcua serving http://%s (port %u)", cfg.listen, http_port(srv));
    fflush(stderr);
    time_t last_scan = time(NULL), last_purge = time(NULL), last_sweep = 0, last_anchor = 0;
    unsigned char anchored[32] = {0}; /* the heads last signed: unchanged heads are not signed again */
    for (;;) {
        struct timespec wait = {.tv_sec = scan > 0 && scan < 60 ? scan : 60};
        if (akey && anchor_every < wait.tv_sec) wait.tv_sec = anchor_every;
        int sig = sigtimedwait(&set, NULL, &wait);
        if (sig == SIGINT || sig == SIGTERM) break;
        time_t t = time(NULL);
        if (!store_job_leader(s)) continue; /* another process on the same database runs the jobs */
        if (scan > 0 && t - last_scan >= scan) {
            /* Mark dossiers overdue or due soon (journaled). */
            last_scan = t;
            uint64_t job_t0 = hist_now_ns();
            app_calendar *h = app_calendar_acquire(&a, &err);
            int marked = 0;
            if (h && dossier_scan(s, h->cal, time_now(), &marked, &err) != MC_OK)
                log_warn("scan: %s", err.message_en);
            else if (marked)
                log_info("deadline scan: %d dossiers marked", marked);
            /* And feedback due soon or overdue (escalated to the parent unit). */
            if (h && feedback_scan(s, h->cal, time_now(), &marked, &err) != MC_OK)
                log_warn("feedback scan: %s", err.message_en);
            else if (marked)
                log_info("deadline scan: %d feedback items marked", marked);
            /* And tasks due soon or overdue (shown to the assigning body). */
            if (h && tasks_scan(s, h->cal, time_now(), &marked, &err) != MC_OK)
                log_warn("task scan: %s", err.message_en);
            else if (marked)
                log_info("deadline scan: %d tasks marked", marked);
            app_calendar_release(&a, h);
            metrics_job_run(time_now(), hist_now_ns() - job_t0);
        }
        if (t - last_sweep >= 3600) {
            /* Delete stored files no dossier or draft refers to any more (a day after their last use). */
            last_sweep = t;
            int removed = 0;
            int64_t bytes = 0;
            if (attachments_sweep(s, a.files_dir, time(NULL), ATTACHMENTS_MIN_AGE, &removed, &bytes, &err) != MC_OK)
                log_warn("sweep: %s", err.message_en);
            else if (removed)
                log_info("file sweep: %d unreferenced files deleted (%lld bytes)", removed, (long long)bytes);
        }
        if (akey && t - last_anchor >= anchor_every) {
            /* Sign the chain heads (read through the reader: the writer is never held) and append them. */
            last_anchor = t;
            int n = 0;
            if (journal_anchor_write(s, akey, anchor_dir, time(NULL), anchored, &n, NULL, 0, &err) != MC_OK)
                log_warn("journal anchors: %s", err.message_en);
            else if (n)
                log_info("journal anchors: %d chain heads signed", n);
        }
        if (t - last_purge >= 600) {
            /* Forget expired sessions and old failed logins. */
            last_purge = t;
            if (auth_purge(s, &a.policy, time_now(), &err) != MC_OK) log_warn("purge: %s", err.message_en);
            if (once_purge(s, time_now() - 86400, &err) != MC_OK) log_warn("purge forms: %s", err.message_en);
            int64_t gone = 0;
            if (outbox_purge(s, time_now() - OUTBOX_KEEP_SENT, &gone, &err) != MC_OK)
                log_warn("purge outbox: %s", err.message_en);
            else if (gone)
                log_info("outbox: %lld sent messages older than 30 days deleted", (long long)gone);
        }
    }
    log_info("motcua stopping");
    node_sync_stop(sync);
    keyfile_secret_free(nkey);
    outbox_worker_stop(sender);
    net_channels_free(chans);
    time_use_clock_file(NULL);
    http_stop(srv);
    web_unload(&a);
    app_destroy(&a);
    store_close(s);
    journal_key_free(akey);
    return 0;
}
