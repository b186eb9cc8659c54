#!/bin/sh
# `make run`: creates the demo database on first run, then serves it.
set -eu
DB=${1:-var/motcua.db}
LISTEN=${2:-127.0.0.1:8080}
if [ ! -f "$DB" ]; then
    echo "Tạo cơ sở dữ liệu mẫu tỉnh Cao Bằng: $DB"
    bin/motcua init --db "$DB" --demo --data data
fi
cat <<MSG

motcua đang chạy tại http://$LISTEN  (Ctrl+C để dừng)
  Cổng dịch vụ công: http://$LISTEN/
  Thử API: http://$LISTEN/api/v1/procedures?q=dang%20ky%20khai%20sinh
  Tài liệu API: http://$LISTEN/api/v1/openapi.json

Tài khoản mẫu (mật khẩu chung: CaoBang@2026):
  admin                 quản trị hệ thống (toàn tỉnh)
  giamsat               giám sát (toàn tỉnh)
  tiepnhan.tinh         cán bộ một cửa, Trung tâm Phục vụ hành chính công tỉnh
  chuyenvien.tuphap     chuyên viên, Sở Tư pháp
  lanhdao.tuphap        lãnh đạo, Sở Tư pháp
  tiepnhan.thucphan     cán bộ một cửa, phường Thục Phán
  chuyenvien.thucphan   chuyên viên, phường Thục Phán
  lanhdao.thucphan      lãnh đạo, phường Thục Phán
  tiepnhan.nungtricao   cán bộ một cửa, phường Nùng Trí Cao
  chuyenvien.noivu      chuyên viên, Sở Nội vụ (thẩm định chỉ số CCHC, tin cải cách)
  lanhdao.noivu         lãnh đạo, Sở Nội vụ (mở, công bố vòng đánh giá chỉ số CCHC)
  lanhdao.tinhuy        lãnh đạo, Tỉnh ủy;  lanhdao.ubnd  lãnh đạo, UBND tỉnh (giao nhiệm vụ)
  giamsat.hdnd          giám sát HĐND tỉnh (chỉ xem);  giamsat.mttq  giám sát UBMTTQ tỉnh (chỉ xem)
  0912345678            công dân Nguyễn Văn An
  Đăng nhập: curl -X POST http://$LISTEN/api/v1/auth/login -H 'Content-Type: application/json' \\
             -d '{"username":"admin","password":"CaoBang@2026"}'

MSG
exec bin/motcua serve --db "$DB" --listen "$LISTEN"
