/* routes.c - the route table and the router. */
#include "routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_handlers.h"
#include "metrics.h"
#include "web.h"

static mc_err openapi_handler(api_req *r, mc_error *err);

static const route table[] = {
    {"GET", "/", web_home, "web", "Trang chủ cổng dịch vụ công", false, NULL, NULL, 200, false, true, 0},
    {"GET", "/thu-tuc", web_search, "web", "Tìm thủ tục", false, "q,field,page", NULL, 200, false, true, 0},
    {"GET", "/thu-tuc/{code}", web_procedure, "web", "Trang thủ tục", false, NULL, NULL, 200, false, true, 0},
    {"GET", "/tra-cuu", web_track, "web", "Tra cứu hồ sơ", false, "code,key", NULL, 200, false, true, 0},
    {"GET", "/dang-nhap", web_login_form, "web", "Đăng nhập", false, "next", NULL, 200, false, true, 0},
    {"POST", "/dang-nhap", web_login, "web", "Đăng nhập", false, NULL, NULL, 303, false, true, ROUTE_SLOW},
    {"POST", "/dang-xuat", web_logout, "web", "Đăng xuất", false, NULL, NULL, 303, false, true, 0},
    {"GET", "/dang-ky", web_register_form, "web", "Đăng ký tài khoản", false, NULL, NULL, 200, false, true, 0},
    {"POST", "/dang-ky", web_register, "web", "Đăng ký tài khoản", false, NULL, NULL, 303, false, true, ROUTE_SLOW},
    {"GET", "/ho-so-cua-toi", web_my, "web", "Hồ sơ của tôi", false, NULL, NULL, 200, false, true, 0},
    {"GET", "/ho-so-cua-toi/{code}", web_my_dossier, "web", "Hồ sơ của tôi: một hồ sơ", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/ho-so-cua-toi/{code}/bo-sung", web_supplement, "web", "Bổ sung hồ sơ", false, NULL, NULL, 303, true,
     true, 0},
    {"POST", "/ho-so-cua-toi/{code}/dung", web_stop_request, "web", "Đề nghị dừng giải quyết hồ sơ", false, NULL, NULL,
     303, false, true, 0},
    {"GET", "/nop-ho-so/{code}", web_submit_form, "web", "Nộp hồ sơ trực tuyến", false, "nhap", NULL, 200, false, true,
     0},
    {"POST", "/nop-ho-so/{code}", web_submit_save, "web", "Lưu hồ sơ đang soạn", false, NULL, NULL, 303, true, true, 0},
    {"GET", "/ho-so-nhap/{id}", web_draft, "web", "Kiểm tra hồ sơ trước khi nộp", false, NULL, NULL, 200, false, true,
     0},
    {"POST", "/ho-so-nhap/{id}/nop", web_draft_submit, "web", "Nộp hồ sơ", false, NULL, NULL, 303, false, true, 0},
    {"POST", "/ho-so-nhap/{id}/xoa", web_draft_delete, "web", "Xóa hồ sơ đang soạn", false, NULL, NULL, 303, false,
     true, 0},
    {"GET", "/can-bo", web_inbox, "web", "Hồ sơ cần xử lý", false, "class,state,q,page", NULL, 200, false, true, 0},
    {"GET", "/can-bo/ho-so/{code}", web_case, "web", "Hồ sơ (cán bộ)", false, "xong", NULL, 200, false, true, 0},
    {"POST", "/can-bo/ho-so/{code}/{action}", web_case_act, "web", "Thao tác trên hồ sơ", false, NULL, NULL, 303, false,
     true, 0},
    {"GET", "/can-bo/tiep-nhan", web_intake, "web", "Tiếp nhận hồ sơ tại quầy", false, "q,thu_tuc", NULL, 200, false,
     true, 0},
    {"POST", "/can-bo/tiep-nhan", web_intake_save, "web", "Tiếp nhận hồ sơ tại quầy", false, NULL, NULL, 303, false,
     true, 0},
    {"GET", "/quan-tri/may-tram", web_admin_nodes, "web", "Quản trị: máy trạm một cửa xã", false, "thu_hoi", NULL, 200,
     false, true, 0},
    {"POST", "/quan-tri/may-tram/thu-hoi", web_admin_node_take_back, "web", "Thu hồi hồ sơ từ máy trạm xã về tỉnh",
     false, NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/xung-dot-dong-bo", web_node_conflicts, "web", "Xung đột đồng bộ với máy trạm xã", false, "state,xong",
     NULL, 200, false, true, 0},
    {"POST", "/can-bo/xung-dot-dong-bo/{id}/da-xu-ly", web_node_conflict_resolve, "web", "Đánh dấu xung đột đã xử lý",
     false, NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/qua-han", web_late, "web", "Hồ sơ quá hạn", false, "unit", NULL, 200, false, true, 0},
    {"GET", "/can-bo/thong-ke", web_stats, "web", "Thống kê II.06a", false, "unit,from,to,group", NULL, 200, false,
     true, 0},
    {"GET", "/can-bo/chi-so-766", web_index766, "web", "Chỉ số 766 của đơn vị", false, "unit,from,to", NULL, 200, false,
     true, 0},
    {"GET", "/can-bo/chi-so-766/xep-hang", web_index766_ranking, "web", "Xếp hạng chỉ số 766", false,
     "unit,from,to,kind", NULL, 200, false, true, 0},
    {"GET", "/can-bo/chi-so-766/ho-so", web_index766_costs, "web", "Hồ sơ làm mất điểm chỉ số 766", false,
     "unit,from,to,indicator", NULL, 200, false, true, 0},
    {"GET", "/bang-cong-khai", web_board, "web", "Bảng công khai chất lượng phục vụ", false, "unit,month", NULL, 200,
     false, true, 0},
    {"GET", "/quan-tri/don-vi", web_admin_units, "web", "Quản trị đơn vị", false, NULL, NULL, 200, false, true, 0},
    {"POST", "/quan-tri/don-vi", web_admin_unit_add, "web", "Thêm đơn vị", false, NULL, NULL, 303, false, true, 0},
    {"GET", "/quan-tri/nguoi-dung", web_admin_users, "web", "Quản trị người dùng", false, "unit", NULL, 200, false,
     true, 0},
    {"POST", "/quan-tri/nguoi-dung", web_admin_user_add, "web", "Thêm người dùng", false, NULL, NULL, 303, false, true,
     ROUTE_SLOW},
    {"POST", "/quan-tri/nguoi-dung/{username}/khoa", web_admin_user_disable, "web", "Khóa tài khoản", false, NULL, NULL,
     303, false, true, 0},
    {"POST", "/quan-tri/nguoi-dung/{username}/mo-khoa", web_admin_user_enable, "web", "Mở khóa tài khoản", false, NULL,
     NULL, 303, false, true, 0},
    {"GET", "/quan-tri/danh-muc", web_admin_catalog, "web", "Nhập danh mục thủ tục", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/quan-tri/danh-muc", web_admin_catalog_import, "web", "Nhập danh mục thủ tục", false, NULL, NULL, 200,
     true, true, 0},
    {"GET", "/quan-tri/doi-soat", web_admin_payments, "web", "Đối soát phí, lệ phí", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/quan-tri/doi-soat", web_admin_payments_import, "web", "Đối soát sao kê ngân hàng", false, NULL, NULL,
     200, true, true, 0},
    {"GET", "/quan-tri/lich", web_admin_calendar, "web", "Quản trị lịch làm việc", false, "year", NULL, 200, false,
     true, 0},
    {"POST", "/quan-tri/lich/ngay", web_admin_day_put, "web", "Đặt ngày nghỉ, ngày làm bù", false, NULL, NULL, 303,
     false, true, 0},
    {"POST", "/quan-tri/lich/ngay/{date}/xoa", web_admin_day_delete, "web", "Xóa ngày ngoại lệ", false, NULL, NULL, 303,
     false, true, 0},
    {"POST", "/quan-tri/lich/gio", web_admin_schedule_add, "web", "Thêm lịch làm việc theo mùa", false, NULL, NULL, 303,
     false, true, 0},
    {"POST", "/quan-tri/lich/gio/{id}/xoa", web_admin_schedule_delete, "web", "Xóa lịch làm việc theo mùa", false, NULL,
     NULL, 303, false, true, 0},
    {"POST", "/quan-tri/lich/nam/{year}/xac-nhan", web_admin_year_confirm, "web", "Xác nhận lịch nghỉ của năm", false,
     NULL, NULL, 303, false, true, 0},
    {"GET", "/static/{file}", web_static, "web", "Tệp tĩnh (CSS)", false, NULL, NULL, 200, false, true, 0},

    {"GET", "/api/v1", api_index, "system", "Điểm bắt đầu: các đường dẫn chính", false, NULL, NULL, 200, false, false,
     0},
    {"GET", "/api/v1/health", api_health, "system", "Tình trạng hệ thống", false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/openapi.json", openapi_handler, "system", "Tài liệu OpenAPI 3 của API", false, NULL, NULL, 200,
     false, false, 0},

    {"POST", "/api/v1/auth/login", api_auth_login, "auth", "Đăng nhập", false, NULL, "application/json", 200, false,
     false, ROUTE_SLOW},
    {"POST", "/api/v1/auth/logout", api_auth_logout, "auth", "Đăng xuất", false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/auth/me", api_auth_me, "auth", "Thông tin tài khoản đang đăng nhập", true, NULL, NULL, 200, false,
     false, 0},
    {"POST", "/api/v1/auth/register", api_auth_register, "auth", "Công dân đăng ký tài khoản", false, NULL,
     "application/json", 201, false, false, ROUTE_SLOW},

    {"GET", "/api/v1/procedures", api_procedures_search, "catalog",
     "Tìm thủ tục hành chính (không phân biệt hoa thường, dấu, đ/Đ)", false, "q,field,level,unit,online,page,per_page",
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/procedures/{code}", api_procedures_get, "catalog",
     "Chi tiết thủ tục (phiên bản hiện hành hoặc ?version=)", false, "version", NULL, 200, false, false, 0},
    {"GET", "/api/v1/procedures/{code}/versions", api_procedures_versions, "catalog", "Các phiên bản của thủ tục",
     false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/procedures/{code}/templates", api_procedures_templates, "catalog", "Quy trình nội bộ của thủ tục",
     false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/fields", api_fields_list, "catalog", "Danh sách lĩnh vực", false, NULL, NULL, 200, false, false,
     0},
    {"POST", "/api/v1/catalog/import", api_catalog_import, "catalog", "Nhập danh mục thủ tục (toàn bộ hoặc không gì)",
     true, NULL, "application/json", 200, false, false, ROUTE_BIG_BODY},

    {"POST", "/api/v1/dossiers", api_dossiers_create, "dossiers",
     "Tiếp nhận hồ sơ (cán bộ một cửa) hoặc nộp hồ sơ trực tuyến (công dân); multipart: trường dossier (JSON) và "
     "tệp doc_<số thứ tự giấy tờ>",
     true, NULL, "application/json", 201, true, false, 0},
    {"POST", "/api/v1/dossiers/{code}/files", api_dossiers_upload, "dossiers",
     "Đính kèm tệp (multipart: tệp doc_<số thứ tự giấy tờ>); PDF, JPEG, PNG, DOCX, XLSX, ODT", true, NULL,
     "multipart/form-data", 201, true, false, 0},
    {"GET", "/api/v1/dossiers/{code}/files/{id}", api_dossiers_download, "dossiers",
     "Tải tệp đính kèm (inline=1: xem PDF, ảnh trong trình duyệt)", true, "inline", NULL, 200, false, false, 0},
    {"GET", "/api/v1/dossiers", api_dossiers_find, "dossiers",
     "Tìm hồ sơ mọi tình trạng theo mã, tên hoặc số CCCD người nộp (cán bộ; tối đa 50, mới nhất trước)", true, "q",
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/dossiers/{code}", api_dossiers_get, "dossiers", "Chi tiết hồ sơ và các thao tác được phép", true,
     NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/dossiers/{code}/actions/{action}", api_dossiers_act, "dossiers",
     "Thực hiện một thao tác (nhận xử lý, chuyển bước, bổ sung, phê duyệt, trả kết quả...)", true, NULL,
     "application/json", 200, false, false, 0},
    {"GET", "/api/v1/dossiers/{code}/forms/{form}", api_dossiers_form, "dossiers",
     "Giấy tờ theo mẫu của hồ sơ dạng PDF: receipt.pdf, supplement.pdf, refusal.pdf, apology.pdf, stop.pdf, "
     "control-slip.pdf (theo quy định hồ sơ áp dụng)",
     true, NULL, NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/dossiers/{code}/journal", api_dossiers_journal, "dossiers", "Nhật ký xử lý hồ sơ", true, NULL,
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/dossiers/{code}/control-slip", api_dossiers_control_slip, "dossiers",
     "Phiếu kiểm soát quá trình giải quyết hồ sơ", true, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/inbox", api_inbox, "dossiers", "Hồ sơ cần xử lý, theo hạn giải quyết (từng trang)", true,
     "class,state,q,page,per_page", NULL, 200, false, false, 0},
    {"GET", "/api/v1/me/dossiers", api_my_dossiers, "dossiers", "Hồ sơ của tôi: hồ sơ công dân đã nộp trực tuyến", true,
     NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/track/{code}", api_track, "dossiers", "Tra cứu tình trạng hồ sơ (không cần đăng nhập)", false,
     "key", NULL, 200, false, false, 0},

    {"POST", "/api/v1/payments/import", api_payments_import, "payments",
     "Đối soát sao kê ngân hàng (CSV: so_tien, noi_dung[, so_tham_chieu, ngay]): xác nhận phí đã nộp, liệt kê dòng "
     "không khớp, trùng, sai số tiền",
     true, NULL, "text/csv", 200, false, false, ROUTE_BIG_BODY},
    {"GET", "/api/v1/stats/processing", api_stats_processing, "stats",
     "Biểu II.06a: tiếp nhận, giải quyết, đang giải quyết, tạm dừng (gồm đơn vị cấp dưới)", true, "unit,from,to,group",
     NULL, 200, false, false, 0},

    {"GET", "/api/v1/stats/processing.csv", api_stats_processing_csv, "stats",
     "Biểu II.06a dạng CSV (UTF-8, có BOM để Excel đọc đúng dấu)", true, "unit,from,to,group", NULL, 200, false, false,
     0},
    {"GET", "/api/v1/stats/processing.xlsx", api_stats_processing_xlsx, "stats",
     "Biểu II.06a dạng Excel (tiêu đề, nhóm cột, dòng tổng cộng)", true, "unit,from,to,group", NULL, 200, false, false,
     ROUTE_SLOW},
    {"GET", "/api/v1/reports/late", api_reports_late, "stats",
     "Hồ sơ quá hạn của đơn vị (gồm cấp dưới): mã, thủ tục, người nộp, nơi giữ, hẹn trả, số ngày quá hạn, cán bộ giữ",
     true, "unit", NULL, 200, false, false, 0},
    {"GET", "/api/v1/reports/tracking-book.pdf", api_reports_tracking_book, "stats",
     "Sổ theo dõi hồ sơ của đơn vị trong kỳ (PDF khổ ngang; hồ sơ tiếp nhận từ from đến to)", true, "unit,from,to",
     NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/reports/late.csv", api_reports_late_csv, "stats", "Hồ sơ quá hạn dạng CSV", true, "unit", NULL,
     200, false, false, 0},
    {"GET", "/api/v1/reports/late.xlsx", api_reports_late_xlsx, "stats", "Hồ sơ quá hạn dạng Excel", true, "unit", NULL,
     200, false, false, ROUTE_SLOW},
    /* index 766 (issue 14) */
    {"GET", "/api/v1/index766", api_index766, "index766",
     "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) của đơn vị (gồm cấp dưới) trong kỳ: năm nhóm, từng chỉ "
     "tiêu với đầu vào, công thức và điểm",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/index766/ranking", api_index766_ranking, "index766",
     "Xếp hạng chỉ số 766 của các đơn vị cấp dưới (hoặc mọi đơn vị loại kind trong cây)", true, "unit,from,to,kind",
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/index766/ranking.csv", api_index766_ranking_csv, "index766", "Xếp hạng chỉ số 766 dạng CSV", true,
     "unit,from,to,kind", NULL, 200, false, false, 0},
    {"GET", "/api/v1/index766/ranking.xlsx", api_index766_ranking_xlsx, "index766", "Xếp hạng chỉ số 766 dạng Excel",
     true, "unit,from,to,kind", NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/index766/dossiers", api_index766_dossiers, "index766",
     "Các hồ sơ làm đơn vị mất điểm ở một chỉ tiêu (2.1, 3.3, 3.6, 4.1, 4.2, 5.4)", true, "unit,from,to,indicator",
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/public/board", api_public_board, "index766",
     "Bảng công khai (không cần đăng nhập): chỉ số 766, tỷ lệ đúng hạn, mức độ hài lòng của tỉnh theo tháng, xếp hạng "
     "sở, ngành và xã, phường trong tháng",
     false, "unit,month", NULL, 200, false, false, 0},
    {"GET", "/api/v1/index766/sets", api_index766_sets, "index766",
     "Các bộ công thức chỉ số 766 theo thời gian hiệu lực, với nguồn pháp lý và mức độ xác minh", false, NULL, NULL,
     200, false, false, 0},
    {"GET", "/api/v1/units", api_units_list, "units", "Cây đơn vị", false, "root,kind", NULL, 200, false, false, 0},
    {"POST", "/api/v1/units", api_units_create, "units", "Thêm đơn vị", true, NULL, "application/json", 201, false,
     false, 0},
    {"GET", "/api/v1/units/{code}", api_units_get, "units", "Chi tiết đơn vị", false, NULL, NULL, 200, false, false, 0},

    {"GET", "/api/v1/units/{code}/connectivity", api_units_connectivity, "units",
     "Bộ phận một cửa của đơn vị (máy trạm xã) có đang kết nối với hệ thống tỉnh không", false, NULL, NULL, 200, false,
     false, 0},
    {"GET", "/api/v1/units/{code}/bank-account", api_units_account_get, "units",
     "Tài khoản nhận phí, lệ phí của đơn vị (hoặc đơn vị cấp trên gần nhất)", true, NULL, NULL, 200, false, false, 0},
    {"PUT", "/api/v1/units/{code}/bank-account", api_units_account_put, "units",
     "Khai báo tài khoản nhận phí, lệ phí (mã BIN ngân hàng, số tài khoản, tên) cho mã VietQR", true, NULL,
     "application/json", 200, false, false, 0},
    {"GET", "/api/v1/users", api_users_list, "users", "Người dùng trong phạm vi được xem", true, "unit", NULL, 200,
     false, false, 0},
    {"POST", "/api/v1/users", api_users_create, "users", "Thêm người dùng", true, NULL, "application/json", 201, false,
     false, ROUTE_SLOW},
    {"GET", "/api/v1/users/{username}", api_users_get, "users", "Chi tiết người dùng", true, NULL, NULL, 200, false,
     false, 0},
    {"POST", "/api/v1/users/{username}/disable", api_users_disable, "users",
     "Khóa tài khoản (không đăng nhập được, kết thúc mọi phiên; ghi nhật ký kèm lý do)", true, NULL, "application/json",
     200, false, false, 0},
    {"POST", "/api/v1/users/{username}/enable", api_users_enable, "users", "Mở khóa tài khoản (ghi nhật ký)", true,
     NULL, "application/json", 200, false, false, 0},
    {"GET", "/api/v1/nodes", api_nodes_list, "nodes", "Máy trạm một cửa xã của tỉnh (số, đơn vị, khóa công khai, trạng thái)",
     true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/nodes", api_nodes_create, "nodes",
     "Đăng ký máy trạm một cửa xã: số (10–99, không cấp lại), tên, đơn vị, khóa công khai (ghi nhật ký)", true, NULL,
     "application/json", 201, false, false, 0},
    {"GET", "/api/v1/nodes/{number}", api_nodes_get, "nodes", "Chi tiết một máy trạm và nhật ký của nó", true, NULL,
     NULL, 200, false, false, 0},
    {"POST", "/api/v1/nodes/{number}/revoke", api_nodes_revoke, "nodes",
     "Thu hồi máy trạm: từ chối ngay mọi yêu cầu nó ký, giải phóng đơn vị (ghi nhật ký kèm lý do)", true, NULL,
     "application/json", 200, false, false, 0},
    {"GET", "/api/v1/node-conflicts.csv", api_node_conflicts_csv, "nodes",
     "Xung đột đồng bộ với máy trạm xã dạng bảng tính CSV", true, "state", NULL, 200, false, false, 0},
    {"GET", "/api/v1/node-conflicts", api_node_conflicts_list, "nodes",
     "Xung đột đồng bộ với máy trạm xã: thao tác tại xã không được ghi nhận, lý do, việc cần làm", true, "state", NULL,
     200, false, false, 0},
    {"POST", "/api/v1/node-conflicts/{id}/resolve", api_node_conflicts_resolve, "nodes",
     "Đánh dấu một xung đột đồng bộ đã xử lý, kèm ghi chú (ghi nhật ký)", true, NULL, "application/json", 200, false,
     false, 0},
    {"POST", "/api/v1/dossiers/{code}/take-back", api_dossiers_take_back, "nodes",
     "Thu hồi một hồ sơ đã tiếp nhận từ máy trạm xã về một đơn vị của tỉnh (quản trị viên; ghi nhật ký)", true, NULL,
     "application/json", 200, false, false, 0},
    {"GET", "/api/v1/node/state", api_node_state, "nodes",
     "(Máy trạm gọi, có chữ ký) Phần chuỗi nhật ký của máy trạm tỉnh đã nhận, trạng thái, giờ của tỉnh", false, "head,schema",
     NULL, 200, false, false, ROUTE_NODE},
    {"GET", "/api/v1/node/reference", api_node_reference, "nodes",
     "(Máy trạm gọi, có chữ ký) Dữ liệu dùng chung: đơn vị, danh mục thủ tục, lịch, cán bộ của máy trạm", false,
     "have", NULL, 200, false, false, ROUTE_NODE},
    {"GET", "/api/v1/node/pull", api_node_pull, "nodes",
     "(Máy trạm gọi, có chữ ký) Hồ sơ của các đơn vị thuộc máy trạm thay đổi trên hệ thống tỉnh sau một mốc", false,
     "since,limit", NULL, 200, false, false, ROUTE_NODE},
    {"POST", "/api/v1/node/push", api_node_push, "nodes",
     "(Máy trạm gọi, có chữ ký) Gửi các thao tác của máy trạm theo thứ tự; tỉnh kiểm tra chuỗi băm, ghi nhận một lần",
     false, NULL, "application/json", 200, false, false, ROUTE_NODE},
    {"PUT", "/api/v1/node/files/{sha256}", api_node_file_put, "nodes",
     "(Máy trạm gọi, có chữ ký) Gửi nội dung một tệp đính kèm của hồ sơ, đặt tên theo mã SHA-256 của nội dung", false,
     NULL, "application/octet-stream", 200, false, false, ROUTE_NODE | ROUTE_FILE_BODY},
    {"GET", "/api/v1/node/files/{sha256}", api_node_file_get, "nodes",
     "(Máy trạm gọi, có chữ ký) Lấy nội dung một tệp đính kèm của hồ sơ thuộc đơn vị của máy trạm", false, "dossier",
     NULL, 200, false, false, ROUTE_NODE},
    {"POST", "/api/v1/nodes/{number}/keys", api_nodes_key_add, "nodes",
     "Thêm khóa mới cho máy trạm; khóa cũ còn hiệu lực 7 ngày (ghi nhật ký)", true, NULL, "application/json", 201,
     false, false, 0},

    {"GET", "/api/v1/calendar/deadline", api_calendar_deadline, "calendar",
     "Tính hạn giải quyết theo ngày/giờ làm việc", false, "from,amount,unit,cutoff", NULL, 200, false, false, 0},
    {"GET", "/api/v1/calendar/elapsed", api_calendar_elapsed, "calendar", "Thời gian làm việc giữa hai thời điểm",
     false, "from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/calendar/holidays", api_calendar_holidays, "calendar",
     "Ngày nghỉ, ngày làm bù của một năm (đã quyết định hoặc đề xuất)", false, "year", NULL, 200, false, false, 0},
    {"POST", "/api/v1/calendar/import", api_calendar_import, "calendar",
     "Nhập lịch nghỉ từ CSV date,kind,name[,source]", true, NULL, "text/csv", 200, false, false, ROUTE_BIG_BODY},
    {"PUT", "/api/v1/calendar/exceptions/{date}", api_calendar_put_exception, "calendar",
     "Đặt ngày nghỉ hoặc ngày làm bù", true, NULL, "application/json", 200, false, false, 0},
    {"DELETE", "/api/v1/calendar/exceptions/{date}", api_calendar_delete_exception, "calendar", "Xóa ngày ngoại lệ",
     true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/calendar/years/{year}/confirm", api_calendar_confirm_year, "calendar",
     "Xác nhận lịch nghỉ đề xuất của một năm", true, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/calendar/schedules", api_calendar_schedules, "calendar", "Lịch giờ làm việc (mặc định, theo mùa)",
     false, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/calendar/schedules", api_calendar_create_schedule, "calendar", "Thêm lịch làm việc theo mùa",
     true, NULL, "application/json", 201, false, false, 0},
    {"PUT", "/api/v1/calendar/schedules/{id}", api_calendar_update_schedule, "calendar", "Sửa lịch làm việc", true,
     NULL, "application/json", 200, false, false, 0},
    {"DELETE", "/api/v1/calendar/schedules/{id}", api_calendar_delete_schedule, "calendar",
     "Xóa lịch làm việc theo mùa", true, NULL, NULL, 200, false, false, 0},

    /* feedback: phản ánh, kiến nghị (issue 15) */
    {"POST", "/api/v1/feedback", api_feedback_submit, "feedback",
     "Gửi phản ánh, kiến nghị (không cần đăng nhập; cán bộ ghi phản ánh nhận tại quầy hoặc qua điện thoại): name, "
     "address, phone, email, title, content, unit, dossier_code, topic, consent_publish, channel, concerned",
     false, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/feedback", api_feedback_list, "feedback",
     "Phản ánh, kiến nghị: của cán bộ trong phạm vi đơn vị, hoặc của người gửi (tài khoản công dân)", true, "state",
     NULL, 200, false, false, 0},
    {"GET", "/api/v1/feedback/{code}", api_feedback_get, "feedback", "Một phản ánh, kiến nghị và nhật ký xử lý", true,
     NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/feedback/{code}/actions/{action}", api_feedback_act, "feedback",
     "Tiếp nhận (accept: topic), từ chối (refuse: reason), chuyển (transfer: unit, reason), trả lời (answer: reply, "
     "publish)",
     true, NULL, "application/json", 200, false, false, 0},
    {"POST", "/api/v1/feedback/{code}/rating", api_feedback_rate, "feedback",
     "Người gửi cho biết có hài lòng với câu trả lời (satisfied)", true, NULL, "application/json", 200, false, false,
     0},
    {"GET", "/api/v1/track-feedback/{code}", api_track_feedback, "feedback",
     "Tra cứu phản ánh, kiến nghị bằng mã và mã tra cứu", false, "key", NULL, 200, false, false, 0},
    {"POST", "/api/v1/track-feedback/{code}/rating", api_track_feedback_rate, "feedback",
     "Đánh giá câu trả lời bằng mã tra cứu: key, satisfied", false, NULL, "application/json", 200, false, false, 0},
    {"GET", "/api/v1/feedback-stats", api_feedback_stats, "feedback",
     "Số liệu phản ánh, kiến nghị của đơn vị (gồm cấp dưới) trong kỳ: tiếp nhận, đúng hạn, trễ hạn, đang xử lý", true,
     "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/public/feedback", api_public_feedback, "feedback",
     "Các câu trả lời phản ánh, kiến nghị đã công khai (không có thông tin cá nhân)", false, NULL, NULL, 200, false,
     false, 0},
    /* feedback pages (issue 15) */
    {"GET", "/phan-anh", web_feedback_form, "web", "Gửi phản ánh, kiến nghị", false, "ho_so", NULL, 200, false, true,
     0},
    {"POST", "/phan-anh", web_feedback_send, "web", "Gửi phản ánh, kiến nghị", false, NULL, NULL, 303, false, true, 0},
    {"GET", "/phan-anh/da-gui", web_feedback_sent, "web", "Đã gửi phản ánh: mã và mã tra cứu", false, "code,key", NULL,
     200, false, true, 0},
    {"GET", "/phan-anh/tra-cuu", web_feedback_track, "web", "Tra cứu phản ánh, kiến nghị", false,
     "code,key,da_danh_gia", NULL, 200, false, true, 0},
    {"POST", "/phan-anh/tra-cuu/danh-gia", web_feedback_track_rate, "web", "Đánh giá câu trả lời phản ánh", false, NULL,
     NULL, 303, false, true, 0},
    {"GET", "/phan-anh/da-tra-loi", web_feedback_public, "web", "Trả lời phản ánh, kiến nghị đã công khai", false, NULL,
     NULL, 200, false, true, 0},
    {"GET", "/can-bo/phan-anh", web_feedback_list, "web", "Phản ánh, kiến nghị (cán bộ)", false, "state", NULL, 200,
     false, true, 0},
    {"GET", "/can-bo/phan-anh/moi", web_feedback_new, "web", "Ghi nhận phản ánh tại quầy, qua điện thoại", false, NULL,
     NULL, 200, false, true, 0},
    {"POST", "/can-bo/phan-anh/moi", web_feedback_record, "web", "Ghi nhận phản ánh tại quầy, qua điện thoại", false,
     NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/phan-anh/{code}", web_feedback_case, "web", "Một phản ánh, kiến nghị (cán bộ)", false, "xong,moi",
     NULL, 200, false, true, 0},
    {"POST", "/can-bo/phan-anh/{code}/{action}", web_feedback_act, "web",
     "Tiếp nhận, từ chối, chuyển, trả lời phản ánh", false, NULL, NULL, 303, false, true, 0},
    /* ratings (issue 14) */
    {"POST", "/api/v1/dossiers/{code}/rating", api_dossiers_rate, "ratings",
     "Đánh giá mức độ hài lòng khi đã nhận kết quả (một lần): công dân chủ hồ sơ, hoặc cán bộ một cửa ghi tại quầy; "
     "overall, answers {mã câu hỏi: mã trả lời}, comment",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/dossiers/{code}/rating", api_dossiers_rating, "ratings",
     "Đánh giá của hồ sơ và các chỉ số tính từ hồ sơ (thời gian, số lần bổ sung, cơ quan phải liên hệ): người nộp, "
     "cán bộ đã xử lý hồ sơ",
     true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/track/{code}/rating", api_track_rate, "ratings",
     "Đánh giá bằng mã hồ sơ và mã tra cứu (không cần đăng nhập): key, overall, answers, comment", false, NULL,
     "application/json", 201, false, false, 0},
    {"GET", "/api/v1/track/{code}/rating", api_track_rating, "ratings",
     "Đánh giá của hồ sơ và các chỉ số tính từ hồ sơ, bằng mã tra cứu", false, "key", NULL, 200, false, false, 0},
    {"GET", "/api/v1/ratings/summary", api_ratings_summary, "ratings",
     "Tổng hợp đánh giá theo cơ quan giải quyết (gồm cấp dưới) trong kỳ: số lượng, tỷ lệ hài lòng; không có tên người "
     "nộp",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"POST", "/tra-cuu/danh-gia", web_track_rate, "web", "Đánh giá từ trang tra cứu", false, NULL, NULL, 303, false,
     true, 0},
    {"POST", "/ho-so-cua-toi/{code}/danh-gia", web_my_rate, "web", "Đánh giá hồ sơ của tôi", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/can-bo/ho-so/{code}/danh-gia", web_counter_rating, "web", "Đánh giá tại quầy (máy tính bảng)", false,
     NULL, NULL, 200, false, true, 0},
    {"POST", "/can-bo/danh-gia/{code}", web_counter_rate, "web", "Ghi nhận đánh giá tại quầy", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/can-bo/danh-gia-xong", web_counter_rated, "web", "Cảm ơn (đánh giá tại quầy)", false, NULL, NULL, 200,
     false, true, 0},
    /* surveys (issue 14) */
    {"GET", "/can-bo/khao-sat", web_surveys, "web", "Khảo sát sự hài lòng (SIPAS)", false, NULL, NULL, 200, false, true,
     0},
    {"POST", "/can-bo/khao-sat", web_surveys_create, "web", "Tạo đợt khảo sát", false, NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/khao-sat/{id}", web_survey, "web", "Đợt khảo sát: mẫu, phiếu, kết quả", false, "unit", NULL, 200,
     false, true, 0},
    {"POST", "/can-bo/khao-sat/{id}/rut-mau", web_survey_draw, "web", "Rút mẫu khảo sát", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/can-bo/khao-sat/{id}/nhap", web_survey_import, "web", "Nhập phiếu khảo sát giấy", false, NULL, NULL, 200,
     true, true, 0},
    {"POST", "/can-bo/khao-sat/{id}/ket-thuc", web_survey_close, "web", "Kết thúc đợt khảo sát", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/khao-sat/{token}", web_survey_answer_form, "web", "Phiếu khảo sát sự hài lòng", false, NULL, NULL, 200,
     false, true, 0},
    {"POST", "/khao-sat/{token}", web_survey_answer, "web", "Gửi phiếu khảo sát sự hài lòng", false, NULL, NULL, 200,
     false, true, 0},
    {"GET", "/api/v1/surveys", api_surveys_list, "surveys", "Các đợt khảo sát SIPAS trong phạm vi được xem", true, NULL,
     NULL, 200, false, false, 0},
    {"POST", "/api/v1/surveys", api_surveys_create, "surveys",
     "Tạo đợt khảo sát (name, from, to, unit, sample_size[, min_answers, questionnaire])", true, NULL,
     "application/json", 201, false, false, 0},
    {"GET", "/api/v1/surveys/{id}", api_surveys_get, "surveys", "Đợt khảo sát và nhật ký của đợt", true, NULL, NULL,
     200, false, false, 0},
    {"POST", "/api/v1/surveys/{id}/draw", api_surveys_draw, "surveys",
     "Rút mẫu ngẫu nhiên từ hồ sơ đã trả kết quả trong kỳ; đường dẫn khảo sát chỉ hiện một lần", true, NULL, NULL, 200,
     false, false, 0},
    {"GET", "/api/v1/surveys/{id}/invites", api_surveys_invites, "surveys",
     "Danh sách hồ sơ được rút mẫu (thứ tự rút, hạt giống, đã trả lời hay chưa)", true, NULL, NULL, 200, false, false,
     0},
    {"POST", "/api/v1/surveys/{id}/close", api_surveys_close, "surveys", "Kết thúc đợt khảo sát", true, NULL, NULL, 200,
     false, false, 0},
    {"POST", "/api/v1/surveys/{id}/import", api_surveys_import, "surveys",
     "Nhập phiếu giấy (CSV text/csv, hoặc tệp CSV/XLSX multipart): kiểm tra từng dòng, lỗi thì không nhập phiếu nào",
     true, NULL, "text/csv", 200, true, false, ROUTE_BIG_BODY},
    {"GET", "/api/v1/surveys/{id}/template.csv", api_surveys_template_csv, "surveys", "Tệp mẫu nhập phiếu giấy (CSV)",
     true, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/surveys/{id}/results", api_surveys_results, "surveys",
     "Kết quả: chỉ số theo yếu tố và chung, số phiếu, khoảng tin cậy 95%, xếp hạng đơn vị", true, "unit", NULL, 200,
     false, false, 0},
    {"GET", "/api/v1/surveys/{id}/results.csv", api_surveys_results_csv, "surveys", "Kết quả khảo sát dạng CSV", true,
     "unit", NULL, 200, false, false, 0},
    {"GET", "/api/v1/surveys/{id}/results.xlsx", api_surveys_results_xlsx, "surveys", "Kết quả khảo sát dạng Excel",
     true, "unit", NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/questionnaires/{version}", api_surveys_questionnaire, "surveys", "Bảng hỏi SIPAS (dữ liệu, nguồn)",
     false, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/survey-answers", api_surveys_answer, "surveys",
     "Trả lời phiếu khảo sát bằng mã một lần (không cần đăng nhập)", false, NULL, "application/json", 201, false, false,
     0},
    /* CCHC inspections (issue 15) */
    {"GET", "/can-bo/kiem-tra", web_inspections, "web", "Kiểm tra cải cách hành chính", false, "year", NULL, 200, false,
     true, 0},
    {"POST", "/can-bo/kiem-tra/ke-hoach", web_inspection_plan_create, "web", "Lập kế hoạch kiểm tra", false, NULL, NULL,
     303, false, true, 0},
    {"GET", "/can-bo/kiem-tra/ke-hoach/{id}", web_inspection_plan, "web", "Kế hoạch kiểm tra", false, NULL, NULL, 200,
     false, true, 0},
    {"POST", "/can-bo/kiem-tra/ke-hoach/{id}/doi-tuong", web_inspection_target_add, "web", "Thêm đối tượng kiểm tra",
     false, NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/kiem-tra/cuoc", web_inspection_open, "web", "Mở cuộc kiểm tra", false, NULL, NULL, 303, false,
     true, 0},
    {"GET", "/can-bo/kiem-tra/thong-ke", web_inspection_stats, "web", "Thống kê kết quả kiểm tra", false,
     "unit,from,to,tu,den", NULL, 200, false, true, 0},
    {"GET", "/can-bo/kiem-tra/cuoc/{id}", web_inspection, "web", "Biên bản kiểm tra: phát hiện, khắc phục", false, NULL,
     NULL, 200, false, true, 0},
    {"POST", "/can-bo/kiem-tra/cuoc/{id}/phat-hien", web_inspection_finding, "web", "Ghi phát hiện", false, NULL, NULL,
     303, false, true, 0},
    {"POST", "/can-bo/kiem-tra/cuoc/{id}/phat-hien/{n}/khac-phuc", web_inspection_remedy, "web",
     "Báo cáo khắc phục kèm minh chứng", false, NULL, NULL, 303, true, true, 0},
    {"POST", "/can-bo/kiem-tra/cuoc/{id}/phat-hien/{n}/dong", web_inspection_close, "web", "Xác nhận khắc phục xong",
     false, NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/kiem-tra/cuoc/{id}/ket-luan", web_inspection_conclude, "web", "Thông báo kết luận kiểm tra",
     false, NULL, NULL, 303, false, true, 0},
    /* periodic CCHC report pages (issue 16) */
    {"GET", "/can-bo/bao-cao-cchc", web_cchc_reports, "web", "Báo cáo CCHC định kỳ: đơn vị mình và cấp dưới", false,
     "year,kind", NULL, 200, false, true, 0},
    {"GET", "/can-bo/bao-cao-cchc/{unit}/{year}/{kind}", web_cchc_report, "web", "Báo cáo CCHC của đơn vị", false,
     "xong", NULL, 200, false, true, 0},
    {"POST", "/can-bo/bao-cao-cchc/{unit}/{year}/{kind}", web_cchc_report_save, "web", "Lưu bản nháp báo cáo CCHC",
     false, NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/bao-cao-cchc/{unit}/{year}/{kind}/gui", web_cchc_report_submit, "web", "Gửi báo cáo CCHC", false,
     NULL, NULL, 303, false, true, ROUTE_SLOW},
    {"GET", "/api/v1/inspection-areas", api_inspections_areas, "inspections",
     "Danh mục lĩnh vực phát hiện và hình thức kiểm tra", false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/inspection-plans", api_inspection_plans_list, "inspections",
     "Các kế hoạch kiểm tra cải cách hành chính trong phạm vi được xem", true, "year", NULL, 200, false, false, 0},
    {"POST", "/api/v1/inspection-plans", api_inspection_plans_create, "inspections",
     "Lập kế hoạch kiểm tra năm (year, title, decision_no, decision_date, lead_unit, targets [{unit, planned_date, "
     "areas, mode}])",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/inspection-plans/{id}", api_inspection_plans_get, "inspections",
     "Kế hoạch kiểm tra, các đối tượng và nhật ký", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/inspection-plans/{id}/targets", api_inspection_plans_add_target, "inspections",
     "Thêm đối tượng kiểm tra (unit, planned_date, areas, mode)", true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/inspections/stats", api_inspections_stats, "inspections",
     "Thống kê phát hiện theo đơn vị chịu trách nhiệm và kỳ: phát sinh, khắc phục đúng hạn, trễ hạn, còn mở, quá hạn",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/inspections", api_inspections_list, "inspections", "Các cuộc kiểm tra trong phạm vi được xem",
     true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/inspections", api_inspections_create, "inspections",
     "Mở cuộc kiểm tra theo kế hoạch (target) hoặc đột xuất (unit, mode): period_from, period_to, inspected_on, team",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/inspections/{id}", api_inspections_get, "inspections",
     "Cuộc kiểm tra: phát hiện, báo cáo khắc phục, minh chứng", true, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/inspections/{id}/data", api_inspections_data, "inspections",
     "Số liệu lấy từ hệ thống cho cuộc kiểm tra: hồ sơ trễ hạn, văn bản xin lỗi trong kỳ", true, NULL, NULL, 200, false,
     false, 0},
    {"GET", "/api/v1/inspections/{id}/journal", api_inspections_journal, "inspections",
     "Nhật ký (chuỗi băm) của cuộc kiểm tra", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/inspections/{id}/findings", api_inspections_add_finding, "inspections",
     "Ghi phát hiện (area, description, recommendation, responsible_unit, due_date)", true, NULL, "application/json",
     201, false, false, 0},
    {"POST", "/api/v1/inspections/{id}/findings/{n}/remedies", api_inspections_remedy, "inspections",
     "Báo cáo khắc phục (report; multipart: tệp minh chứng \"file\")", true, NULL, "application/json", 201, true, false,
     0},
    {"POST", "/api/v1/inspections/{id}/findings/{n}/close", api_inspections_close_finding, "inspections",
     "Xác nhận khắc phục xong (note), đúng hạn hay trễ hạn", true, NULL, "application/json", 200, false, false, 0},
    {"POST", "/api/v1/inspections/{id}/conclude", api_inspections_conclude, "inspections",
     "Thông báo kết luận kiểm tra (conclusion_no, conclusion_date)", true, NULL, "application/json", 200, false, false,
     0},
    {"GET", "/api/v1/inspections/{id}/evidence/{file}", api_inspections_evidence, "inspections", "Tải tệp minh chứng",
     true, NULL, NULL, 200, false, false, 0},
    /* periodic CCHC reports (issue 16) */
    {"GET", "/api/v1/cchc-reports", api_cchc_reports_list, "cchc-reports",
     "Báo cáo CCHC định kỳ của các đơn vị cấp dưới (year, kind: q1, h1, q3, year): ai đã gửi, ai chưa", true,
     "unit,year,kind", NULL, 200, false, false, 0},
    {"GET", "/api/v1/cchc-reports/{unit}/{year}/{kind}", api_cchc_report_get, "cchc-reports",
     "Báo cáo CCHC của đơn vị: các mục, phụ lục số liệu (tính từ hệ thống; giữ nguyên khi đã gửi)", true, NULL, NULL,
     200, false, false, 0},
    {"POST", "/api/v1/cchc-reports/{unit}/{year}/{kind}", api_cchc_report_save, "cchc-reports",
     "Lưu bản nháp: number, place, signer_title, signer_name, recipients, sections {mục: nội dung}", true, NULL,
     "application/json", 200, false, false, 0},
    {"POST", "/api/v1/cchc-reports/{unit}/{year}/{kind}/submit", api_cchc_report_submit, "cchc-reports",
     "Gửi báo cáo: số liệu phụ lục được giữ nguyên từ lúc này", true, NULL, "application/json", 200, false, false,
     ROUTE_SLOW},
    {"GET", "/api/v1/cchc-reports/{unit}/{year}/{kind}/report.pdf", api_cchc_report_pdf, "cchc-reports",
     "Báo cáo dạng PDF theo thể thức Nghị định 30/2020/NĐ-CP", true, NULL, NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/cchc-reports/{unit}/{year}/{kind}/report.docx", api_cchc_report_docx, "cchc-reports",
     "Báo cáo dạng DOCX (sửa được bằng trình soạn thảo văn bản)", true, NULL, NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/cchc-reports/{unit}/{year}/{kind}/annex.xlsx", api_cchc_report_xlsx, "cchc-reports",
     "Phụ lục số liệu dạng Excel", true, NULL, NULL, 200, false, false, ROUTE_SLOW},
    /* The register of legal normative documents (issue 16) */
    {"GET", "/can-bo/van-ban", web_legal_docs, "web", "Sổ theo dõi văn bản quy phạm pháp luật", false,
     "status,type,issuer,year,q,page", NULL, 200, false, true, 0},
    {"GET", "/can-bo/van-ban/moi", web_legal_doc_new, "web", "Vào sổ văn bản", false, NULL, NULL, 200, false, true, 0},
    {"POST", "/can-bo/van-ban/moi", web_legal_doc_create, "web", "Vào sổ văn bản", false, NULL, NULL, 303, true, true,
     0},
    {"GET", "/can-bo/van-ban/he-thong-hoa", web_legal_docs_system, "web", "Hệ thống hóa văn bản (kỳ 5 năm)", false,
     "cycle,issuer", NULL, 200, false, true, 0},
    {"GET", "/can-bo/van-ban/{id}", web_legal_doc, "web", "Văn bản: hiệu lực, quan hệ, rà soát, thủ tục", false, NULL,
     NULL, 200, false, true, 0},
    {"GET", "/can-bo/van-ban/{id}/sua", web_legal_doc_edit, "web", "Sửa thông tin văn bản", false, NULL, NULL, 200,
     false, true, 0},
    {"POST", "/can-bo/van-ban/{id}/sua", web_legal_doc_save, "web", "Sửa thông tin văn bản", false, NULL, NULL, 303,
     true, true, 0},
    {"POST", "/can-bo/van-ban/{id}/hieu-luc", web_legal_doc_change, "web",
     "Ghi hết hiệu lực, thay thế, sửa đổi, ngưng hiệu lực, quan hệ", false, NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/van-ban/{id}/ra-soat", web_legal_doc_review, "web", "Ghi kết quả rà soát, tự kiểm tra", false,
     NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/thu-tuc-can-cap-nhat", web_legal_flags, "web", "Thủ tục cần cập nhật căn cứ pháp lý", false, "all",
     NULL, 200, false, true, 0},
    {"POST", "/can-bo/thu-tuc-can-cap-nhat/{id}/xong", web_legal_flag_clear, "web", "Xác nhận đã cập nhật thủ tục",
     false, NULL, NULL, 303, false, true, 0},
    {"GET", "/van-ban", web_public_legal_docs, "web", "Văn bản quy phạm pháp luật còn hiệu lực", false,
     "type,year,q,page", NULL, 200, false, true, 0},
    {"GET", "/api/v1/legal-docs/tables", api_legal_docs_tables, "legal_docs",
     "Danh mục loại văn bản, tình trạng hiệu lực, thao tác, quan hệ, kết quả và căn cứ rà soát", false, NULL, NULL, 200,
     false, false, 0},
    {"GET", "/api/v1/legal-docs/stats", api_legal_docs_stats, "legal_docs",
     "Số liệu văn bản của đơn vị (gồm cấp dưới) trong kỳ: ban hành, còn hiệu lực, thay đổi hiệu lực, rà soát, tự kiểm "
     "tra, theo kết quả",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/legal-docs/system", api_legal_docs_system, "legal_docs",
     "Hệ thống hóa kỳ 5 năm: danh mục còn hiệu lực, hết hoặc ngưng hiệu lực, cần sửa đổi, thay thế, bãi bỏ, ban hành "
     "mới",
     true, "cycle,issuer", NULL, 200, false, false, 0},
    {"GET", "/api/v1/legal-docs/system.csv", api_legal_docs_system_csv, "legal_docs",
     "Ba danh mục hệ thống hóa dạng CSV (UTF-8, có BOM)", true, "cycle,issuer", NULL, 200, false, false, 0},
    {"GET", "/api/v1/legal-docs/keepers", api_legal_docs_keepers, "legal_docs",
     "Đơn vị giữ sổ văn bản của tỉnh (Sở Tư pháp)", true, NULL, NULL, 200, false, false, 0},
    {"PUT", "/api/v1/legal-docs/keepers", api_legal_docs_keepers_put, "legal_docs",
     "Chọn đơn vị giữ sổ văn bản của tỉnh (quản trị viên): units", true, NULL, "application/json", 200, false, false,
     0},
    {"GET", "/api/v1/legal-docs", api_legal_docs_list, "legal_docs",
     "Sổ theo dõi văn bản quy phạm pháp luật của tỉnh (cán bộ), lọc theo tình trạng, loại, cấp ban hành, năm, từ khóa",
     true, "status,type,issuer,year,q,page,per_page,day", NULL, 200, false, false, 0},
    {"POST", "/api/v1/legal-docs", api_legal_docs_create, "legal_docs",
     "Vào sổ văn bản: number, doc_type, issuer, issuer_name, signer, summary, field, issued_on, effective_on, "
     "expires_on, note; multipart: các trường và tệp \"file\"",
     true, NULL, "application/json", 201, true, false, 0},
    {"GET", "/api/v1/legal-docs/{id}", api_legal_docs_get, "legal_docs",
     "Văn bản: tình trạng hiệu lực, thay đổi, quan hệ, rà soát, thủ tục trích dẫn và thủ tục đã đánh dấu", true, NULL,
     NULL, 200, false, false, 0},
    {"PUT", "/api/v1/legal-docs/{id}", api_legal_docs_update, "legal_docs",
     "Sửa thông tin văn bản (các trường như khi vào sổ; multipart: kèm tệp mới)", true, NULL, "application/json", 200,
     true, false, 0},
    {"GET", "/api/v1/legal-docs/{id}/file", api_legal_docs_file, "legal_docs", "Tải tệp văn bản", false, NULL, NULL,
     200, false, false, 0},
    {"GET", "/api/v1/legal-docs/{id}/journal", api_legal_docs_journal, "legal_docs", "Nhật ký (chuỗi băm) của văn bản",
     true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/legal-docs/{id}/changes", api_legal_docs_change, "legal_docs",
     "Ghi thay đổi hiệu lực hoặc quan hệ (action: expire, replace, amend, suspend, resume, relate; by, relation, "
     "scope, part, effective_on, reason); đánh dấu các thủ tục trích dẫn văn bản cần cập nhật",
     true, NULL, "application/json", 201, false, false, 0},
    {"POST", "/api/v1/legal-docs/{id}/reviews", api_legal_docs_review, "legal_docs",
     "Ghi kết quả rà soát hoặc tự kiểm tra (kind, unit, basis, basis_note, started_on, done_on, result, findings, "
     "proposal, handler, deadline)",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/legal-flags", api_legal_flags_list, "legal_docs",
     "Thủ tục cần cập nhật căn cứ pháp lý (all=1: cả đánh dấu đã xử lý)", true, "all", NULL, 200, false, false, 0},
    {"POST", "/api/v1/legal-flags/{id}/clear", api_legal_flags_clear, "legal_docs",
     "Xác nhận thủ tục đã được cập nhật (note)", true, NULL, "application/json", 200, false, false, 0},
    {"GET", "/api/v1/public/legal-docs", api_public_legal_docs, "legal_docs",
     "Văn bản quy phạm pháp luật còn hiệu lực của tỉnh (không cần đăng nhập)", false, "unit,type,year,q,page,per_page",
     NULL, 200, false, false, 0},
    /* Directives, plans and tasks; reform news; supervision (issue 16) */
    {"GET", "/api/v1/task-docs", api_task_docs_list, "tasks",
     "Văn bản chỉ đạo (chỉ thị, kế hoạch, chương trình) trong phạm vi", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/task-docs", api_task_docs_create, "tasks",
     "Ban hành văn bản chỉ đạo (kind, number, issued_on, issuer, title, public, implements: nhiệm vụ mà kế hoạch "
     "thực hiện triển khai)",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/task-docs/{id}", api_task_docs_get, "tasks", "Văn bản chỉ đạo, cây nhiệm vụ và nhật ký", true,
     NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/task-docs/{id}/tasks", api_task_docs_add_task, "tasks",
     "Giao nhiệm vụ (code, title, lead, coop[], output, parent, start_on; hạn: due_on | working_days | every, until, "
     "due_day)",
     true, NULL, "application/json", 201, false, false, 0},
    {"GET", "/api/v1/tasks", api_tasks_list, "tasks",
     "Nhiệm vụ của đơn vị tôi (view=mine) hoặc đơn vị tôi giao (assigned)", true, "view,state,overdue", NULL, 200,
     false, false, 0},
    {"GET", "/api/v1/tasks/{id}", api_tasks_get, "tasks", "Nhiệm vụ: tiến độ, báo cáo, nhiệm vụ con, nhật ký", true,
     NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/tasks/{id}/reports", api_tasks_report, "tasks",
     "Báo cáo tiến độ (text; đơn vị chủ trì: status, percent; multipart: tệp minh chứng \"file\")", true, NULL,
     "application/json", 201, true, false, 0},
    {"GET", "/api/v1/tasks/{id}/evidence/{file}", api_tasks_evidence, "tasks", "Tải tệp minh chứng của báo cáo", true,
     NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/task-stats", api_task_stats, "tasks",
     "Số liệu nhiệm vụ theo đơn vị và kỳ: tổng, đang thực hiện, hoàn thành đúng hạn, trễ hạn, quá hạn, chưa thực hiện",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/public/task-progress", api_public_task_progress, "tasks",
     "Tiến độ công khai các nhiệm vụ cải cách hành chính (không cần đăng nhập)", false, "province", NULL, 200, false,
     false, 0},
    {"GET", "/api/v1/public/news", api_public_news, "news", "Tin cải cách hành chính đã đăng (không cần đăng nhập)",
     false, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/public/news/{key}", api_public_news_get, "news", "Một tin cải cách hành chính", false, NULL, NULL,
     200, false, false, 0},
    {"GET", "/api/v1/news", api_news_list, "news", "Tin cải cách hành chính của tỉnh (quản lý)", true, NULL, NULL, 200,
     false, false, 0},
    {"POST", "/api/v1/news", api_news_create, "news", "Đăng tin (title, summary, body, published_on, unit)", true, NULL,
     "application/json", 201, false, false, 0},
    {"POST", "/api/v1/news/{key}/withdraw", api_news_withdraw, "news", "Gỡ tin đã đăng", true, NULL, NULL, 200, false,
     false, 0},
    {"GET", "/can-bo/nhiem-vu", web_tasks, "web", "Nhiệm vụ cải cách hành chính", false, "view,state,overdue", NULL,
     200, false, true, 0},
    {"GET", "/can-bo/nhiem-vu/{id}", web_task, "web", "Một nhiệm vụ: tiến độ, báo cáo", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/can-bo/nhiem-vu/{id}/bao-cao", web_task_report, "web", "Báo cáo tiến độ nhiệm vụ", false, NULL, NULL,
     303, true, true, 0},
    {"GET", "/can-bo/van-ban-chi-dao", web_task_docs, "web", "Văn bản chỉ đạo, kế hoạch", false, NULL, NULL, 200, false,
     true, 0},
    {"POST", "/can-bo/van-ban-chi-dao", web_task_doc_create, "web", "Ban hành văn bản chỉ đạo, kế hoạch thực hiện",
     false, NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/van-ban-chi-dao/{id}", web_task_doc, "web", "Văn bản chỉ đạo và cây nhiệm vụ", false, NULL, NULL,
     200, false, true, 0},
    {"POST", "/can-bo/van-ban-chi-dao/{id}/nhiem-vu", web_task_add, "web", "Giao nhiệm vụ", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/can-bo/tin-tuc", web_news_admin, "web", "Quản lý tin cải cách hành chính", false, "da_dang", NULL, 200,
     false, true, 0},
    {"POST", "/can-bo/tin-tuc", web_news_publish, "web", "Đăng tin cải cách hành chính", false, NULL, NULL, 303, false,
     true, 0},
    {"POST", "/can-bo/tin-tuc/{key}/go", web_news_withdraw, "web", "Gỡ tin", false, NULL, NULL, 303, false, true, 0},
    {"GET", "/tin-cai-cach", web_news, "web", "Tin cải cách hành chính", false, NULL, NULL, 200, false, true, 0},
    {"GET", "/tin-cai-cach/{key}", web_news_item, "web", "Một tin cải cách hành chính", false, NULL, NULL, 200, false,
     true, 0},
    {"GET", "/tien-do-nhiem-vu", web_task_progress, "web", "Tiến độ nhiệm vụ cải cách hành chính", false, NULL, NULL,
     200, false, true, 0},
    /* PAR INDEX of departments and communes (issue 17) */
    {"GET", "/api/v1/par/sets", api_par_sets, "par-index", "Các bộ chỉ số CCHC đã nạp (năm, cấp, phiên bản)", true,
     NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/par/sets/{version}", api_par_set, "par-index",
     "Một bộ chỉ số CCHC: lĩnh vực, tiêu chí, điểm tối đa, cách chấm, mức xếp loại", true, NULL, NULL, 200, false,
     false, 0},
    {"GET", "/api/v1/par/rounds", api_par_rounds, "par-index", "Các vòng đánh giá chỉ số CCHC được xem", true, NULL,
     NULL, 200, false, false, 0},
    {"POST", "/api/v1/par/rounds", api_par_round_open, "par-index",
     "Mở vòng đánh giá (year, level: department|commune, set, council, self_due, explain_due, campaign)", true, NULL,
     "application/json", 201, false, false, 0},
    {"GET", "/api/v1/par/rounds/{id}", api_par_round, "par-index",
     "Vòng đánh giá: các đơn vị, tiến độ, điểm, xếp hạng (tạm tính khi chưa công bố)", true, NULL, NULL, 200, false,
     false, ROUTE_SLOW},
    {"POST", "/api/v1/par/rounds/{id}/campaign", api_par_round_campaign, "par-index",
     "Chọn đợt khảo sát SIPAS cho các tiêu chí điều tra xã hội học (campaign)", true, NULL, "application/json", 200,
     false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/finalise", api_par_round_finalise, "par-index",
     "Công bố kết quả: chốt số liệu tính từ hệ thống, tổng điểm, xếp hạng, xếp loại; khóa điểm", true, NULL, NULL, 200,
     false, false, ROUTE_SLOW},
    {"GET", "/api/v1/par/rounds/{id}/units/{unit}", api_par_assessment, "par-index",
     "Bản đánh giá của một đơn vị: điểm từng tiêu chí, tự chấm, thẩm định, giải trình, số liệu, tệp kiểm chứng", true,
     NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/scores", api_par_self_score, "par-index",
     "Đơn vị tự chấm một tiêu chí (criterion, score, note)", true, NULL, "application/json", 200, false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/evidence", api_par_evidence_add, "par-index",
     "Đính kèm tài liệu kiểm chứng (multipart: criterion, tệp \"file\")", true, NULL, "multipart/form-data", 201, true,
     false, 0},
    {"GET", "/api/v1/par/rounds/{id}/units/{unit}/evidence/{file}", api_par_evidence, "par-index",
     "Tải tài liệu kiểm chứng (đơn vị và Hội đồng thẩm định)", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/submit", api_par_submit, "par-index",
     "Lãnh đạo đơn vị nộp bản tự chấm", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/appraisal", api_par_appraise, "par-index",
     "Hội đồng thẩm định chấm một tiêu chí (criterion, score, reason)", true, NULL, "application/json", 200, false,
     false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/appraisal/send", api_par_send, "par-index",
     "Gửi kết quả thẩm định cho đơn vị", true, NULL, NULL, 200, false, false, 0},
    {"POST", "/api/v1/par/rounds/{id}/units/{unit}/explanation", api_par_explain, "par-index",
     "Đơn vị giải trình một lần (items: [{criterion, text}])", true, NULL, "application/json", 200, false, false, 0},
    {"GET", "/can-bo/chi-so-cchc", web_par_rounds, "web", "Chỉ số cải cách hành chính: các vòng đánh giá", false,
     "xong", NULL, 200, false, true, 0},
    {"POST", "/can-bo/chi-so-cchc", web_par_round_open, "web", "Mở vòng đánh giá chỉ số CCHC", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/can-bo/chi-so-cchc/{id}", web_par_round, "web", "Vòng đánh giá chỉ số CCHC: tiến độ, xếp hạng", false,
     "xong", NULL, 200, false, true, ROUTE_SLOW},
    {"POST", "/can-bo/chi-so-cchc/{id}/cong-bo", web_par_round_finalise, "web", "Công bố kết quả chỉ số CCHC", false,
     NULL, NULL, 303, false, true, ROUTE_SLOW},
    {"GET", "/can-bo/chi-so-cchc/{id}/{unit}", web_par_unit, "web", "Bản đánh giá chỉ số CCHC của đơn vị", false,
     "xong", NULL, 200, false, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/diem", web_par_self_score, "web", "Tự chấm điểm một tiêu chí", false,
     NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/minh-chung", web_par_evidence, "web", "Đính kèm tài liệu kiểm chứng",
     false, NULL, NULL, 303, true, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/nop", web_par_submit, "web", "Nộp bản tự chấm", false, NULL, NULL, 303,
     false, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/tham-dinh", web_par_appraise, "web", "Chấm thẩm định một tiêu chí", false,
     NULL, NULL, 303, false, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/gui-tham-dinh", web_par_send, "web", "Gửi kết quả thẩm định", false, NULL,
     NULL, 303, false, true, 0},
    {"POST", "/can-bo/chi-so-cchc/{id}/{unit}/giai-trinh", web_par_explain, "web", "Giải trình kết quả thẩm định",
     false, NULL, NULL, 303, false, true, 0},
    {"GET", "/can-bo/the-diem/{unit}", web_par_card, "web", "Thẻ điểm người đứng đầu", false, "from,to", NULL, 200,
     false, true, ROUTE_SLOW},
    {"GET", "/api/v1/par/scorecards/{unit}", api_par_scorecard, "par-index",
     "Thẻ điểm người đứng đầu: chỉ số CCHC, tỷ lệ đúng hạn, 766, hài lòng, phản ánh, nhiệm vụ, kiểm tra qua các năm",
     true, "from,to", NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/par/rounds/{id}/export.xlsx", api_par_round_xlsx, "par-index",
     "Tải cả vòng đánh giá dạng Excel: xếp hạng và điểm từng tiêu chí của từng đơn vị (TẠM TÍNH khi chưa công bố)",
     true, NULL, NULL, 200, false, false, ROUTE_SLOW},
    {"GET", "/api/v1/par/rounds/{id}/ranking.pdf", api_par_round_pdf, "par-index",
     "Phụ lục kết quả xếp hạng kèm quyết định công bố (PDF, thể thức văn bản hành chính; chỉ khi đã công bố)", true,
     NULL, NULL, 200, false, false, ROUTE_SLOW},
    /* The provinces' national PAR INDEX and SIPAS (issue 17) */
    {"GET", "/api/v1/par/national", api_par_national, "par-index",
     "Vị trí của một tỉnh trong PAR INDEX, SIPAS toàn quốc theo năm: giá trị, thứ hạng, số tỉnh xếp hạng, trung bình "
     "cả nước, cao nhất và thấp nhất đã biết, thay đổi so với năm trước",
     false, "province", NULL, 200, false, false, 0},
    {"GET", "/chi-so-cchc-quoc-gia", web_par_national, "web", "Chỉ số CCHC, SIPAS của tỉnh trong cả nước", false,
     "province", NULL, 200, false, true, 0},
    /* The national portal's reconciliation (issue 18, docs/PORTAL.md) */
    {"GET", "/api/v1/portal/reconciliation", api_portal_reconciliation, "portal",
     "Đối soát đồng bộ Cổng DVCQG: hồ sơ của đơn vị (gồm cấp dưới) nộp trong kỳ có tin chưa được Cổng xác nhận, "
     "trạng thái và lý do",
     true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/api/v1/portal/reconciliation.csv", api_portal_reconciliation_csv, "portal",
     "Đối soát đồng bộ Cổng DVCQG dạng CSV (UTF-8, có BOM)", true, "unit,from,to", NULL, 200, false, false, 0},
    {"GET", "/can-bo/dong-bo-dvcqg", web_portal_reconciliation, "web", "Đối soát đồng bộ Cổng DVCQG", false,
     "unit,from,to", NULL, 200, false, true, 0},
    /* Operations (issue 18): Prometheus metrics, only for the addresses of serve --metrics-allow (server.c checks
     * on the request head); text, not part of the JSON API (page: not in OpenAPI). */
    {"GET", "/metrics", metrics_handler, "ops", "Số đo vận hành cho Prometheus", false, NULL, NULL, 200, false, true,
     0},
    /* Notifications (issue 18) */
    {"GET", "/api/v1/notifications", api_notifications_list, "notifications",
     "Thông báo trong ứng dụng của người dùng đăng nhập, mới nhất trước, và số chưa đọc", true, "limit", NULL, 200,
     false, false, 0},
    {"POST", "/api/v1/notifications/{id}/read", api_notifications_read, "notifications",
     "Đánh dấu một thông báo đã đọc", true, NULL, NULL, 200, false, false, 0},
    {"GET", "/api/v1/me/notify", api_me_notify_get, "notifications", "Cách nhận thông báo (email, sms, inapp)", true,
     NULL, NULL, 200, false, false, 0},
    {"PUT", "/api/v1/me/notify", api_me_notify_put, "notifications", "Bật, tắt từng kênh nhận thông báo", true, NULL,
     "application/json", 200, false, false, 0},
    {"GET", "/api/v1/outbox", api_outbox_list, "notifications",
     "Tin nhắn gửi đi của tỉnh (đang chờ, đã gửi, gửi không thành), không kèm nội dung", true, "state,channel,limit",
     NULL, 200, false, false, 0},
    {"POST", "/api/v1/outbox/{id}/resend", api_outbox_resend, "notifications",
     "Gửi lại một tin nhắn gửi không thành (ghi nhật ký)", true, NULL, NULL, 200, false, false, 0},
    {"GET", "/thong-bao/huy", web_notify_optout, "web", "Hủy nhận thông báo (liên kết trong thư)", false, "t", NULL,
     200, false, true, 0},
    {"POST", "/thong-bao/huy", web_notify_optout_post, "web", "Xác nhận hủy nhận thông báo", false, "t", NULL, 200,
     false, true, 0},
    {"GET", "/thong-bao", web_notify_mine, "web", "Thông báo của tôi", false, "da_luu", NULL, 200, false, true, 0},
    {"POST", "/thong-bao/cach-nhan", web_notify_prefs, "web", "Lưu cách nhận thông báo", false, NULL, NULL, 303, false,
     true, 0},
    {"POST", "/thong-bao/{id}/da-doc", web_notify_read, "web", "Đánh dấu thông báo đã đọc", false, NULL, NULL, 303,
     false, true, 0},
    {"GET", "/quan-tri/thu-gui", web_admin_outbox, "web", "Quản trị: tin nhắn gửi đi", false, "state,da_gui_lai", NULL,
     200, false, true, 0},
    {"POST", "/quan-tri/thu-gui/{id}/gui-lai", web_admin_outbox_resend, "web", "Gửi lại tin nhắn", false, NULL, NULL,
     303, false, true, 0},
};

/* Handlers whose cheap checks (throttles) run before their slow work is queued: a request refused
 * there never waits behind others' password hashing. */
static const struct {
    api_handler fn, admit;
} admissions[] = {
    {api_auth_login, api_auth_login_admit},
    {api_auth_register, api_auth_register_admit},
    {web_login, web_login_admit},
    {web_register, web_register_admit},
};

/* What a read-only user (the observer, perm_read_only) may still send besides GET and HEAD: opening and
 * closing their own session. */
static const api_handler session_handlers[] = {api_auth_login, api_auth_logout, web_login, web_logout};

bool routes_writes(const route *rt) {
    if (!strcmp(rt->method, "GET") || !strcmp(rt->method, "HEAD")) return false;
    for (size_t i = 0; i < sizeof session_handlers / sizeof session_handlers[0]; i++)
        if (session_handlers[i] == rt->fn) return false;
    return true;
}

api_handler routes_admission(const route *rt) {
    for (size_t i = 0; i < sizeof admissions / sizeof admissions[0]; i++)
        if (admissions[i].fn == rt->fn) return admissions[i].admit;
    return NULL;
}

const route *routes_table(size_t *n) {
    *n = sizeof table / sizeof table[0];
    return table;
}

/* Matches one pattern; fills params on success. */
static bool match(arena *a, const char *pat, const char *path, const char **params, int *np) {
    *np = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/') return false;
        pat++;
        path++;
        const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
        size_t pl = pe ? (size_t)(pe - pat) : strlen(pat), sl = se ? (size_t)(se - path) : strlen(path);
        if (pat[0] == '{') {
            if (sl == 0 || *np >= API_MAX_PARAMS) return false;
            /* libmicrohttpd has decoded the URL already: take the segment as it is. */
            params[(*np)++] = arena_strndup(a, path, sl);
        } else if (pl != sl || strncmp(pat, path, pl) != 0) {
            return false;
        }
        pat += pl;
        path += sl;
    }
    return *pat == 0 && *path == 0;
}

