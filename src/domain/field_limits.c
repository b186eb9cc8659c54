/* field_limits.c - the limits on free text (field_limits.h). Edit the table, not the code. */
#include "field_limits.h"

#include <string.h>

#include "text.h"

static const field_limit table[] = {
    /* People: applicants, representatives, accounts. */
    {"name", 200, "họ và tên, tên"},
    {"id_number", 20, "số định danh"},
    {"phone", 20, "số điện thoại"},
    {"email", 254, "thư điện tử"},
    {"address", 500, "địa chỉ"},
    {"username", 254, "tên đăng nhập (hoặc số điện thoại, thư điện tử)"},
    {"password", 256, "mật khẩu"},
    /* What officers and applicants write on a dossier: notes, reasons, listed items (each). */
    {"note", 2000, "ghi chú"},
    {"reason", 2000, "lý do"},
    {"items", 2000, "nội dung liệt kê (mỗi dòng)"},
    /* The applicant's rating of a returned dossier (ratings.h): the comment, and the answer codes. */
    {"comment", 2000, "góp ý"},
    {"overall", 32, "mức độ hài lòng"},
    {"answer", 32, "câu trả lời"},
    /* Codes and choices. */
    {"procedure", 64, "mã thủ tục"},
    {"channel", 16, "kênh nộp"},
    {"outcome", 16, "kết quả kiểm tra hồ sơ"},
    {"receiving_unit", 64, "nơi nộp hồ sơ"},
    {"competent_unit", 64, "cơ quan có thẩm quyền"},
    {"unit", 64, "đơn vị"},
    {"parent", 64, "đơn vị cấp trên"},
    {"code", 64, "mã"},
    {"kind", 32, "loại"},
    {"method", 16, "hình thức trả kết quả"},
    {"key", 16, "mã tra cứu"},
    {"q", 200, "từ khóa tìm kiếm"},
    /* Administration: units, bank accounts, the calendar. */
    {"source", 1000, "nguồn, căn cứ"},
    {"active_from", 10, "ngày bắt đầu hiệu lực"},
    {"active_to", 10, "ngày hết hiệu lực"},
    {"bin", 6, "mã ngân hàng (BIN)"},
    {"bank", 200, "tên ngân hàng"},
    {"account", 19, "số tài khoản"},
    {"hours", 500, "giờ làm việc"},
    {"valid_from", 10, "ngày bắt đầu áp dụng"},
    {"valid_to", 10, "ngày kết thúc áp dụng"},
    {"date", 10, "ngày"},
    /* feedback (phản ánh, kiến nghị) */
    {"title", 500, "tiêu đề"}, /* of a feedback item, an inspection plan */
    {"content", 5000, "nội dung phản ánh, kiến nghị"},
    {"reply", 5000, "nội dung trả lời"},
    {"topic", 16, "phân loại"},
    {"dossier_code", 64, "mã hồ sơ liên quan"},
    {"concerned", 254, "cán bộ được phản ánh"},
    /* CCHC inspections (inspections.h): plans, inspections, findings, remedies. */
    {"decision_no", 64, "số quyết định"},
    {"decision_date", 10, "ngày quyết định"},
    {"lead_unit", 64, "đơn vị chủ trì"},
    {"planned_date", 10, "ngày kiểm tra dự kiến"},
    {"mode", 16, "hình thức kiểm tra"},
    {"area", 32, "lĩnh vực"},
    {"period_from", 10, "ngày đầu kỳ được kiểm tra"},
    {"period_to", 10, "ngày cuối kỳ được kiểm tra"},
    {"inspected_on", 10, "ngày kiểm tra"},
    {"team", 1000, "thành phần đoàn kiểm tra"},
    {"description", 2000, "nội dung phát hiện"},
    {"recommendation", 2000, "kiến nghị khắc phục"},
    {"responsible_unit", 64, "đơn vị chịu trách nhiệm khắc phục"},
    {"due_date", 10, "hạn khắc phục"},
    {"report", 2000, "nội dung báo cáo khắc phục"},
    {"conclusion_no", 64, "số thông báo kết luận"},
    {"conclusion_date", 10, "ngày thông báo kết luận"},
    /* periodic CCHC reports (reports.h) */
    {"place", 100, "địa danh"},
    {"signer_title", 200, "chức vụ người ký"},
    {"signer_name", 200, "họ tên người ký"},
    {"recipients", 1000, "nơi nhận"},
    {"section", 20000, "nội dung mục báo cáo"},
    /* The register of legal normative documents (legal_docs.h): a document, a change of its validity, a review. */
    {"number", 64, "số, ký hiệu văn bản"}, /* a legal document's, a report's */
    {"doc_type", 32, "loại văn bản"},
    {"issuer", 64, "cấp, đơn vị ban hành"},
    {"issuer_name", 300, "cơ quan ban hành"},
    {"signer", 200, "người ký"},
    {"summary", 2000, "trích yếu, tóm tắt"}, /* a legal document's, a news item's */
    {"field", 200, "lĩnh vực"},
    {"issued_on", 10, "ngày ban hành"},
    {"effective_on", 10, "ngày có hiệu lực"},
    {"expires_on", 10, "ngày hết hiệu lực"},
    {"action", 16, "thao tác"},
    {"by", 64, "số, ký hiệu văn bản tác động"},
    {"relation", 16, "quan hệ"},
    {"scope", 8, "phạm vi (toàn bộ, một phần)"},
    {"part", 500, "phần, điều, khoản bị tác động"},
    {"basis", 16, "căn cứ rà soát"},
    {"basis_note", 500, "văn bản, kế hoạch làm căn cứ"},
    {"started_on", 10, "ngày bắt đầu"},
    {"done_on", 10, "ngày hoàn thành"},
    {"result", 32, "kết quả"},
    {"findings", 5000, "nội dung rà soát, kiểm tra"},
    {"proposal", 2000, "kiến nghị xử lý"},
    {"handler", 64, "cơ quan xử lý"},
    {"deadline", 10, "thời hạn xử lý"},
    /* Directives, plans and tasks (tasks.h); reform news (news.h). "title" (a document's, a task's, a news
     * item's), "number", "issued_on", "issuer", "summary", "code", "note", "unit" are rows above. */
    {"lead", 64, "đơn vị chủ trì"},
    {"coop", 64, "đơn vị phối hợp"},
    {"output", 2000, "sản phẩm dự kiến"},
    {"start_on", 10, "ngày bắt đầu"},
    {"due_on", 10, "hạn hoàn thành"},
    {"every", 16, "định kỳ"},
    {"until", 10, "ngày kết thúc theo dõi định kỳ"},
    {"status", 16, "trạng thái"},
    {"text", 5000, "nội dung báo cáo"},
    {"body", 5000, "nội dung tin"},
    {"published_on", 10, "ngày đăng"},
    /* PAR INDEX (parindex.h): rounds, scores, explanations */
    {"level", 16, "cấp đánh giá"},
    {"set", 64, "phiên bản bộ chỉ số"},
    {"council", 64, "đơn vị thẩm định"},
    {"self_due", 10, "hạn tự chấm"},
    {"explain_due", 10, "hạn giải trình"},
    {"criterion", 16, "mã tiêu chí"},
    {"explanation", 2000, "nội dung giải trình"},
};

