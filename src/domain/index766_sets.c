/* index766_sets.c - the formula sets of the Decision 766 index, as data.
 *
 * Evidence marks as in the project's measurement notes: [D] an official page or document,
 * [I] a secondary or implementation source, "lựa chọn" a choice motcua made where the official
 * formula is not published or not verified (docs/INDEX766.md says why each choice). A new
 * version is a new set appended below with its effective date; a period is always scored with
 * the set in force on its first day. */
#include <string.h>

#include "index766.h"

static const i766_group groups_2022[] = {
    {"publicity", "Công khai, minh bạch", 18}, {"progress", "Tiến độ, kết quả giải quyết", 20},
    {"digitisation", "Số hóa hồ sơ", 22},      {"online", "Cung cấp dịch vụ trực tuyến", 22},
    {"satisfaction", "Mức độ hài lòng", 18},
};

#define R    I766_RATIO
#define C    I766_COMPLEMENT
#define A    I766_AVERAGE
#define M(x) I766_M_##x
static const i766_indicator indicators_2022[] = {
    /* Công khai, minh bạch: 18 [D]; 1.2 is 4 points [D], the others [I]. */
    {"1.1", "publicity", "TTHC công bố đúng hạn", 6, R, M(PUBLISHED_ON_TIME), 0, M(PROCS), 0,
     "TTHC có quyết định công bố trước ngày hiệu lực của căn cứ pháp lý ít nhất 5 ngày làm việc / TTHC công bố trong "
     "kỳ",
     "[I]"},
    {"1.2", "publicity", "TTHC cập nhật, công khai đúng hạn", 4, R, M(UPDATED_ON_TIME), 0, M(PROCS), 0,
     "TTHC công khai trên CSDL quốc gia trong 5 ngày làm việc từ ngày công bố / TTHC phải công khai trong kỳ", "[D]"},
    {"1.3", "publicity", "TTHC công khai đầy đủ các bộ phận", 2, R, M(PROCS_COMPLETE), 0, M(PROCS), 0,
     "TTHC có đủ các bộ phận danh mục ghi nhận, căn cứ pháp lý không bị đánh dấu cần cập nhật / TTHC thuộc "
     "thẩm quyền (hiện có, không theo kỳ)",
     "[I]; các bộ phận đối chiếu: lựa chọn"},
    {"1.4", "publicity", "Hồ sơ đồng bộ lên Cổng DVCQG", 6, R, M(SYNCED), 0, M(RECEIVED), 0,
     "Hồ sơ tiếp nhận trong kỳ đã đồng bộ / hồ sơ tiếp nhận trong kỳ", "[I]"},
    /* Tiến độ, kết quả giải quyết: 20 [D]. */
    {"2.1", "progress", "Hồ sơ xử lý trước hạn, đúng hạn", 20, R, M(ON_TIME), 0, M(DOSSIERS), 0,
     "(Hồ sơ giải quyết xong trong hạn + hồ sơ đang giải quyết chưa đến hạn) / hồ sơ tiếp nhận hoặc đang giải quyết "
     "trong kỳ; hồ sơ phải bổ sung quá một lần tính là trễ hạn",
     "[I]"},
    {"2.2", "progress", "Thời gian giải quyết trung bình", 0, A, M(DECIDED_SECONDS), 0, M(DECIDED), 0,
     "Tổng thời gian từ tiếp nhận đến khi có quyết định / số hồ sơ đã giải quyết trong kỳ (ngày theo lịch); chỉ theo "
     "dõi, chưa rõ cách tính điểm",
     "[I]"},
    /* Số hóa hồ sơ: 22 [D], split 6/4/2/2/4/2/2 [I]; the mapping of points to items: lựa chọn. */
    {"4.1", "digitisation", "Hồ sơ có kết quả điện tử", 6, R, M(E_RESULT), 0, M(RETURNED), 0,
     "Hồ sơ trả kết quả điện tử / hồ sơ trả kết quả trong kỳ", "[I]; điểm: lựa chọn"},
    {"4.2", "digitisation", "Hồ sơ số hóa thành phần", 4, R, M(DIGITISED), 0, M(RECEIVED), 80,
     "Hồ sơ có thành phần được số hóa (tệp đính kèm) / hồ sơ tiếp nhận trong kỳ; đủ điểm khi đạt 80%",
     "[I]; điểm: lựa chọn"},
    {"4.3", "digitisation", "Tái sử dụng dữ liệu số hóa", 2, R, M(REUSED), 0, M(RECEIVED), 80,
     "Hồ sơ có thành phần tái sử dụng dữ liệu đã số hóa / hồ sơ tiếp nhận trong kỳ; đủ điểm khi đạt 80%",
     "[I]; điểm: lựa chọn"},
    {"4.4", "digitisation", "Kết nối kho dữ liệu cá nhân", 2, R, M(PERSONAL_STORE), 0, M(RECEIVED), 0,
     "Hồ sơ lấy thành phần từ, hoặc đẩy kết quả vào, kho dữ liệu cá nhân trên Cổng DVCQG / hồ sơ tiếp nhận trong kỳ",
     "[I]; điểm: lựa chọn"},
    {"4.5a", "digitisation", "TTHC khai thác dữ liệu dân cư", 4, R, M(POPULATION_PROCS), 0, M(PROCS), 0,
     "TTHC sử dụng VNeID hoặc dữ liệu dân cư / TTHC thuộc thẩm quyền", "[I]; điểm: lựa chọn"},
    {"4.5b", "digitisation", "Hồ sơ khai thác dữ liệu dân cư", 2, R, M(POPULATION), 0, M(RECEIVED), 0,
     "Hồ sơ sử dụng dữ liệu dân cư / hồ sơ tiếp nhận trong kỳ", "[I]; điểm: lựa chọn"},
    {"4.6", "digitisation", "Kết quả điện tử lưu vào kho dữ liệu cá nhân", 2, R, M(PERSONAL_STORE), 0, M(RETURNED), 0,
     "Hồ sơ có kết quả điện tử được lưu vào kho dữ liệu của người dân / hồ sơ trả kết quả trong kỳ",
     "lựa chọn (mục thứ bảy của nhóm chưa xác định)"},
    /* Cung cấp dịch vụ trực tuyến: 22 [D] = DVCTT 12 + thanh toán trực tuyến 10 [I]; the split: lựa chọn. */
    {"3.1", "online", "TTHC có dịch vụ công trực tuyến", 2, R, M(PROCS_ONLINE), 0, M(PROCS), 80,
     "TTHC có DVCTT một phần hoặc toàn trình / TTHC thuộc thẩm quyền; đủ điểm khi đạt 80%", "[I]; điểm: lựa chọn"},
    {"3.2", "online", "DVCTT có phát sinh hồ sơ", 4, R, M(PROCS_ONLINE_USED), 0, M(PROCS_ONLINE), 0,
     "DVCTT có ít nhất một hồ sơ trực tuyến trong kỳ / DVCTT thuộc thẩm quyền", "[I]; điểm: lựa chọn"},
    {"3.3", "online", "Hồ sơ trực tuyến", 6, R, M(ONLINE), 0, M(RECEIVED), 50,
     "Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận trong kỳ (chưa nhân tỷ lệ đồng bộ); đủ điểm khi đạt 50%",
     "[I]; điểm: lựa chọn"},
    {"3.5", "online", "TTHC có phí tích hợp thanh toán trực tuyến", 4, R, M(PROCS_FEE_PAYABLE), 0, M(PROCS_FEE), 80,
     "TTHC có phí, lệ phí nộp được bằng chuyển khoản VietQR / TTHC có phí, lệ phí; đủ điểm khi đạt 80%",
     "[I]; điểm: lựa chọn"},
    {"3.6", "online", "Hồ sơ thanh toán trực tuyến", 6, R, M(PAID_ONLINE), 0, M(FEE), 30,
     "Hồ sơ nộp phí bằng chuyển khoản được đối soát / hồ sơ có phí tiếp nhận trong kỳ; đủ điểm khi đạt 30%",
     "[I]; điểm: lựa chọn"},
    /* Mức độ hài lòng: 18 [D]; 5.4 [D], 5.2 and 5.3 [I]. */
    {"5.2", "satisfaction", "Tiến độ xử lý phản ánh, kiến nghị", 6, R, M(PAKN_ON_TIME), 0, M(PAKN), 0,
     "PAKN xử lý đúng hạn / PAKN trong kỳ", "[I]"},
    {"5.3", "satisfaction", "Hài lòng về xử lý phản ánh, kiến nghị", 6, R, M(PAKN_SATISFIED), 0, M(PAKN), 0,
     "(PAKN − không hài lòng − trễ hạn − phản ánh lại) / PAKN tiếp nhận lần đầu trong kỳ", "[I]"},
    {"5.4", "satisfaction", "Hài lòng về tiếp nhận, giải quyết TTHC", 6, C, M(LATE), M(DISLIKED), M(DOSSIERS), 90,
     "100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ đánh giá không hài lòng trên số hồ sơ); đủ điểm khi đạt 90%; phần phản "
     "ánh, kiến nghị về hồ sơ chưa có",
     "[D]"},
};
#undef R
#undef C
#undef A
#undef M

