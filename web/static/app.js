/* motcua portal: progressive enhancement only; every page works without it.
 * Forms with class "upload" send their files with a progress bar. */
"use strict";
document.querySelectorAll("form.upload").forEach(function (form) {
  form.addEventListener("submit", function (ev) {
    var bar = document.getElementById(form.dataset.progress);
    if (!bar || !window.FormData || !window.XMLHttpRequest) return;
    ev.preventDefault();
    var data = new FormData(form);
    if (ev.submitter && ev.submitter.name) data.append(ev.submitter.name, ev.submitter.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    bar.setAttribute("aria-label", "Đang tải lên");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded * 100) / e.total);
    };
    xhr.onload = function () {
      /* The server answers a saved form with a redirect, an error with a page. */
      if (xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.href = xhr.responseURL;
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    };
    xhr.onerror = function () {
      bar.hidden = true;
      alert("Không gửi được. Vui lòng kiểm tra kết nối mạng và thử lại; các tệp chưa được lưu.");
    };
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    xhr.send(data);
  });
});
