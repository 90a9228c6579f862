// NotifyOrleans console behaviour shared by every page.
(function () {
  "use strict";

  // Antiforgery on every htmx request: the layout renders the request token into a meta tag and
  // it travels as a header (RequestVerificationToken), the name ASP.NET Core checks by default.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) event.detail.headers["RequestVerificationToken"] = meta.content;
  });

  // A confirmation in the corner, read out by screen readers (#toasts is a live region), gone after 5 s.
  function showToast(text) {
    var region = document.getElementById("toasts");
    if (!region) return;
    var toast = document.createElement("div");
    toast.className = "alert alert-success shadow-sm py-2 mb-2";
    toast.setAttribute("role", "status");
    toast.textContent = text;
    region.appendChild(toast);
    setTimeout(function () { toast.remove(); }, 5000);
  }

  // From an htmx handler: it answers with HX-Trigger: {"toast": "message"}.
  document.body.addEventListener("toast", function (event) {
    showToast(event.detail.value || event.detail);
  });

  // From a form posted the classic way: the page after the redirect comes with its toast. A live
  // region's content that is there at load is not read out, so it is put in again once the page is
  // up (without scripts it simply stays).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .alert").forEach(function (toast) {
      var text = toast.textContent.trim();
      toast.remove();
      setTimeout(function () { showToast(text); }, 250);
    });
  });

  // A list that refreshes itself replaces its rows: a <details> with an id that was open stays
  // open (a message being read in the delivery log). htmx itself puts the focus back on the
  // element with the id of the one that had it.
  var openDetails = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    openDetails = Array.prototype.map.call(event.detail.target.querySelectorAll("details[open][id]"), function (d) { return d.id; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    openDetails.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) details.open = true;
    });
    openDetails = [];
  });

  // The authenticator set-up page (Identity UI) leaves a data-url for a QR code: draw it.
  function drawQrCode() {
    var target = document.getElementById("qrCode");
    var data = document.getElementById("qrCodeData");
    if (!target || !data || typeof qrcode === "undefined") return;
    var qr = qrcode(0, "M");
    qr.addData(data.getAttribute("data-url"));
    qr.make();
    target.innerHTML = qr.createSvgTag({ cellSize: 4, margin: 2 });
  }
  document.addEventListener("DOMContentLoaded", drawQrCode);
})();
