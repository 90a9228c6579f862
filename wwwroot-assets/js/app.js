// NotifyOrleans console behaviour shared by every page.
(function () {
  "use strict";

  // Antiforgery on every htmx request: the layout renders the request token into a meta tag and
  // it travels as a header (RequestVerificationToken), the name ASP.NET Core checks by default.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) event.detail.headers["RequestVerificationToken"] = meta.content;
  });

  // A confirmation in the corner, read out by screen readers (#toasts is a live region), gone after
  // 5 s; a warning (a change that did nothing, or reaches nobody yet) in yellow, for 12 s.
  function showToast(text, warns) {
    var region = document.getElementById("toasts");
    if (!region) return;
    var toast = document.createElement("div");
    toast.className = "alert " + (warns ? "alert-warning" : "alert-success") + " shadow-sm py-2 mb-2";
    toast.setAttribute("role", "status");
    toast.setAttribute("data-warns", warns ? "true" : "false");
    toast.textContent = text;
    region.appendChild(toast);
    setTimeout(function () { toast.remove(); }, warns ? 12000 : 5000);
  }

  // A form that asks first (data-confirm: the question), for what cannot be undone; htmx's own
  // requests ask through hx-confirm.
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A Copy button beside a secret shown once (data-copy-from: the element holding it). The clipboard
  // API needs a secure context (https, or localhost); elsewhere the text is selected to copy by hand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy-from"));
    if (!source) return;
    var text = source.textContent.trim();
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      showToast("Selected: press Ctrl+C (or ⌘C) to copy it.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { showToast("Copied."); }, selectIt);
    } else {
      selectIt();
    }
  });

  // A subscription row (My notifications): its box names a server or a job, so it is hidden for
  // "All jobs" (unless it holds an error) and suggests servers or jobs as the choice says.
  function fitSubscriptionRow(scope) {
    var box = document.querySelector('[data-target-of="' + scope.id + '"]');
    if (!box) return;
    var input = box.querySelector("input");
    box.hidden = scope.value === "AllJobs" && !input.classList.contains("is-invalid");
    input.setAttribute("list", scope.value === "Job" ? "known-jobs" : "known-servers");
    input.placeholder = scope.value === "Job" ? "server/job" : "server";
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-subscription] select")) fitSubscriptionRow(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-subscription] select").forEach(fitSubscriptionRow);
  });

  // A channel chosen in the assignments' last row ("+ add a channel…") gets a new empty row after
  // it, so that several channels are added with one Save. The new row starts as the server wrote the
  // empty one (a clone keeps each field's default, not what was chosen in it).
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches("#assignments select[name$='.ChannelId']") || !select.value) return;
    var row = select.closest("tr");
    if (row.nextElementSibling) return;
    var next = row.cloneNode(true);
    var index = Number(row.getAttribute("data-assignment")) + 1;
    next.setAttribute("data-assignment", index);
    next.querySelectorAll("[name]").forEach(function (field) {
      field.name = field.name.replace(/^Assignments\[\d+\]/, "Assignments[" + index + "]");
    });
    select.options[0].textContent = "(remove)";
    row.after(next);
  });

  // A form sent back with errors: the first field in error has the focus, so that it is read out
  // with its message (aria-describedby) and the keyboard is where the mending is, not at the top.
  // Marked either way (aria-invalid, or Bootstrap's is-invalid on a row's own inputs): a long form
  // (Notifications) came back at its top, its one error a screen further down, and looked saved.
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector("main [aria-invalid='true'], main input.is-invalid, main select.is-invalid, main textarea.is-invalid");
    if (first) first.focus();
    else focusTarget();
  });

  // An address's #part (a page back from an action, such as #job-incident after Acknowledge, or
  // "On this page" to a section) takes the focus there, not only the scroll: a keyboard went on from
  // the top of the page, twenty stops and more away from what it had just done.
  function focusTarget() {
    var target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.closest("main")) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
  window.addEventListener("hashchange", focusTarget);

  // From an htmx handler: it answers with HX-Trigger: {"toast": {"value": "message", "warns": false}}.
  document.body.addEventListener("toast", function (event) {
    showToast(event.detail.value, event.detail.warns === true);
  });

  // From a form posted the classic way: the page after the redirect comes with its toast. A live
  // region's content that is there at load is not read out, so it is put in again once the page is
  // up (without scripts it simply stays).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .alert").forEach(function (toast) {
      var text = toast.textContent.trim();
      var warns = toast.getAttribute("data-warns") === "true";
      toast.remove();
      setTimeout(function () { showToast(text, warns); }, 250);
    });
  });

  // A secret shown once (a new ingest key or API token) is the answer to the form's POST. The
  // address becomes the page's own (data-page-address), so that reloading shows the page again
  // instead of posting the form a second time and making a second key.
  document.addEventListener("DOMContentLoaded", function () {
    var answer = document.querySelector("[data-page-address]");
    if (answer) window.history.replaceState(null, "", answer.getAttribute("data-page-address"));
  });

  // Someone who never saved their preferences is offered their browser's time zone instead of the
  // UTC default: chosen in the list, and said so; nothing changes until they save. Without scripts
  // UTC stays chosen. A zone the list lacks is added to it: Chromium names zones by their old
  // names (Asia/Calcutta for Asia/Kolkata, Europe/Kiev, America/Buenos_Aires), which the list of
  // current names has not; the server knows them, and saves the zone by the list's name.
  document.addEventListener("DOMContentLoaded", function () {
    var note = document.querySelector("[data-browser-zone-for]");
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!note || !zone) return;
    var select = document.getElementById(note.getAttribute("data-browser-zone-for"));
    if (zone === select.value) return;
    if (!Array.prototype.some.call(select.options, function (option) { return option.value === zone; })) {
      var after = Array.prototype.find.call(select.options, function (option) { return option.value > zone; });
      select.add(new Option(zone, zone), after || null);
    }
    select.value = zone;
    // Named as the form's own button says it (Setup's is "Create admin and sign in", not Save).
    var button = select.form && select.form.querySelector("button[type=submit], button:not([type])");
    var press = button ? "\u201C" + button.textContent.trim() + "\u201D" : "Save";
    note.textContent = "Your browser's time zone, " + zone + ", is filled in: press " + press + " to use it."
      + (note.getAttribute("data-shows-times") === "true" ? " Until then times show in UTC." : ""); // Setup shows no times
    note.hidden = false;
  });

  // The webhook form's "Send to" (data-fills: the body template it fills in): a service's
  // ready-made body replaces the template, and the service's URL and headers are said below it. A
  // template someone wrote themselves is replaced only when they say so; the choice is not saved,
  // the template is, and the list follows what is typed into it (as the page does when it opens).
  function presetOf(option, text) {
    if (!option.hasAttribute("data-template")) return false;
    var template = option.getAttribute("data-template").trim();
    var placeholder = option.getAttribute("data-placeholder");
    if (!placeholder) return text === template;
    // Its placeholder ("CHAT ID") filled in with one quoted value.
    var parts = template.split('"' + placeholder + '"');
    if (text.length < parts[0].length + parts[1].length || text.indexOf(parts[0]) !== 0 || text.slice(text.length - parts[1].length) !== parts[1]) return false;
    return /^"[^"\n]*"$/.test(text.slice(parts[0].length, text.length - parts[1].length));
  }
  function showPreset(select) {
    var option = select.selectedOptions[0];
    var help = document.getElementById(select.getAttribute("aria-describedby"));
    if (help) help.textContent = option.getAttribute("data-help");
    // The header line the service wants (Gotify's "X-Gotify-Key: …") shows in the empty Extra
    // headers box; a saved value's own placeholder ("•••• (saved)") stays.
    var headers = document.getElementById("Settings_Headers");
    if (!headers) return;
    if (headers.dataset.ownPlaceholder === undefined) headers.dataset.ownPlaceholder = headers.placeholder;
    headers.placeholder = headers.dataset.ownPlaceholder || option.getAttribute("data-header-line") || "";
  }
  function followTemplate(select, target) {
    var text = target.value.replace(/\r\n/g, "\n").trim();
    var match = Array.prototype.find.call(select.options, function (option) { return presetOf(option, text); });
    select.value = match ? match.value : "own";
    showPreset(select);
  }
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches("select[data-fills]")) return;
    var option = select.selectedOptions[0];
    var target = document.querySelector(select.getAttribute("data-fills"));
    if (!target || !option.hasAttribute("data-template")) { showPreset(select); return; }
    var written = target.value.replace(/\r\n/g, "\n").trim();
    var known = Array.prototype.some.call(select.options, function (other) { return presetOf(other, written); });
    var replacement = option.value === "default" ? "the default JSON" : option.textContent.trim() + "\u2019s body";
    if (written && !known && !window.confirm("Replace the body template you wrote with " + replacement + "?")) {
      followTemplate(select, target);
      return;
    }
    target.value = option.getAttribute("data-template");
    fitRows(target);
    showPreset(select);
  });
  document.addEventListener("input", function (event) {
    var select = event.target.id && document.querySelector('select[data-fills="#' + event.target.id + '"]');
    if (select) followTemplate(select, event.target);
  });
  // Tall enough for the template it holds (a Teams card is twenty lines), within reason.
  function fitRows(textarea) { textarea.rows = Math.max(4, Math.min(20, textarea.value.split("\n").length + 1)); }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-fills]").forEach(function (select) {
      var target = document.querySelector(select.getAttribute("data-fills"));
      if (target) fitRows(target);
    });
  });

  // A form whose fields depend on a choice (the job page's schedule kind: data-kind-choice names
  // the select, data-for-kind the kinds a group of fields belongs to) shows the chosen kind's
  // fields only. Without scripts all show, and the server reads only the chosen kind's. A group
  // with a field in error stays in sight.
  function showChosenKind(form) {
    var choice = form.elements[form.getAttribute("data-kind-choice")];
    if (!choice) return;
    form.querySelectorAll("[data-for-kind]").forEach(function (group) {
      var chosen = group.getAttribute("data-for-kind").split(" ").indexOf(choice.value) >= 0;
      group.hidden = !chosen && !group.querySelector(".is-invalid");
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-kind-choice") && event.target.name === form.getAttribute("data-kind-choice")) showChosenKind(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-kind-choice]").forEach(showChosenKind);
  });

  // A form that redraws itself on every change (hx-trigger="change": a system notification event's):
  // htmx drops a change made while a redraw is on its way, and that redraw, made from the form as
  // it was, would undo the change. Such an answer is not swapped in; the form asks again instead.
  function formState(form) { return new URLSearchParams(new FormData(form)).toString(); }
  function redrawsOnChange(elt) { return elt.tagName === "FORM" && elt.getAttribute("hx-trigger") === "change"; }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (redrawsOnChange(event.detail.elt)) event.detail.elt.setAttribute("data-sent-state", formState(event.detail.elt));
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.elt;
    if (!redrawsOnChange(form) || form.getAttribute("data-sent-state") === formState(form)) return;
    event.detail.shouldSwap = false;
    setTimeout(function () { htmx.trigger(form, "change"); }, 0); // once this request is done
  });

  // The Email channel's port follows its Security while it holds a standard port (587, 465, 25):
  // SSL/TLS chosen beside 587 would fail to connect. A port someone typed stays as it is.
  var smtpPorts = { StartTls: "587", Ssl: "465", None: "25" };
  document.addEventListener("change", function (event) {
    if (event.target.name !== "Settings.Security" || !event.target.form) return;
    var port = event.target.form.elements["Settings.Port"];
    var standard = Object.keys(smtpPorts).map(function (k) { return smtpPorts[k]; });
    if (port && smtpPorts[event.target.value] && (port.value === "" || standard.indexOf(port.value) >= 0)) port.value = smtpPorts[event.target.value];
  });

  // A list that refreshes itself replaces its rows: a <details> with an id that was open stays
  // open (a message being read in the delivery log). htmx itself puts the focus back on the
  // element with the id of the one that had it.
  var openDetails = [];
  // An action whose own button is gone after the swap (Revoke, Delete) would drop the focus back to
  // the start of the page: it goes to the part of the page that was replaced instead.
  var focusedBeforeSwap = null, swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    openDetails = Array.prototype.map.call(event.detail.target.querySelectorAll("details[open][id]"), function (d) { return d.id; });
    focusedBeforeSwap = document.activeElement;
    swappedId = event.detail.target.id;
  });
  document.addEventListener("htmx:afterSwap", function () {
    openDetails.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) details.open = true;
    });
    openDetails = [];
  });
  document.addEventListener("htmx:afterSettle", function () {
    var lost = focusedBeforeSwap && !focusedBeforeSwap.isConnected && (!document.activeElement || document.activeElement === document.body);
    var replaced = swappedId && document.getElementById(swappedId);
    if (lost && replaced) {
      if (!replaced.hasAttribute("tabindex")) replaced.setAttribute("tabindex", "-1");
      replaced.focus();
    }
    focusedBeforeSwap = swappedId = null;
  });

  // Swapped-in content that sums itself up in a [data-announce] line (the template editor's live
  // preview) is read out through #announcer, and only when that line changed: a preview redrawn at
  // each pause in typing would otherwise be read out whole each time.
  var lastAnnounced = "";
  document.addEventListener("htmx:afterSettle", function (event) {
    var line = event.detail.target.querySelector && event.detail.target.querySelector("[data-announce]");
    var announcer = document.getElementById("announcer");
    if (!line || !announcer || line.textContent.trim() === lastAnnounced) return;
    lastAnnounced = line.textContent.trim();
    announcer.textContent = lastAnnounced;
  });

  // The template editor: an error a Save left under a field goes once the live preview finds that
  // field sound again (it stayed, red, beside a preview saying the template is valid). The preview
  // lists the problems it still finds itself.
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = document.getElementById("template-form");
    if (event.detail.target.id !== "preview" || !form) return;
    var stillWrong = Array.prototype.map.call(event.detail.target.querySelectorAll("[data-problem]"), function (problem) {
      var field = problem.getAttribute("data-problem");
      return "Input." + field.charAt(0).toUpperCase() + field.slice(1);
    });
    form.querySelectorAll("[data-field-error]").forEach(function (error) {
      var name = error.getAttribute("data-field-error");
      if (!error.textContent.trim() || stillWrong.indexOf(name) >= 0) return;
      error.textContent = "";
      var control = form.querySelector('[name="' + name + '"]');
      if (control) control.classList.remove("is-invalid");
    });
  });

  // A tab whose choice a form remembers (data-tab-field: the form's hidden field), so that a
  // redraw of the tabs by htmx (the template editor's preview) opens the same tab again.
  document.addEventListener("shown.bs.tab", function (event) {
    var field = document.getElementById(event.target.getAttribute("data-tab-field") || "");
    if (field) field.value = event.target.getAttribute("data-tab");
  });

  // The authenticator set-up page (Identity UI) leaves a data-url for a QR code: draw it.
  function drawQrCode() {
    var target = document.getElementById("qrCode");
    var data = document.getElementById("qrCodeData");
    if (!target || !data || typeof qrcode === "undefined") return;
    var qr = qrcode(0, "M");
    qr.addData(data.getAttribute("data-url"));
    qr.make();
    // Four modules of light margin, as the QR standard asks: on the dark page there is no other.
    target.innerHTML = qr.createSvgTag({ cellSize: 4, margin: 16 });
    // The stock page's note to developers ("Learn how to enable QR code generation") is done with.
    var note = document.querySelector('.alert a[href*="852423"]');
    if (note) note.closest(".alert").remove();
  }
  document.addEventListener("DOMContentLoaded", drawQrCode);
})();
