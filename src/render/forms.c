/* forms.c - the legal forms of the one-stop shop as PDF (forms.h). The table
 * says which forms exist under which rules; each layout reads the context
 * and differs between the two circulars where the forms do. */
#include "forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "qr.h"
#include "text.h"
#include "xalloc.h"

#define R18  "ND61/2018"
#define R25  "ND118/2025"
#define TT18 "Thông tư 01/2018/TT-VPCP"
#define TT25 "Thông tư 03/2025/TT-VPCP"

/* Which forms each circular prescribes (numbering of TT 03/2025 from secondary
 * sources, see ../shared/domain.md §3.2). */
static const form_def table[] = {
    {"receipt", R18, "Mẫu số 01", TT18, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "TN"},
    {"supplement", R18, "Mẫu số 02", TT18, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "PBS"},
    {"refusal", R18, "Mẫu số 03", TT18, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "PTC"},
    {"apology", R18, "Mẫu số 04", TT18, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "PXL"},
    {"control-slip", R18, "Mẫu số 05", TT18, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "PKS"},
    {"receipt", R25, "Mẫu số 01", TT25, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "TTPVHCC"},
    {"supplement", R25, "Mẫu số 02", TT25, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "PBS-TTPVHCC"},
    {"refusal", R25, "Mẫu số 03", TT25, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "PTC-TTPVHCC"},
    {"apology", R25, "Mẫu số 04", TT25, "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "PXL"},
    {"stop", R25, "Mẫu số 05", TT25, "THÔNG BÁO VỀ VIỆC DỪNG GIẢI QUYẾT HỒ SƠ", "TB-TTPVHCC"},
    {"control-slip", R25, "Mẫu số 06", TT25, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "PKS-TTPVHCC"},
};

const form_def *forms_all(int *n) {
    *n = (int)(sizeof table / sizeof table[0]);
    return table;
}

const form_def *forms_find(const char *slug, const char *rules) {
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].slug, slug) && !strcmp(table[i].rules, rules)) return &table[i];
    return NULL;
}

/* ---- small helpers ---------------------------------------------------------------------------- */

static const char *or_dots(const char *s) {
    return s && *s ? s : "……………";
}

/* Vietnamese capitals, appended to b. */
static void upper(buf *b, const char *s) {
    char *u = text_upper(s);
    buf_puts(b, u);
    free(u);
}

/* An instant as the forms write it: "09 giờ 18 phút, ngày 29 tháng 11 năm 2026" (2018 forms) or
 * "09:18 ngày 29/11/2026" (2025 forms), in Vietnam time; dots when unset. */
static void when(buf *b, mc_time t, bool old_style) {
    if (!t) {
        buf_puts(b, or_dots(NULL));
        return;
    }
    int y, m, d, sec = time_local_sec(t);
    day_to_ymd(time_local_day(t), &y, &m, &d);
    if (old_style)
        buf_printf(b, "%02d giờ %02d phút, ngày %02d tháng %02d năm %04d", sec / 3600, sec / 60 % 60, d, m, y);
    else
        buf_printf(b, "%02d:%02d ngày %02d/%02d/%04d", sec / 3600, sec / 60 % 60, d, m, y);
}

/* "HH:MM dd/mm/yyyy" of an instant (in the arena-less buffer s), or NULL when unset. */
static const char *vn_text(mc_time t, char s[17]) {
    if (!t) return NULL;
    time_format_vn(t, s);
    return s;
}

static const char *doc_form_words(const char *form) {
    if (!form) return NULL;
    if (!strcmp(form, "original")) return "bản chính";
    if (!strcmp(form, "copy")) return "bản sao";
    if (!strcmp(form, "shown")) return "xuất trình";
    return NULL;
}

/* ---- common parts ----------------------------------------------------------------------------- */

static float at(pdf_doc *p, float off, float x, float w, const char *t, pdf_style st, float size, pdf_align al) {
    return pdf_text_at(p, off, x, w, t, st, size, al);
}

/* The sequence number of a dossier code ("01273-261205-0007" → "0007"), or NULL. */
static const char *seq_of(const char *code) {
    const char *dash = code ? strrchr(code, '-') : NULL;
    return dash ? dash + 1 : NULL;
}

/* The header every form has: the unit and the document number on the left,
 * the national name and motto on the right, with place and the date of the
 * act; then the form's title and the dossier code. */