const field_limit *field_limits(size_t *n) {
    *n = sizeof table / sizeof table[0];
    return table;
}

static const field_limit *find(const char *key) {
    for (size_t i = 0; key && i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].key, key)) return &table[i];
    return NULL;
}

int field_limit_max(const char *key) {
    const field_limit *f = find(key);
    return f ? f->max : FIELD_LIMIT_DEFAULT;
}

mc_err field_limit_check(const char *field, const char *key, const char *value, mc_error *err) {
    if (!value) return MC_OK;
    const field_limit *f = find(key);
    int max = f ? f->max : FIELD_LIMIT_DEFAULT;
    size_t n = text_chars(value);
    if (n <= (size_t)max) return MC_OK;
    return mc_failf(err, MC_ERR_INVALID, field, "Trường \"%s\"%s%s%s dài quá: tối đa %d ký tự, đã nhập %zu ký tự.",
                    "Field \"%s\"%.0s%.0s%.0s is too long: at most %d characters, %zu given.", field, f ? " (" : "",
                    f ? f->words : "", f ? ")" : "", max, n);
}

mc_err field_need_text(const char *v, const char *field, const char *vi, mc_error *err) {
    if (!v || !*v)
        return mc_failf(err, MC_ERR_INVALID, field, "Vui lòng nhập %s.%.0s", "%.0s%s is required.", vi, field);
    return field_limit_check(field, field, v, err);
}

mc_err field_need_day(const char *v, const char *field, const char *vi, mc_day *out, mc_error *err) {
    if (!v || !day_parse(v, out))
        return mc_failf(err, MC_ERR_INVALID, field, "%s phải là một ngày có dạng YYYY-MM-DD.%.0s",
                        "%.0s%s: YYYY-MM-DD.", vi, field);
    return MC_OK;
}
