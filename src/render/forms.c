/* forms.c - the legal forms of the one-stop shop as PDF (forms.h). The table
 * says which forms exist under which rules; each layout reads the context
 * and differs between the two circulars where the forms do. */
#include "forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pdf.h"
#include "qr.h"

#define R18 "ND61/2018"
#define R25 "ND118/2025"
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

/* ---- reading the context --------------------------------------------------------------------- */

static const char *str(const json_t *o, const char *path) {
    char key[64];
    const json_t *v = o;
    while (v && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        v = json_object_get(v, key);
        path += n + (path[n] == '.');
    }
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *or_dots(const char *s) {
    return s && *s ? s : "……………";
}

/* Vietnamese capitals: "Phường Thục Phán" → "PHƯỜNG THỤC PHÁN". */
static void upper(buf *b, const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
        utf8proc_uint8_t out[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), out);
        buf_append(b, (const char *)out, (size_t)k);
        p += n;
    }
}

/* "09:18 29/11/2026" as the 2018 forms write it: "09 giờ 18 phút, ngày 29 tháng 11 năm 2026". */
static void when(buf *b, const char *text, bool old_style) {
    int hh, mm, d, m, y;
    if (!text || sscanf(text, "%d:%d %d/%d/%d", &hh, &mm, &d, &m, &y) != 5) {
        buf_puts(b, or_dots(text));
        return;
    }
    if (old_style) buf_printf(b, "%02d giờ %02d phút, ngày %02d tháng %02d năm %04d", hh, mm, d, m, y);
    else buf_printf(b, "%02d:%02d ngày %02d/%02d/%04d", hh, mm, d, m, y);
}

static const char *doc_form_words(const char *form) {
    if (!form) return NULL;
    if (!strcmp(form, "original")) return "bản chính";
    if (!strcmp(form, "copy")) return "bản sao";
    if (!strcmp(form, "shown")) return "xuất trình";
    return NULL;
}

/* ---- common parts ----------------------------------------------------------------------------- */

/* Draws a text box `off` points below the cursor without moving it; returns its height. */
static float at(pdf_doc *p, float off, float x, float w, const char *t, pdf_style st, float size, pdf_align al) {
    pdf_space(p, off);
    float h = pdf_text_box(p, x, w, t, st, size, al, false);
    pdf_space(p, -off);
    return h;
}

/* The header every form has: the unit and the document number on the left,
 * the national name and motto on the right, with place and date; then the
 * form's title and the dossier code. */
