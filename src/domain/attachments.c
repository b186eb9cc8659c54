/* attachments.c - sweeping stored files no row refers to (attachments.h). */
#include "attachments.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fdio.h"

bool attachments_touch(const char *path) {
    return utimensat(AT_FDCWD, path, NULL, 0) == 0;
}

/* Bytes as "12,5 MB" (MiB, one decimal, rounded up: a quota is never shown as reached when it is not). */
static void mb(char *out, size_t n, int64_t bytes) {
    int64_t tenths = (bytes * 10 + (1 << 20) - 1) >> 20;
    snprintf(out, n, "%lld,%lld MB", (long long)(tenths / 10), (long long)(tenths % 10));
}

mc_err attachments_account_check(store_conn *c, int64_t user_id, int64_t adding, int64_t max_bytes, mc_error *err) {
    if (max_bytes <= 0 || adding <= 0) return MC_OK;
    int64_t used = 0;
    mc_err e = store_scalar_int(c, Q_ACCOUNT_BYTES, SV_ARGS(SV_I(user_id), SV_I(user_id), SV_I(user_id)), &used, err);
    if (e) return e;
    if (used + adding <= max_bytes) return MC_OK;
    char u[32], add[32], q[32];
    mb(u, sizeof u, used);
    mb(add, sizeof add, adding);
    snprintf(q, sizeof q, "%lld MB", (long long)(max_bytes >> 20));
    return mc_failf(err, MC_ERR_TOO_LARGE, "files",
                    "Vượt hạn mức tệp đính kèm của tài khoản (%s): đã dùng %s, tệp vừa gửi %s. Hãy xóa bớt hồ "
                    "sơ đang soạn không dùng đến hoặc gửi tệp nhỏ hơn.",
                    "Account quota of %s exceeded: %s used, %s more sent.", q, u, add, q, u, add);
}

static bool is_hex(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return s[n] == 0;
}

bool attachments_name_ok(const char *sha256, const char *stored) {
    if (!sha256 || !stored || strlen(sha256) != 64 || !is_hex(sha256, 64) || strlen(stored) != 67) return false;
    return !strncmp(stored, sha256, 2) && stored[2] == '/' && !strcmp(stored + 3, sha256);
}

mc_err attachments_put(const char *root, const void *bytes, size_t n, const char *expect, char sha_out[65],
                       mc_error *err) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, bytes, n);
    sodium_bin2hex(sha_out, 65, h, sizeof h);
    if (expect && strcmp(expect, sha_out) != 0)
        return mc_fail(err, MC_ERR_INVALID, "sha256", "Nội dung tệp không khớp mã SHA-256 đã nêu; tệp không được lưu.",
                       "The bytes do not have the SHA-256 named.");
    char dir[4200], dest[4300], tmpdir[4200], tmp[4300];
    snprintf(dir, sizeof dir, "%.4000s/%.2s", root, sha_out);
    snprintf(dest, sizeof dest, "%s/%s", dir, sha_out);
    if (attachments_touch(dest)) return MC_OK;
    snprintf(tmpdir, sizeof tmpdir, "%.4000s/tmp", root);
    snprintf(tmp, sizeof tmp, "%s/put-XXXXXX", tmpdir);
    (void)mkdir(root, 0750);
    (void)mkdir(tmpdir, 0750);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0 && fd_write_all(fd, bytes, n) && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    ok = ok && (mkdir(dir, 0750) == 0 || errno == EEXIST) && rename(tmp, dest) == 0;
    if (!ok) {
        int saved = errno;
        if (fd >= 0) unlink(tmp);
        return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không lưu được tệp đính kèm; chưa có gì được ghi.",
                        "Cannot store the file: %s", strerror(saved), strerror(saved));
    }
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    return MC_OK;
}

static bool referenced(store_conn *c, const char *rel, mc_error *err, bool *failed) {
    int64_t one;
    mc_err e = store_scalar_int(c, Q_FILE_REFERENCED,
                                SV_ARGS(SV_T(rel), SV_T(rel), SV_T(rel), SV_T(rel), SV_T(rel), SV_T(rel)), &one, err);
    if (e && e != MC_ERR_NOT_FOUND) *failed = true;
    return e == MC_OK || e != MC_ERR_NOT_FOUND;
}

/* One file, root/dir/name: moved aside first, so that an upload touching it
 * meanwhile either finds it gone (and stores its bytes again) or has touched
 * it before the move (and the file, seen fresh, is put back). */
static bool sweep_one(store_conn *c, const char *root, const char *dir, const char *name, mc_time now, int64_t min_age,
                      int64_t *bytes, mc_error *err, bool *failed) {
    char path[4400], aside[4420], rel[200];
    snprintf(path, sizeof path, "%.4000s/%.2s/%.64s", root, dir, name);
    snprintf(rel, sizeof rel, "%.2s/%.64s", dir, name);
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || now - sb.st_mtime < min_age) return false;
    if (referenced(c, rel, err, failed)) return false;
    snprintf(aside, sizeof aside, "%s.sweep", path);
    if (rename(path, aside) != 0) return false;
    if (stat(aside, &sb) == 0 && now - sb.st_mtime >= min_age && !referenced(c, rel, err, failed)) {
        unlink(aside);
        *bytes += sb.st_size;
        return true;
    }
    rename(aside, path); /* touched or referenced meanwhile: the same bytes go back */
    return false;
}

mc_err attachments_sweep(store *s, const char *root, mc_time now, int64_t min_age, int *removed, int64_t *bytes,
                         mc_error *err) {
    *removed = 0;
    *bytes = 0;
    DIR *top = opendir(root);
    if (!top) {
        if (errno == ENOENT) return MC_OK; /* nothing stored yet */
        return mc_failf(err, MC_ERR_INTERNAL, NULL, "Không đọc được thư mục tệp %s.", "Cannot read %s.", root, root);
    }
    store_conn *c = store_reader(s);
    bool failed = false;
    struct dirent *de;
    while (!failed && (de = readdir(top))) {
        if (strlen(de->d_name) != 2 || !is_hex(de->d_name, 2)) continue; /* tmp/ and anything else stay */
        char sub[4400];
        snprintf(sub, sizeof sub, "%.4000s/%.2s", root, de->d_name);
        DIR *d = opendir(sub);
        if (!d) continue;
        struct dirent *fe;
        while (!failed && (fe = readdir(d)))
            if (strlen(fe->d_name) == 64 && is_hex(fe->d_name, 64) && !strncmp(fe->d_name, de->d_name, 2))
                *removed += sweep_one(c, root, de->d_name, fe->d_name, now, min_age, bytes, err, &failed);
        closedir(d);
    }
    closedir(top);
    return failed ? MC_ERR_STORE : MC_OK;
}