route_match routes_find(arena *a, const char *method, const char *path, const route **out, const char **params,
                        int *nparams, const char **allow) {
    char *methods = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *p[API_MAX_PARAMS];
        int np;
        if (!match(a, table[i].pattern, path, p, &np)) continue;
        if (strcmp(table[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(table[i].method, "GET") == 0)) {
            *out = &table[i];
            memcpy(params, p, sizeof p);
            *nparams = np;
            return ROUTE_FOUND;
        }
        methods = methods ? arena_printf(a, "%s, %s", methods, table[i].method) : arena_strdup(a, table[i].method);
    }
    if (methods) {
        *allow = methods;
        return ROUTE_NO_METHOD;
    }
    return ROUTE_NO_PATH;
}

json_t *routes_openapi(void) {
    json_t *paths = json_object();
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const route *r = &table[i];
        if (r->page) continue;
        json_t *item = json_object_get(paths, r->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        json_t *params = json_array();
        for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
            const char *e = strchr(p, '}');
            json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1, (size_t)(e - p - 1),
                                                    "in", "path", "required", 1, "schema", "type", "string"));
        }
        for (const char *q = r->query; q && *q;) {
            const char *e = strchr(q, ',');
            size_t n = e ? (size_t)(e - q) : strlen(q);
            json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", q, n, "in", "query",
                                                    "required", 0, "schema", "type", "string"));
            q += n + (e ? 1 : 0);
        }
        char ok[8];
        snprintf(ok, sizeof ok, "%d", r->ok);
        json_t *op = json_pack("{s:[s], s:s, s:s, s:o, s:{s:{s:s}, s:{s:s, s:{s:{s:{s:s}}}}}}", "tags", r->tag,
                               "summary", r->summary, "operationId", "", "parameters", params, "responses", ok,
                               "description", "Thành công", "default", "description", "Lỗi (một dạng chung)", "content",
                               "application/json", "schema", "$ref", "#/components/schemas/Error");
        char opid[160];
        snprintf(opid, sizeof opid, "%s %s", r->method, r->pattern);
        json_object_set_new(op, "operationId", json_string(opid));
        if (r->body) {
            json_t *content = json_pack("{s:{s:{s:s}}}", r->body, "schema", "type",
                                        strcmp(r->body, "text/csv") == 0 ? "string" : "object");
            if (r->upload)
                json_object_set_new(content, "multipart/form-data", json_pack("{s:{s:s}}", "schema", "type", "object"));
            json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 1, "content", content));
        }
        if (r->auth) json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "bearer", "cookie"));
        char m[8];
        size_t k;
        for (k = 0; r->method[k] && k < sizeof m - 1; k++) m[k] = (char)(r->method[k] | 0x20);
        m[k] = 0;
        json_object_set_new(item, m, op);
    }
    return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, "
                     "s:{s:s}}}}}}, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}}}",
                     "openapi", "3.0.3", "info", "title", "motcua API", "version", "1", "description",
                     "Hệ thống một cửa điện tử: danh mục thủ tục, thời gian làm việc, đơn vị, người dùng.", "servers",
                     "url", "/", "paths", paths, "components", "schemas", "Error", "type", "object", "properties",
                     "error", "type", "object", "properties", "code", "type", "string", "message", "type", "string",
                     "message_en", "type", "string", "field", "type", "string", "securitySchemes", "bearer", "type",
                     "http", "scheme", "bearer", "cookie", "type", "apiKey", "in", "cookie", "name", "motcua_session");
}