static const i766_band bands_2022[] = {
    {90, "Xuất sắc", "[I]"},
    {80, "Tốt", "chưa xác định"},
    {70, "Khá", "chưa xác định"},
    {50, "Trung bình", "chưa xác định"},
    {0, "Yếu", "[I]"},
};

static const i766_set sets[] = {
    {"766-2022.1", "2022-08-01",
     "Quyết định 766/QĐ-TTg ngày 23/6/2022 (điểm tối đa của năm nhóm [D]); hệ thống đánh giá của Văn phòng Chính phủ "
     "vận hành từ 01/8/2022 [D]. Công thức từng chỉ tiêu theo nguồn thứ cấp [I]; phân bổ điểm trong nhóm Số hóa và "
     "Dịch vụ trực tuyến là lựa chọn của motcua (docs/INDEX766.md).",
     groups_2022, sizeof groups_2022 / sizeof groups_2022[0], indicators_2022,
     sizeof indicators_2022 / sizeof indicators_2022[0], bands_2022, sizeof bands_2022 / sizeof bands_2022[0]},
};

const i766_set *index766_sets(size_t *n) {
    *n = sizeof sets / sizeof sets[0];
    return sets;
}

const i766_set *index766_set_at(mc_day d) {
    char day[11];
    day_format(d, day);
    const i766_set *best = &sets[0];
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strcmp(sets[i].effective_from, day) <= 0) best = &sets[i];
    return best;
}