static void header(pdf_doc *p, const form_def *f, const form_input *in) {
    float w = pdf_width(p), left = w * 0.44f, right = w - left, x0 = 56;
    buf unit = {0}, no = {0}, date = {0}, c = {0};
    upper(&unit, in->receiving_unit);
    buf_printf(&no, "Số: %s/%s", seq_of(in->code) ? seq_of(in->code) : "……", f->suffix);
    if (in->act_at) {
        int y, m, d;
        day_to_ymd(time_local_day(in->act_at), &y, &m, &d);
        buf_printf(&date, "%s, ngày %02d tháng %02d năm %04d", or_dots(in->place), d, m, y);
    } else {
        buf_printf(&date, "%s, ngày …… tháng …… năm ……", or_dots(in->place));
    }
    float l = 0, r = 0;
    l += at(p, l, x0, left, unit.data, PDF_REGULAR, 11, PDF_CENTER);
    l += at(p, l, x0, left, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", PDF_BOLD, 11, PDF_CENTER) + 4;
    l += at(p, l, x0, left, no.data, PDF_REGULAR, 11, PDF_CENTER);
    r += at(p, r, x0 + left, right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PDF_BOLD, 11, PDF_CENTER);
    r += at(p, r, x0 + left, right, "Độc lập - Tự do - Hạnh phúc", PDF_BOLD, 12, PDF_CENTER) + 4;
    r += at(p, r, x0 + left, right, date.data, PDF_ITALIC, 11, PDF_CENTER);
    pdf_space(p, (l > r ? l : r) + 18);
    pdf_para(p, f->title, PDF_BOLD, 14, PDF_CENTER);
    buf_printf(&c, "Mã hồ sơ: %s", or_dots(in->code));
    pdf_para(p, c.data, PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, 10);
    buf_free(&unit);
    buf_free(&no);
    buf_free(&date);
    buf_free(&c);
}

/* Signature blocks side by side: titles in bold, "(Ký, ghi rõ họ tên)", room to sign, then names. */
static void signatures(pdf_doc *p, const char *const *titles, const char *const *names, int n) {
    if (pdf_room(p) < 110) pdf_new_page(p);
    pdf_space(p, 14);
    float w = pdf_width(p) / (float)n, tallest = 0;
    for (int i = 0; i < n; i++) {
        float x = 56 + w * (float)i, h = 0;
        if (!titles[i] || !*titles[i]) continue;
        h += at(p, h, x, w, titles[i], PDF_BOLD, 11, PDF_CENTER);
        h += at(p, h, x, w, "(Ký, ghi rõ họ tên)", PDF_ITALIC, 10, PDF_CENTER) + 56;
        if (names && names[i]) h += at(p, h, x, w, names[i], PDF_BOLD, 11, PDF_CENTER);
        if (h > tallest) tallest = h;
    }
    pdf_space(p, tallest);
}

static void applicant(pdf_doc *p, const form_input *in, bool with_id) {
    pdf_field(p, "Ông/Bà:", in->applicant.name, 12);
    if (with_id) pdf_field(p, "Số định danh cá nhân/tổ chức:", in->applicant.id_number, 12);
    pdf_field(p, "Địa chỉ:", in->applicant.address, 12);
    pdf_field(p, "Số điện thoại:", in->applicant.phone, 12);
    pdf_field(p, "Thư điện tử:", in->applicant.email, 12);
    if (in->representative) {
        buf b = {0};
        buf_printf(&b, "%s%s%s", in->representative, in->representative_id ? ", số định danh " : "",
                   in->representative_id ? in->representative_id : "");
        pdf_field(p, "Người được ủy quyền:", b.data, 12);
        buf_free(&b);
    }
    pdf_field(p, "Nội dung yêu cầu giải quyết:", in->procedure, 12);
}

/* ---- the forms ------------------------------------------------------------------------------- */

static void receipt(pdf_doc *p, const form_def *f, const form_input *in) {
    bool old = !strcmp(f->rules, R18);
    header(p, f, in);
    buf b = {0};
    if (in->offline_note) pdf_para(p, in->offline_note, PDF_ITALIC, 11, PDF_LEFT);
    buf_printf(&b, "%s tiếp nhận hồ sơ của:", or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, in, !old);
    pdf_para(p, "1. Thành phần hồ sơ nộp gồm:", PDF_REGULAR, 12, PDF_LEFT);
    int k = 0;
    for (size_t i = 0; i < in->ndocs; i++) {
        const form_doc *doc = &in->docs[i];
        if (!doc->provided) continue;
        buf_reset(&b);
        const char *form = doc_form_words(doc->form);
        buf_printf(&b, "   %c) %s%s%s%s", 'a' + (k++ % 26), or_dots(doc->name), form ? " (" : "", form ? form : "",
                   form ? ")" : "");
        pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    }
    if (!k) pdf_para(p, "   (không có)", PDF_ITALIC, 12, PDF_LEFT);
    pdf_para(p, "2. Số lượng hồ sơ: 01 (bộ)", PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_printf(&b, "3. Thời gian giải quyết hồ sơ theo quy định là: %d %s", in->time_amount,
               in->time_in_hours ? "giờ làm việc" : "ngày làm việc");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b, "4. Thời gian nhận hồ sơ: ");
    when(&b, in->received_at, old);
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b, "5. Thời gian trả kết quả giải quyết hồ sơ: ");
    when(&b, in->due_at, old);
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_LEFT);
    buf_reset(&b);
    buf_printf(&b, "6. Đăng ký nhận kết quả tại: %s", or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    /* The book of the year the dossier was received in. */
    int y = 0, m, d;
    if (in->received_at) day_to_ymd(time_local_day(in->received_at), &y, &m, &d);
    buf_reset(&b);
    buf_printf(&b, "Vào Sổ theo dõi hồ sơ, Quyển số: %d, Số thứ tự: %s", y, seq_of(in->code) ? seq_of(in->code) : "……");
    pdf_para(p, b.data, PDF_ITALIC, 11, PDF_LEFT);
    /* The tracking QR code and, when there is a fee, the VietQR code to pay it. */
    const form_vietqr *vq = in->vietqr;
    if (pdf_room(p) < 130) pdf_new_page(p);
    pdf_space(p, 8);
    float y0 = pdf_room(p), tallest = 100; /* the codes are 96 points high; a long caption may be taller */
    int n;
    unsigned char *mod = in->tracking_url ? qr_modules(in->tracking_url, &n) : NULL;
    if (mod) {
        pdf_modules(p, 56, 96, mod, n);
        free(mod);
        buf_reset(&b);
        buf_printf(&b, "Tra cứu hồ sơ: quét mã QR hoặc vào trang Tra cứu hồ sơ với mã hồ sơ %s và mã tra cứu %s.",
                   or_dots(in->code), or_dots(in->tracking_key));
        float h = pdf_text_box(p, 160, vq ? 150 : pdf_width(p) - 104, b.data, PDF_REGULAR, 10, PDF_LEFT, false);
        if (h > tallest) tallest = h;
    }
    if (vq && vq->payload && (mod = qr_modules(vq->payload, &n))) {
        pdf_modules(p, 320, 96, mod, n);
        free(mod);
        buf_reset(&b);
        buf_printf(&b, "Nộp phí, lệ phí %s: quét mã VietQR bằng ứng dụng ngân hàng (%s, tài khoản %s, %s).",
                   or_dots(vq->amount_text), or_dots(vq->bank), or_dots(vq->account), or_dots(vq->name));
        float h = pdf_text_box(p, 424, pdf_width(p) - 368, b.data, PDF_REGULAR, 10, PDF_LEFT, false);
        if (h > tallest) tallest = h;
    }
    pdf_space(p, tallest + 4 - (y0 - pdf_room(p)));
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {in->applicant.name, in->signer};
    signatures(p, titles, names, 2);
}

