/* motcua portal: progressive enhancement only; every page works without it.
 * Forms with class "upload" check the size of each file before sending,
 * then send with a progress bar. */
"use strict";
document.querySelectorAll("form.upload").forEach(function (form) {
  var buttons = form.querySelectorAll("button");
  var setBusy = function (busy) {
    buttons.forEach(function (b) { b.disabled = busy; });
  };
  form.addEventListener("submit", function (ev) {
    var max = Number(form.dataset.maxFile || 0);
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      for (var k = 0; k < inputs[i].files.length; k++) {
        var f = inputs[i].files[k];
        if (max && f.size > max) {
          ev.preventDefault();
          alert("Tệp «" + f.name + "» lớn hơn " + Math.floor(max / 1048576) +
                " MB. Hãy chụp hoặc quét lại với độ phân giải thấp hơn rồi chọn lại.");
          inputs[i].focus();
          return;
        }
      }
    }
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
      setBusy(false);
      alert("Không gửi được. Vui lòng kiểm tra kết nối mạng và thử lại; các tệp chưa được lưu.");
    };
    setBusy(true);
    xhr.send(data);
  });
});