/* Every measure: its key for the API, its name, and for what motcua does not record, why. */
static const struct {
    const char *key, *name, *missing;
} measures[I766_M_COUNT] = {
    [I766_M_NONE] = {"none", "", NULL},
    [I766_M_DOSSIERS] = {"dossiers", "Hồ sơ tiếp nhận hoặc đang giải quyết trong kỳ", NULL},
    [I766_M_ON_TIME] = {"on_time", "Hồ sơ trước hạn, đúng hạn hoặc chưa đến hạn", NULL},
    [I766_M_LATE] = {"late", "Hồ sơ trễ hạn", NULL},
    [I766_M_RECEIVED] = {"received", "Hồ sơ tiếp nhận trong kỳ", NULL},
    [I766_M_ONLINE] = {"online", "Hồ sơ nộp trực tuyến", NULL},
    [I766_M_FEE] = {"fee", "Hồ sơ có phí, lệ phí", NULL},
    [I766_M_PAID_ONLINE] = {"paid_online", "Hồ sơ nộp phí bằng chuyển khoản được đối soát", NULL},
    [I766_M_RETURNED] = {"returned", "Hồ sơ đã trả kết quả trong kỳ", NULL},
    [I766_M_E_RESULT] = {"e_result", "Hồ sơ trả kết quả điện tử", NULL},
    [I766_M_DIGITISED] = {"digitised", "Hồ sơ có thành phần số hóa", NULL},
    [I766_M_DECIDED] = {"decided", "Hồ sơ đã giải quyết trong kỳ", NULL},
    [I766_M_DECIDED_SECONDS] = {"decided_seconds", "Tổng thời gian giải quyết (giây)", NULL},
    [I766_M_PROCS] = {"procedures", "TTHC thuộc thẩm quyền", NULL},
    [I766_M_PROCS_COMPLETE] = {"procedures_complete", "TTHC công khai đủ các bộ phận", NULL},
    [I766_M_PROCS_ONLINE] = {"procedures_online", "TTHC có dịch vụ công trực tuyến", NULL},
    [I766_M_PROCS_ONLINE_USED] = {"procedures_online_used", "DVCTT có hồ sơ trực tuyến trong kỳ", NULL},
    [I766_M_PROCS_FEE] = {"procedures_fee", "TTHC có phí, lệ phí", NULL},
    [I766_M_PROCS_FEE_PAYABLE] = {"procedures_fee_payable", "TTHC có phí nộp được bằng VietQR", NULL},
    [I766_M_RATINGS] = {"ratings", "Lượt đánh giá trong kỳ", NULL},
    [I766_M_DISLIKED] = {"disliked", "Lượt đánh giá không hài lòng", NULL},
    [I766_M_SATISFIED] = {"satisfied", "Lượt đánh giá hài lòng, rất hài lòng", NULL},
    [I766_M_PUBLISHED_ON_TIME] = {"published_on_time", "TTHC công bố đúng hạn",
                                  "danh mục chưa ghi ngày hiệu lực của căn cứ pháp lý và ngày công bố"},
    [I766_M_UPDATED_ON_TIME] = {"updated_on_time", "TTHC công khai đúng hạn",
                                "danh mục chưa ghi ngày công khai trên CSDL quốc gia về TTHC"},
    [I766_M_SYNCED] = {"synced", "Hồ sơ đã đồng bộ lên Cổng DVCQG", "chưa có kết nối Cổng DVCQG"},
    [I766_M_REUSED] = {"reused", "Hồ sơ tái sử dụng dữ liệu số hóa", "chưa ghi nhận thành phần tái sử dụng"},
    [I766_M_PERSONAL_STORE] = {"personal_store", "Hồ sơ kết nối kho dữ liệu cá nhân",
                               "chưa có kết nối kho dữ liệu cá nhân trên Cổng DVCQG"},
    [I766_M_POPULATION_PROCS] = {"population_procedures", "TTHC khai thác dữ liệu dân cư",
                                 "chưa có kết nối CSDL quốc gia về dân cư"},
    [I766_M_POPULATION] = {"population", "Hồ sơ khai thác dữ liệu dân cư", "chưa có kết nối CSDL quốc gia về dân cư"},
    /* Feedback (feedback.h, feedback_stats_of): first received = not refused; on time = answered by the
     * deadline; satisfied = answered on time and not disliked ("re-raised" is not tracked: docs/FEEDBACK.md). */
    [I766_M_PAKN] = {"feedback", "Phản ánh, kiến nghị tiếp nhận lần đầu trong kỳ", NULL},
    [I766_M_PAKN_ON_TIME] = {"feedback_on_time", "Phản ánh, kiến nghị xử lý đúng hạn", NULL},
    [I766_M_PAKN_SATISFIED] = {"feedback_satisfied",
                               "Phản ánh, kiến nghị xử lý đúng hạn, không bị đánh giá "
                               "không hài lòng",
                               NULL},
};

const char *index766_measure_name(i766_measure m, bool *recorded, const char **why) {
    if ((int)m < 0 || m >= I766_M_COUNT) m = I766_M_NONE;
    if (recorded) *recorded = measures[m].missing == NULL;
    if (why) *why = measures[m].missing;
    return measures[m].name;
}

const char *index766_measure_key(i766_measure m) {
    if ((int)m < 0 || m >= I766_M_COUNT) m = I766_M_NONE;
    return measures[m].key;
}