/* Numbered lines of a request ("1. …\n2. …"), one paragraph each. */
static void items(pdf_doc *p, const char *text) {
    buf b = {0};
    for (const char *s = text ? text : ""; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        buf_reset(&b);
        buf_printf(&b, "   %.*s", (int)n, s);
        pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
        s += n + (nl != NULL);
    }
    buf_free(&b);
}

static void supplement(pdf_doc *p, const form_def *f, const form_input *in) {
    header(p, f, in);
    buf b = {0};
    buf_printf(&b, "%s đã nhận hồ sơ của:", or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, in, strcmp(f->rules, R18) != 0);
    pdf_para(p, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", PDF_REGULAR, 12, PDF_LEFT);
    items(p, in->items);
    if (in->reason) pdf_field(p, "Lý do:", in->reason, 12);
    buf_reset(&b);
    buf_printf(&b,
               "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với %s (cán bộ hướng dẫn) tại %s để "
               "được hướng dẫn.",
               or_dots(in->signer), or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI HƯỚNG DẪN"};
    const char *names[] = {in->applicant.name, in->signer};
    signatures(p, titles, names, 2);
}

static void refusal(pdf_doc *p, const form_def *f, const form_input *in) {
    header(p, f, in);
    buf b = {0};
    buf_printf(&b, "%s tiếp nhận hồ sơ của:", or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, in, strcmp(f->rules, R18) != 0);
    buf_reset(&b);
    buf_printf(&b, "Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
               or_dots(in->receiving_unit));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    items(p, in->items);
    if (in->reason) pdf_field(p, "Lý do:", in->reason, 12);
    pdf_para(p, "Xin thông báo để ông/bà được biết và thực hiện.", PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {in->applicant.name, in->signer};
    signatures(p, titles, names, 2);
}

static void apology(pdf_doc *p, const form_def *f, const form_input *in) {
    bool old = !strcmp(f->rules, R18);
    header(p, f, in);
    buf b = {0};
    buf_printf(&b, "Kính gửi: Ông/Bà %s", or_dots(in->applicant.name));
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, 6);
    buf_reset(&b);
    char day[17];
    const char *rec = vn_text(in->received_at, day);
    buf_printf(&b, "Ngày %s, %s tiếp nhận giải quyết hồ sơ của ông/bà (mã hồ sơ %s) về việc: %s; hẹn trả kết quả: ",
               rec ? rec + 6 : or_dots(NULL), or_dots(in->receiving_unit), or_dots(in->code), or_dots(in->procedure));
    when(&b, in->due_before, old);
    buf_puts(&b, ".");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_printf(&b, "Tuy nhiên đến nay, %s chưa trả kết quả giải quyết hồ sơ của ông/bà. Lý do: %s.",
               or_dots(in->competent_unit), or_dots(in->reason));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b,
             "Sự chậm trễ này đã gây phiền hà cho ông/bà. Chúng tôi xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ "
             "cho ông/bà vào: ");
    when(&b, in->due_after, old);
    buf_puts(&b, ".");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    pdf_para(p, "Xin trân trọng cảm ơn sự hợp tác của ông/bà.", PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"};
    signatures(p, titles, NULL, 2);
}

static void stop(pdf_doc *p, const form_def *f, const form_input *in) {
    header(p, f, in);
    buf b = {0};
    buf_printf(&b, "Kính gửi: Ông/Bà %s", or_dots(in->applicant.name));
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, 6);
    buf_reset(&b);
    /* Asked online by the applicant (journaled in the role "citizen"): the system itself stops the dossier
     * and issues this notice, nobody signs it at the counter (Decree 118/2025 Art. 21(2)). */
    bool online = in->by_applicant;
    char since[17];
    if (online)
        buf_printf(&b,
                   "Theo đề nghị dừng giải quyết ông/bà gửi trực tuyến lúc %s, hệ thống thông báo hồ sơ mã %s về việc: "
                   "%s (nộp tại %s) được dừng giải quyết kể từ thời điểm đó.",
                   or_dots(vn_text(in->act_at, since)), or_dots(in->code), or_dots(in->procedure),
                   or_dots(in->receiving_unit));
    else
        buf_printf(&b, "Theo đề nghị của ông/bà, %s thông báo dừng giải quyết hồ sơ mã %s về việc: %s, kể từ %s.",
                   or_dots(in->receiving_unit), or_dots(in->code), or_dots(in->procedure),
                   or_dots(vn_text(in->act_at, since)));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    if (in->reason) pdf_field(p, "Lý do:", in->reason, 12);
    pdf_para(p,
             online ? "Thông báo này do hệ thống phát hành tự động theo khoản 2 Điều 21 Nghị định 118/2025/NĐ-CP. "
                      "Giấy tờ bản gốc đã nộp (nếu có) được trả lại cho ông/bà tại bộ phận tiếp nhận và trả kết quả."
                    : "Hồ sơ và giấy tờ đã nộp được trả lại cho ông/bà tại bộ phận tiếp nhận và trả kết quả.",
             PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    if (online) return;
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {in->applicant.name, in->signer};
    signatures(p, titles, names, 2);
}

static void control_slip(pdf_doc *p, const form_def *f, const form_input *in) {
    bool old = !strcmp(f->rules, R18);
    header(p, f, in);
    pdf_field(p, "Cơ quan, đơn vị chủ trì giải quyết:", in->competent_unit, 12);
    buf b = {0};
    when(&b, in->received_at, old);
    pdf_field(p, "Thời gian nhận hồ sơ:", b.data, 12);
    buf_reset(&b);
    when(&b, in->due_at, old);
    pdf_field(p, "Thời gian hẹn trả kết quả:", b.data, 12);
    pdf_space(p, 6);
    /* One row per handoff of the file: who gave it, who received it, when, early/on time/late. */
    size_t n = in->nrows;
    const char **cells = xcalloc(n ? n * 4 : 1, sizeof *cells);
    char **owned = xcalloc(n ? n * 2 : 1, sizeof *owned);
    for (size_t i = 0; i < n; i++) {
        const form_row *r = &in->rows[i];
        buf c = {0};
        buf_printf(&c, "%s\n1. Giao: %s\n2. Nhận: %s", or_dots(r->label), or_dots(r->giver), or_dots(r->receiver));
        owned[i * 2] = buf_steal(&c);
        cells[i * 4] = owned[i * 2];
        char t[17];
        owned[i * 2 + 1] = xstrdup(vn_text(r->at, t) ? t : "");
        cells[i * 4 + 1] = owned[i * 2 + 1];
        const char *tm = r->timing;
        cells[i * 4 + 2] = !tm                      ? ""
                           : !strcmp(tm, "early")   ? "Trước hạn"
                           : !strcmp(tm, "on_time") ? "Đúng hạn"
                                                    : "Quá hạn";
        cells[i * 4 + 3] = r->note ? r->note : "";
    }
    float w = pdf_width(p);
    const float widths[] = {w * 0.42f, w * 0.2f, w * 0.16f, w * 0.22f};
    static const char *const head[] = {"TÊN CƠ QUAN, NGƯỜI GIAO, NHẬN", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                                       "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ"};
    pdf_table(p, widths, 4, head, cells, n, 10);
    for (size_t k = 0; k < n * 2; k++) free(owned[k]);
    free(owned);
    free(cells);
    buf_free(&b);
}

typedef void (*layout_fn)(pdf_doc *, const form_def *, const form_input *);

static const struct {
    const char *slug;
    layout_fn fn;
} layouts[] = {{"receipt", receipt}, {"supplement", supplement},    {"refusal", refusal}, {"apology", apology},
               {"stop", stop},       {"control-slip", control_slip}};

mc_err forms_render(const form_def *f, const form_input *in, buf *out, mc_error *err) {
    layout_fn fn = NULL;
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (!strcmp(layouts[i].slug, f->slug)) fn = layouts[i].fn;
    if (!fn) return mc_fail(err, MC_ERR_NOT_FOUND, "form", "Không có mẫu này.", "No such form.");
    buf title = {0};
    buf_printf(&title, "%s – %s", f->title, or_dots(in->code));
    pdf_doc *p = pdf_create(title.data, false, err);
    buf_free(&title);
    if (!p) return err->code;
    /* Dated by the act, so that every reprint is the same file. */
    if (in->act_at) pdf_set_date(p, in->act_at);
    fn(p, f, in);
    /* The form's legal basis in the footer area of the last page. */
    buf foot = {0};
    buf_printf(&foot, "%s ban hành kèm theo %s", f->number, f->circular);
    if (pdf_room(p) < 30) pdf_new_page(p);
    pdf_space(p, 16);
    pdf_para(p, foot.data, PDF_ITALIC, 9, PDF_RIGHT);
    buf_free(&foot);
    mc_err e = pdf_finish(p, out, err);
    pdf_free(p);
    return e;
}

/* ---- the tracking book ------------------------------------------------------------------------ */

mc_err forms_tracking_book(const char *unit_name, mc_day from, mc_day to, const char *rules, const form_book_row *rows,
                           size_t n, buf *out, mc_error *err) {
    bool old = rules && !strcmp(rules, R18);
    pdf_doc *p = pdf_create("SỔ THEO DÕI HỒ SƠ", true, err);
    if (!p) return err->code;
    buf b = {0}, unit = {0};
    upper(&unit, unit_name);
    float w = pdf_width(p), left = w * 0.4f;
    float l = at(p, 0, 56, left, unit.data, PDF_BOLD, 11, PDF_CENTER);
    float r = at(p, 0, 56 + left, w - left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PDF_BOLD, 11, PDF_CENTER);
    r += at(p, r, 56 + left, w - left, "Độc lập - Tự do - Hạnh phúc", PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, (l > r ? l : r) + 14);
    pdf_para(p, "SỔ THEO DÕI HỒ SƠ", PDF_BOLD, 15, PDF_CENTER);
    int fy, fm, fd, ty, tm, td;
    day_to_ymd(from, &fy, &fm, &fd);
    day_to_ymd(to, &ty, &tm, &td);
    buf_printf(&b, "Từ ngày %02d/%02d/%04d đến ngày %02d/%02d/%04d", fd, fm, fy, td, tm, ty);
    pdf_para(p, b.data, PDF_ITALIC, 11, PDF_CENTER);
    pdf_space(p, 8);
    static const char *const head[14] = {"STT",
                                         "Mã hồ sơ",
                                         "Tên thủ tục hành chính",
                                         "Số lượng hồ sơ (bộ)",
                                         "Tên cá nhân, tổ chức",
                                         "Địa chỉ, số điện thoại",
                                         "Cơ quan chủ trì giải quyết",
                                         "Nhận hồ sơ",
                                         "Hẹn trả kết quả",
                                         "Chuyển hồ sơ đến cơ quan giải quyết",
                                         "Nhận kết quả từ cơ quan giải quyết",
                                         "Trả kết quả",
                                         "Ký nhận",
                                         "Ghi chú"};
    const float share[14] = {3, 11, 12, 4, 9, 10, 8, 7, 7, 7, 7, 7, 4, 5};
    float widths[14], sum = 0;
    for (int k = 0; k < 14; k++) sum += share[k];
    for (int k = 0; k < 14; k++) widths[k] = w * share[k] / sum;
    enum { OWN = 7 }; /* strings made per row: number, address, five times */
    const char **cells = xcalloc(n ? n * 14 : 1, sizeof *cells);
    char **owned = xcalloc(n ? n * OWN : 1, sizeof *owned);
    for (size_t i = 0; i < n; i++) {
        const form_book_row *d = &rows[i];
        const char **c = cells + i * 14;
        char **o = owned + i * OWN;
        buf x = {0};
        buf_printf(&x, "%zu", i + 1);
        o[0] = buf_steal(&x);
        buf_printf(&x, "%s%s%s", d->address ? d->address : "", d->address && d->phone ? "; " : "",
                   d->phone ? d->phone : "");
        o[1] = buf_steal(&x);
        when(&x, d->received_at, old);
        o[2] = buf_steal(&x);
        when(&x, d->due_at, old);
        o[3] = buf_steal(&x);
        const mc_time plain[3] = {d->sent_at, d->result_at, d->returned_at};
        for (int k = 0; k < 3; k++) {
            char t[17];
            o[4 + k] = xstrdup(vn_text(plain[k], t) ? t : "");
        }
        c[0] = o[0];
        c[1] = d->code;
        c[2] = d->procedure;
        c[3] = "01";
        c[4] = d->applicant;
        c[5] = o[1];
        c[6] = d->competent_unit;
        c[7] = o[2];
        c[8] = o[3];
        c[9] = o[4];
        c[10] = o[5];
        c[11] = o[6];
        c[12] = "";
        c[13] = d->state;
        buf_free(&x);
    }
    pdf_table(p, widths, 14, head, cells, n, 8);
    if (!n) pdf_para(p, "Không có hồ sơ nào được tiếp nhận trong kỳ.", PDF_ITALIC, 11, PDF_LEFT);
    pdf_space(p, 12);
    buf_reset(&b);
    buf_printf(&b, "%s ban hành kèm theo %s", old ? "Mẫu số 06" : "Mẫu số 07", old ? TT18 : TT25);
    pdf_para(p, b.data, PDF_ITALIC, 9, PDF_RIGHT);
    mc_err e = pdf_finish(p, out, err);
    for (size_t k = 0; k < n * OWN; k++) free(owned[k]);
    free(owned);
    free(cells);
    buf_free(&b);
    buf_free(&unit);
    pdf_free(p);
    return e;
}