static void header(pdf_doc *p, const form_def *f, const json_t *ctx) {
    const json_t *d = json_object_get(ctx, "d");
    float w = pdf_width(p), left = w * 0.44f, right = w - left, x0 = 56;
    buf unit = {0}, no = {0}, date = {0}, c = {0};
    upper(&unit, str(d, "receiving_unit.name"));
    const char *code = str(d, "code");
    const char *seq = code ? strrchr(code, '-') : NULL;
    buf_printf(&no, "Số: %s/%s", seq ? seq + 1 : "……", f->suffix);
    const json_t *t = json_object_get(ctx, "today");
    buf_printf(&date, "%s, ngày %02d tháng %02d năm %04d", or_dots(str(ctx, "place")),
               (int)json_integer_value(json_object_get(t, "d")), (int)json_integer_value(json_object_get(t, "m")),
               (int)json_integer_value(json_object_get(t, "y")));
    float l = 0, r = 0;
    l += at(p, l, x0, left, unit.data, PDF_REGULAR, 11, PDF_CENTER);
    l += at(p, l, x0, left, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", PDF_BOLD, 11, PDF_CENTER) + 4;
    l += at(p, l, x0, left, no.data, PDF_REGULAR, 11, PDF_CENTER);
    r += at(p, r, x0 + left, right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PDF_BOLD, 11, PDF_CENTER);
    r += at(p, r, x0 + left, right, "Độc lập - Tự do - Hạnh phúc", PDF_BOLD, 12, PDF_CENTER) + 4;
    r += at(p, r, x0 + left, right, date.data, PDF_ITALIC, 11, PDF_CENTER);
    pdf_space(p, (l > r ? l : r) + 18);
    pdf_para(p, f->title, PDF_BOLD, 14, PDF_CENTER);
    buf_printf(&c, "Mã hồ sơ: %s", or_dots(code));
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

static void applicant(pdf_doc *p, const json_t *d, bool with_id) {
    pdf_field(p, "Ông/Bà:", str(d, "applicant.name"), 12);
    if (with_id) pdf_field(p, "Số định danh cá nhân/tổ chức:", str(d, "applicant.id_number"), 12);
    pdf_field(p, "Địa chỉ:", str(d, "applicant.address"), 12);
    pdf_field(p, "Số điện thoại:", str(d, "applicant.phone"), 12);
    pdf_field(p, "Thư điện tử:", str(d, "applicant.email"), 12);
    const char *rep = str(d, "representative.name");
    if (rep) {
        buf b = {0};
        buf_printf(&b, "%s%s%s", rep, str(d, "representative.id_number") ? ", số định danh " : "",
                   str(d, "representative.id_number") ? str(d, "representative.id_number") : "");
        pdf_field(p, "Người được ủy quyền:", b.data, 12);
        buf_free(&b);
    }
    pdf_field(p, "Nội dung yêu cầu giải quyết:", str(d, "procedure.name"), 12);
}

/* The open or last request of a kind: its numbered items and reason. */
static const json_t *request_of(const json_t *d, const char *kind) {
    const json_t *q, *last = NULL;
    size_t i;
    json_array_foreach(json_object_get(d, "requests"), i, q) if (!strcmp(str(q, "kind") ? str(q, "kind") : "", kind))
        last = q;
    return last;
}

/* ---- the forms ------------------------------------------------------------------------------- */

static mc_err receipt(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    const json_t *d = json_object_get(ctx, "d");
    bool old = !strcmp(f->rules, R18);
    if (!str(d, "received_at.text"))
        return mc_fail(err, MC_ERR_CONFLICT, "form", "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.",
                       "Not received yet.");
    header(p, f, ctx);
    buf b = {0};
    buf_printf(&b, "%s tiếp nhận hồ sơ của:", or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, d, !old);
    pdf_para(p, "1. Thành phần hồ sơ nộp gồm:", PDF_REGULAR, 12, PDF_LEFT);
    const json_t *doc;
    size_t i;
    int k = 0;
    json_array_foreach(json_object_get(d, "documents"), i, doc) {
        if (!json_is_true(json_object_get(doc, "provided"))) continue;
        buf_reset(&b);
        const char *form = doc_form_words(str(doc, "form"));
        buf_printf(&b, "   %c) %s%s%s%s", 'a' + (k++ % 26), str(doc, "name"), form ? " (" : "", form ? form : "",
                   form ? ")" : "");
        pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    }
    if (!k) pdf_para(p, "   (không có)", PDF_ITALIC, 12, PDF_LEFT);
    pdf_para(p, "2. Số lượng hồ sơ: 01 (bộ)", PDF_REGULAR, 12, PDF_LEFT);
    const json_t *pt = json_object_get(d, "processing_time");
    buf_reset(&b);
    buf_printf(&b, "3. Thời gian giải quyết hồ sơ theo quy định là: %lld %s", (long long)json_integer_value(json_object_get(pt, "amount")),
               str(pt, "unit") && !strcmp(str(pt, "unit"), "working_hour") ? "giờ làm việc" : "ngày làm việc");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b, "4. Thời gian nhận hồ sơ: ");
    when(&b, str(d, "received_at.text"), old);
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b, "5. Thời gian trả kết quả giải quyết hồ sơ: ");
    when(&b, str(d, "due_at.text"), old);
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_LEFT);
    buf_reset(&b);
    buf_printf(&b, "6. Đăng ký nhận kết quả tại: %s", or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    const char *code = str(d, "code"), *seq = code ? strrchr(code, '-') : NULL;
    buf_reset(&b);
    buf_printf(&b, "Vào Sổ theo dõi hồ sơ, Quyển số: %d, Số thứ tự: %s",
               (int)json_integer_value(json_object_get(json_object_get(ctx, "today"), "y")), seq ? seq + 1 : "……");
    pdf_para(p, b.data, PDF_ITALIC, 11, PDF_LEFT);
    /* The tracking QR code and, when there is a fee, the VietQR code to pay it. */
    const char *url = str(ctx, "tracking_url");
    const json_t *vq = json_object_get(ctx, "vietqr");
    if (pdf_room(p) < 130) pdf_new_page(p);
    pdf_space(p, 8);
    float y0 = pdf_room(p), tallest = 100; /* the codes are 96 points high; a long caption may be taller */
    int n;
    unsigned char *m = url ? qr_modules(url, &n) : NULL;
    if (m) {
        pdf_modules(p, 56, 96, m, n);
        free(m);
        buf_reset(&b);
        buf_printf(&b, "Tra cứu hồ sơ: quét mã QR hoặc vào trang Tra cứu hồ sơ với mã hồ sơ %s và mã tra cứu %s.",
                   or_dots(code), or_dots(str(d, "tracking_key")));
        float h = pdf_text_box(p, 160, vq ? 150 : pdf_width(p) - 104, b.data, PDF_REGULAR, 10, PDF_LEFT, false);
        if (h > tallest) tallest = h;
    }
    if (vq && (m = qr_modules(str(vq, "payload"), &n))) {
        pdf_modules(p, 320, 96, m, n);
        free(m);
        buf_reset(&b);
        buf_printf(&b, "Nộp phí, lệ phí %s: quét mã VietQR bằng ứng dụng ngân hàng (%s, tài khoản %s, %s).",
                   or_dots(str(vq, "amount_text")), or_dots(str(vq, "bank")), or_dots(str(vq, "account")),
                   or_dots(str(vq, "name")));
        float h = pdf_text_box(p, 424, pdf_width(p) - 368, b.data, PDF_REGULAR, 10, PDF_LEFT, false);
        if (h > tallest) tallest = h;
    }
    pdf_space(p, tallest + 4 - (y0 - pdf_room(p)));
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {str(d, "applicant.name"), str(ctx, "officer")};
    signatures(p, titles, names, 2);
    return MC_OK;
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

static mc_err supplement(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    const json_t *d = json_object_get(ctx, "d"), *q = request_of(d, "supplement");
    if (!q) return mc_fail(err, MC_ERR_CONFLICT, "form", "Hồ sơ chưa có yêu cầu bổ sung nào.", "No supplement request.");
    header(p, f, ctx);
    buf b = {0};
    buf_printf(&b, "%s đã nhận hồ sơ của:", or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, d, strcmp(f->rules, R18) != 0);
    pdf_para(p, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", PDF_REGULAR, 12, PDF_LEFT);
    items(p, str(q, "items"));
    if (str(q, "reason")) pdf_field(p, "Lý do:", str(q, "reason"), 12);
    buf_reset(&b);
    buf_printf(&b,
               "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với %s (cán bộ hướng dẫn) tại %s để "
               "được hướng dẫn.",
               or_dots(str(ctx, "officer")), or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI HƯỚNG DẪN"};
    const char *names[] = {str(d, "applicant.name"), str(ctx, "officer")};
    signatures(p, titles, names, 2);
    return MC_OK;
}

static mc_err refusal(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    const json_t *d = json_object_get(ctx, "d"), *q = request_of(d, "refusal");
    if (!q) return mc_fail(err, MC_ERR_CONFLICT, "form", "Hồ sơ không bị từ chối tiếp nhận.", "Not refused.");
    header(p, f, ctx);
    buf b = {0};
    buf_printf(&b, "%s tiếp nhận hồ sơ của:", or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    applicant(p, d, strcmp(f->rules, R18) != 0);
    buf_reset(&b);
    buf_printf(&b, "Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
               or_dots(str(d, "receiving_unit.name")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    items(p, str(q, "items"));
    if (str(q, "reason")) pdf_field(p, "Lý do:", str(q, "reason"), 12);
    pdf_para(p, "Xin thông báo để ông/bà được biết và thực hiện.", PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {str(d, "applicant.name"), str(ctx, "officer")};
    signatures(p, titles, names, 2);
    return MC_OK;
}

/* The last journal entry with `action`, or NULL. */
static const json_t *last_entry(const json_t *ctx, const char *action) {
    const json_t *e, *last = NULL;
    size_t i;
    json_array_foreach(json_object_get(ctx, "journal"), i, e) if (!strcmp(str(e, "action") ? str(e, "action") : "", action))
        last = e;
    return last;
}

static mc_err apology(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    const json_t *d = json_object_get(ctx, "d"), *ext = last_entry(ctx, "extend");
    if (!ext || !str(d, "original_due_at.text"))
        return mc_fail(err, MC_ERR_CONFLICT, "form", "Hồ sơ chưa được gia hạn nên không có phiếu xin lỗi.", "Never extended.");
    bool old = !strcmp(f->rules, R18);
    header(p, f, ctx);
    buf b = {0};
    buf_printf(&b, "Kính gửi: Ông/Bà %s", or_dots(str(d, "applicant.name")));
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, 6);
    buf_reset(&b);
    buf_printf(&b, "Ngày %s, %s tiếp nhận giải quyết hồ sơ của ông/bà (mã hồ sơ %s) về việc: %s; hẹn trả kết quả: ",
               or_dots(str(d, "received_at.text")), or_dots(str(d, "receiving_unit.name")), or_dots(str(d, "code")),
               or_dots(str(d, "procedure.name")));
    when(&b, str(d, "original_due_at.text"), old);
    buf_puts(&b, ".");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    /* The journal's note reads "Xin lỗi và hẹn lại: … Lý do: <reason>": the reason is what follows. */
    const char *why = str(ext, "note"), *cut = why ? strstr(why, "Lý do: ") : NULL;
    if (cut) why = cut + strlen("Lý do: ");
    buf_reset(&b);
    buf_printf(&b, "Tuy nhiên đến nay, %s chưa trả kết quả giải quyết hồ sơ của ông/bà. Lý do: %s.",
               or_dots(str(d, "competent_unit.name")), or_dots(why));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    buf_reset(&b);
    buf_puts(&b, "Sự chậm trễ này đã gây phiền hà cho ông/bà. Chúng tôi xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ "
                 "cho ông/bà vào: ");
    when(&b, str(d, "due_at.text"), old);
    buf_puts(&b, ".");
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    pdf_para(p, "Xin trân trọng cảm ơn sự hợp tác của ông/bà.", PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    static const char *const titles[] = {"", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"};
    signatures(p, titles, NULL, 2);
    return MC_OK;
}

static mc_err stop(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    const json_t *d = json_object_get(ctx, "d"), *e = last_entry(ctx, "stop");
    if (!e) return mc_fail(err, MC_ERR_CONFLICT, "form", "Hồ sơ không bị dừng giải quyết.", "Not stopped.");
    header(p, f, ctx);
    buf b = {0};
    buf_printf(&b, "Kính gửi: Ông/Bà %s", or_dots(str(d, "applicant.name")));
    pdf_para(p, b.data, PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, 6);
    buf_reset(&b);
    /* Asked online by the applicant (journaled in the role "citizen"): the system itself stops the dossier
     * and issues this notice, nobody signs it at the counter (Decree 118/2025 Art. 21(2)). */
    bool online = str(e, "role") && !strcmp(str(e, "role"), "citizen");
    if (online)
        buf_printf(&b,
                   "Theo đề nghị dừng giải quyết ông/bà gửi trực tuyến lúc %s, hệ thống thông báo hồ sơ mã %s về việc: "
                   "%s (nộp tại %s) được dừng giải quyết kể từ thời điểm đó.",
                   or_dots(str(e, "at.text")), or_dots(str(d, "code")), or_dots(str(d, "procedure.name")),
                   or_dots(str(d, "receiving_unit.name")));
    else
        buf_printf(&b, "Theo đề nghị của ông/bà, %s thông báo dừng giải quyết hồ sơ mã %s về việc: %s, kể từ %s.",
                   or_dots(str(d, "receiving_unit.name")), or_dots(str(d, "code")), or_dots(str(d, "procedure.name")),
                   or_dots(str(e, "at.text")));
    pdf_para(p, b.data, PDF_REGULAR, 12, PDF_LEFT);
    if (str(e, "note")) pdf_field(p, "Lý do:", str(e, "note"), 12);
    pdf_para(p,
             online ? "Thông báo này do hệ thống phát hành tự động theo khoản 2 Điều 21 Nghị định 118/2025/NĐ-CP. "
                      "Giấy tờ bản gốc đã nộp (nếu có) được trả lại cho ông/bà tại bộ phận tiếp nhận và trả kết quả."
                    : "Hồ sơ và giấy tờ đã nộp được trả lại cho ông/bà tại bộ phận tiếp nhận và trả kết quả.",
             PDF_REGULAR, 12, PDF_LEFT);
    buf_free(&b);
    if (online) return MC_OK;
    static const char *const titles[] = {"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"};
    const char *names[] = {str(d, "applicant.name"), str(ctx, "officer")};
    signatures(p, titles, names, 2);
    return MC_OK;
}

static mc_err control_slip(pdf_doc *p, const form_def *f, const json_t *ctx, mc_error *err) {
    (void)err;
    const json_t *d = json_object_get(ctx, "d");
    bool old = !strcmp(f->rules, R18);
    header(p, f, ctx);
    pdf_field(p, "Cơ quan, đơn vị chủ trì giải quyết:", str(d, "competent_unit.name"), 12);
    buf b = {0};
    when(&b, str(d, "received_at.text"), old);
    pdf_field(p, "Thời gian nhận hồ sơ:", b.data, 12);
    buf_reset(&b);
    when(&b, str(d, "due_at.text"), old);
    pdf_field(p, "Thời gian hẹn trả kết quả:", b.data, 12);
    pdf_space(p, 6);
    /* One row per handoff of the file: who gave it, who received it, when, early/on time/late. */
    const json_t *e;
    size_t i, n = 0, cap = json_array_size(json_object_get(ctx, "journal")) + 1;
    const char **cells = calloc(cap * 4, sizeof *cells);
    char **owned = calloc(cap * 4, sizeof *owned);
    const char *giver = str(d, "receiving_unit.name");
    json_array_foreach(json_object_get(ctx, "journal"), i, e) {
        const char *action = str(e, "action");
        if (!action || !strncmp(action, "mark_", 5)) continue;
        buf c = {0};
        const char *to = str(e, "to_unit.name");
        buf_printf(&c, "%s\n1. Giao: %s\n2. Nhận: %s", or_dots(str(e, "label")),
                   or_dots(str(e, "actor_name") ? str(e, "actor_name") : str(e, "actor")), or_dots(to ? to : giver));
        owned[n * 4] = buf_steal(&c);
        cells[n * 4] = owned[n * 4];
        cells[n * 4 + 1] = str(e, "at.text");
        const char *t = str(e, "timing");
        cells[n * 4 + 2] = !t ? "" : !strcmp(t, "early") ? "Trước hạn" : !strcmp(t, "on_time") ? "Đúng hạn" : "Quá hạn";
        cells[n * 4 + 3] = str(e, "note") ? str(e, "note") : "";
        if (to) giver = to;
        n++;
    }
    float w = pdf_width(p);
    const float widths[] = {w * 0.42f, w * 0.2f, w * 0.16f, w * 0.22f};
    static const char *const head[] = {"TÊN CƠ QUAN, NGƯỜI GIAO, NHẬN", "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                                       "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ"};
    pdf_table(p, widths, 4, head, cells, n, 10);
    for (size_t k = 0; k < n; k++) free(owned[k * 4]);
    free(owned);
    free(cells);
    buf_free(&b);
    return MC_OK;
}

typedef mc_err (*layout_fn)(pdf_doc *, const form_def *, const json_t *, mc_error *);

static const struct {
    const char *slug;
    layout_fn fn;
} layouts[] = {{"receipt", receipt}, {"supplement", supplement}, {"refusal", refusal},
               {"apology", apology}, {"stop", stop},             {"control-slip", control_slip}};

mc_err forms_render(const form_def *f, const json_t *ctx, buf *out, mc_error *err) {
    layout_fn fn = NULL;
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (!strcmp(layouts[i].slug, f->slug)) fn = layouts[i].fn;
    if (!fn) return mc_fail(err, MC_ERR_NOT_FOUND, "form", "Không có mẫu này.", "No such form.");
    buf title = {0};
    buf_printf(&title, "%s – %s", f->title, or_dots(str(json_object_get(ctx, "d"), "code")));
    pdf_doc *p = pdf_create(title.data, false, err);
    buf_free(&title);
    if (!p) return err->code;
    mc_err e = fn(p, f, ctx, err);
    if (!e) {
        /* The form's legal basis in the footer area of the last page. */
        buf foot = {0};
        buf_printf(&foot, "%s ban hành kèm theo %s", f->number, f->circular);
        if (pdf_room(p) < 30) pdf_new_page(p);
        pdf_space(p, 16);
        pdf_para(p, foot.data, PDF_ITALIC, 9, PDF_RIGHT);
        buf_free(&foot);
        e = pdf_finish(p, out, err);
    }
    pdf_free(p);
    return e;
}

/* ---- the tracking book ------------------------------------------------------------------------ */

mc_err forms_tracking_book(const json_t *ctx, buf *out, mc_error *err) {
    bool old = str(ctx, "rules") && !strcmp(str(ctx, "rules"), R18);
    pdf_doc *p = pdf_create("SỔ THEO DÕI HỒ SƠ", true, err);
    if (!p) return err->code;
    buf b = {0}, unit = {0};
    upper(&unit, str(ctx, "unit"));
    float w = pdf_width(p), left = w * 0.4f;
    float l = at(p, 0, 56, left, unit.data, PDF_BOLD, 11, PDF_CENTER);
    float r = at(p, 0, 56 + left, w - left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PDF_BOLD, 11, PDF_CENTER);
    r += at(p, r, 56 + left, w - left, "Độc lập - Tự do - Hạnh phúc", PDF_BOLD, 12, PDF_CENTER);
    pdf_space(p, (l > r ? l : r) + 14);
    pdf_para(p, "SỔ THEO DÕI HỒ SƠ", PDF_BOLD, 15, PDF_CENTER);
    buf_printf(&b, "Từ ngày %s đến ngày %s", or_dots(str(ctx, "from")), or_dots(str(ctx, "to")));
    pdf_para(p, b.data, PDF_ITALIC, 11, PDF_CENTER);
    pdf_space(p, 8);
    static const char *const head[14] = {"STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)",
                                         "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết",
                                         "Nhận hồ sơ", "Hẹn trả kết quả", "Chuyển hồ sơ đến cơ quan giải quyết",
                                         "Nhận kết quả từ cơ quan giải quyết", "Trả kết quả", "Ký nhận", "Ghi chú"};
    const float share[14] = {3, 11, 12, 4, 9, 10, 8, 7, 7, 7, 7, 7, 4, 5};
    float widths[14], sum = 0;
    for (int k = 0; k < 14; k++) sum += share[k];
    for (int k = 0; k < 14; k++) widths[k] = w * share[k] / sum;
    const json_t *rows = json_object_get(ctx, "rows"), *d;
    size_t n = json_array_size(rows), i;
    const char **cells = calloc(n ? n * 14 : 1, sizeof *cells);
    char **owned = calloc(n ? n * 4 : 1, sizeof *owned);
    json_array_foreach(rows, i, d) {
        const char **c = cells + i * 14;
        buf x = {0};
        buf_printf(&x, "%zu", i + 1);
        owned[i * 4] = buf_steal(&x);
        c[0] = owned[i * 4];
        c[1] = str(d, "code");
        c[2] = str(d, "procedure.name");
        c[3] = "01";
        c[4] = str(d, "applicant.name");
        buf_printf(&x, "%s%s%s", str(d, "applicant.address") ? str(d, "applicant.address") : "",
                   str(d, "applicant.address") && str(d, "applicant.phone") ? "; " : "",
                   str(d, "applicant.phone") ? str(d, "applicant.phone") : "");
        owned[i * 4 + 1] = buf_steal(&x);
        c[5] = owned[i * 4 + 1];
        c[6] = str(d, "competent_unit.name");
        buf_reset(&x);
        when(&x, str(d, "received_at.text"), old);
        owned[i * 4 + 2] = buf_steal(&x);
        c[7] = owned[i * 4 + 2];
        buf_reset(&x);
        when(&x, str(d, "due_at.text"), old);
        owned[i * 4 + 3] = buf_steal(&x);
        c[8] = owned[i * 4 + 3];
        c[9] = str(d, "sent_at.text");
        c[10] = str(d, "result_at.text");
        c[11] = str(d, "returned_at.text");
        c[12] = "";
        c[13] = str(d, "state.label");
        buf_free(&x);
    }
    pdf_table(p, widths, 14, head, cells, n, 8);
    if (!n) pdf_para(p, "Không có hồ sơ nào được tiếp nhận trong kỳ.", PDF_ITALIC, 11, PDF_LEFT);
    pdf_space(p, 12);
    buf_reset(&b);
    buf_printf(&b, "%s ban hành kèm theo %s", old ? "Mẫu số 06" : "Mẫu số 07", old ? TT18 : TT25);
    pdf_para(p, b.data, PDF_ITALIC, 9, PDF_RIGHT);
    mc_err e = pdf_finish(p, out, err);
    for (size_t k = 0; k < n * 4; k++) free(owned[k]);
    free(owned);
    free(cells);
    buf_free(&b);
    buf_free(&unit);
    pdf_free(p);
    return e;
}
