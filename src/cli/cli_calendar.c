/* cli_calendar.c - `motcua calendar import|export|deadline|holidays`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_store.h"
#include "cli.h"

static const char usage[] =
    "Cách dùng:\n"
    "  motcua calendar import FILE.csv [--db PATH]     nhập ngày nghỉ/làm bù (date,kind,name[,source])\n"
    "  motcua calendar export FILE.csv [--db PATH]     xuất các ngày đã lưu (\"-\" = đầu ra chuẩn)\n"
    "  motcua calendar deadline FROM AMOUNT day|hour [--cutoff HH:MM] [--db PATH]\n"
    "                                                  tính hạn: FROM dạng 2026-03-02T09:00[:00][+07:00]\n"
    "  motcua calendar holidays YEAR [--db PATH]       ngày nghỉ của năm (đã quyết định hoặc đề xuất)\n";

static int do_import(store *s, const char *path) {
    mc_error err;
    int n = 0;
    if (cli_import_calendar(s, path, &n, &err)) return cli_fail(&err);
    printf("Đã nhập %d ngày.\n", n);
    return 0;
}

static int do_export(store *s, const char *path) {
    mc_error err;
    char *csv;
    if (calendar_export_csv(store_reader(s), &csv, &err)) return cli_fail(&err);
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "Lỗi: không ghi được tệp %s.\n", path);
        free(csv);
        return 1;
    }
    fputs(csv, f);
    if (f != stdout) fclose(f);
    free(csv);
    return 0;
}

static int do_deadline(store *s, int argc, char **argv, const char *cutoff) {
    mc_time from;
    if (!time_parse_iso8601(argv[1], &from) || from < time_from_local(day_from_ymd(1900, 1, 1), 0) ||
        from >= time_from_local(day_from_ymd(2180, 1, 1), 0)) {
        fprintf(stderr, "Lỗi: thời điểm không hợp lệ \"%s\" (ví dụ 2026-03-02T09:00:00+07:00, năm 1900–2179).\n",
                argv[1]);
        return 2;
    }
    char *end;
    long amount = strtol(argv[2], &end, 10);
    if (*end || amount < 0 || amount > 3650) {
        fprintf(stderr, "Lỗi: số lượng phải là số nguyên từ 0 đến 3650.\n");
        return 2;
    }
    cal_unit unit;
    if (strcmp(argv[3], "day") == 0)
        unit = CAL_UNIT_DAY;
    else if (strcmp(argv[3], "hour") == 0)
        unit = CAL_UNIT_HOUR;
    else {
        fprintf(stderr, "Lỗi: đơn vị phải là day hoặc hour.\n");
        return 2;
    }
    int cut = -1;
    if (cutoff) {
        int h, m;
        char extra;
        if (strlen(cutoff) != 5 || sscanf(cutoff, "%2d:%2d%c", &h, &m, &extra) != 2 || h > 23 || m > 59 || h < 0 ||
            m < 0) {
            fprintf(stderr, "Lỗi: giờ chốt phải có dạng HH:MM.\n");
            return 2;
        }
        cut = h * 3600 + m * 60;
    }
    (void)argc;
    calendar *cal;
    mc_error err;
    if (calendar_load(store_reader(s), &cal, &err)) return cli_fail(&err);
    mc_time due = calendar_add(cal, from, (int)amount, unit, cut);
    if (due == CAL_NO_TIME) {
        fprintf(stderr, "Lỗi: lịch làm việc không có ngày làm việc nào trong %d ngày.\n", CAL_MAX_CLOSED_RUN);
        calendar_free(cal);
        return 1;
    }
    char iso[26], vn[17];
    time_format_iso8601(due, iso);
    time_format_vn(due, vn);
    printf("%s\t%s\n", iso, vn);
    calendar_free(cal);
    return 0;
}

static int do_holidays(store *s, const char *year_s) {
    char *end;
    long y = strtol(year_s, &end, 10);
    if (*end || y < 1900 || y > 2199) {
        fprintf(stderr, "Lỗi: năm phải trong khoảng 1900–2199.\n");
        return 2;
    }
    calendar *cal;
    mc_error err;
    if (calendar_load(store_reader(s), &cal, &err)) return cli_fail(&err);
    size_t n = calendar_year_exceptions(cal, (int)y, NULL, 0);
    cal_exception *v = calloc(n ? n : 1, sizeof *v);
    n = calendar_year_exceptions(cal, (int)y, v, n);
    for (size_t i = 0; i < n; i++) {
        char d[11];
        day_format(v[i].day, d);
        printf("%s\t%s\t%s\t%s\n", d, v[i].kind == CAL_OFF ? "off" : "workday",
               v[i].status == CAL_DECIDED ? "decided" : "proposed", v[i].name);
    }
    free(v);
    calendar_free(cal);
    return 0;
}

int cmd_calendar(int argc, char **argv) {
    if (cli_help(argc, argv, usage)) return 0;
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *sub = argv[1];
    argc--;
    argv++;
    const char *cutoff = cli_opt(&argc, argv, "--cutoff");
    store *s = cli_open(&argc, argv, false);
    if (!s) return 1;
    int rc = 2;
    bool simple = strcmp(sub, "import") == 0 || strcmp(sub, "export") == 0 || strcmp(sub, "holidays") == 0;
    if (simple && argc == 2 && cli_no_extra(argc, argv, 1)) {
        if (strcmp(sub, "import") == 0)
            rc = do_import(s, argv[1]);
        else if (strcmp(sub, "export") == 0)
            rc = do_export(s, argv[1]);
        else
            rc = do_holidays(s, argv[1]);
    } else if (strcmp(sub, "deadline") == 0 && argc == 4 && cli_no_extra(argc, argv, 3)) {
        rc = do_deadline(s, argc, argv, cutoff);
    } else {
        fputs(usage, stderr);
    }
    store_close(s);
    return rc;
}
