// Progress of file uploads: an enhancement only; without JavaScript the form posts as usual.
(function () {
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      var bar = form.querySelector("progress");
      var label = form.querySelector("[data-progress-label]");
      if (bar) { bar.hidden = false; bar.value = 0; }
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && bar) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          if (label) label.textContent = "Đang tải lên: " + bar.value + "%";
        }
      });
      request.addEventListener("load", function () {
        document.open(); document.write(request.responseText); document.close();
        if (request.responseURL) window.history.replaceState(null, "", request.responseURL);
      });
      request.addEventListener("error", function () { form.submit(); });
      request.send(new FormData(form));
    });
  });
})();
