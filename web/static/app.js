/* motcua portal: progressive enhancement only; every page works without it.
 * - A form sends once: its buttons are disabled while it is on its way
 *   (a double click at the counter must not make two dossiers).
 * - Forms with class "upload" check the size of each file before sending,
 *   then send with a progress bar. */
"use strict";
(function () {
  function busy(form, on) {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = on; });
  }

  function tooLarge(form) {
    var max = Number(form.dataset.maxFile || 0);
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; max && i < inputs.length; i++) {
      for (var k = 0; k < inputs[i].files.length; k++) {
        var f = inputs[i].files[k];
        if (f.size > max) {
          alert("Tệp «" + f.name + "» lớn hơn " + Math.floor(max / 1048576) +
                " MB. Hãy chụp hoặc quét lại với độ phân giải thấp hơn rồi chọn lại.");
          inputs[i].focus();
          return true;
        }
      }
    }
    return false;
  }

  function upload(form, ev) {
    var bar = document.getElementById(form.dataset.progress);
    if (!bar || !window.FormData || !window.XMLHttpRequest) return false;
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
      /* The server answers a saved form with a redirect, an error with a page: show it from its top. */
      if (xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.href = xhr.responseURL;
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
        window.scrollTo(0, 0);
      }
    };
    xhr.onerror = function () {
      bar.hidden = true;
      busy(form, false);
      alert("Không gửi được. Vui lòng kiểm tra kết nối mạng và thử lại; các tệp chưa được lưu.");
    };
    xhr.send(data);
    return true;
  }

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (form.dataset.sending) { /* already on its way */
        ev.preventDefault();
        return;
      }
      if (form.classList.contains("upload")) {
        if (tooLarge(form)) {
          ev.preventDefault();
          return;
        }
        if (upload(form, ev)) ev.preventDefault();
      }
      if (form.method.toLowerCase() === "post") {
        form.dataset.sending = "1";
        /* After the browser has taken the clicked button's value. */
        setTimeout(function () { busy(form, true); }, 0);
      }
    });
  });
  /* Coming back with the browser's Back button: the forms are usable again. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) {
      delete form.dataset.sending;
      busy(form, false);
    });
  });
})();