static mc_err openapi_handler(api_req *r, mc_error *err) {
    (void)err;
    return api_reply(r, 200, routes_openapi());
}

/* What a commune node serves: these paths and what lies under them ("/can-bo" alone is the inbox). */
static const char *const node_paths[] = {
    "/api/v1/health",   "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/me", "/api/v1/dossiers",
    "/api/v1/inbox",    "/api/v1/procedures", "/api/v1/units",       "/api/v1/fields",  "/api/v1/calendar/deadline",
    "/api/v1/calendar/elapsed", "/api/v1/calendar/holidays", "/api/v1/openapi.json", "/static", "/dang-nhap",
    "/dang-xuat",       "/can-bo/ho-so",      "/can-bo/tiep-nhan",   "/metrics",
};

bool routes_on_node(const char *path) {
    if (!strcmp(path, "/can-bo") || !strcmp(path, "/")) return true;
    if (strstr(path, "/rating")) return false; /* ratings are the province's (ratings.h) */
    /* A transfer (liên thông) opens a dossier at another agency, which the province holds. */
    size_t len = strlen(path);
    if (len > 9 && !strcmp(path + len - 9, "/transfer") &&
        (!strncmp(path, "/api/v1/dossiers/", 17) || !strncmp(path, "/can-bo/ho-so/", 14)))
        return false;
    for (size_t i = 0; i < sizeof node_paths / sizeof node_paths[0]; i++) {
        size_t n = strlen(node_paths[i]);
        if (!strncmp(path, node_paths[i], n) && (path[n] == 0 || path[n] == '/')) return true;
    }
    return false;
}
