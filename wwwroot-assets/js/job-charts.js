// Job page charts: duration, size and result over time, from the JSON the page embeds.
(function () {
  "use strict";
  var source = document.getElementById("job-history-data");
  if (!source || typeof Chart === "undefined") return;
  var runs = JSON.parse(source.textContent).reverse(); // oldest first
  // To the minute, unless two runs ended in the same minute (a test, a retry): then to the second.
  var minutes = runs.map(function (r) { return r.endedAt.replace("T", " ").substring(0, 16); });
  var sameMinute = minutes.some(function (m, i) { return minutes.indexOf(m) !== i; });
  // Two lines each, the date over the time, never turned: turned, a whole timestamp was cut off at
  // the chart's left edge. Chart.js leaves out what does not fit (autoSkip).
  var labels = (sameMinute ? runs.map(function (r) { return r.endedAt.replace("T", " ").substring(0, 19); }) : minutes)
    .map(function (label) { return label.split(" "); });
  function timeAxis() { return { ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } }; }

  // The unit in which the largest value reads best (a 5 KB test backup read 0.005 MB): each unit
  // takes over from its threshold ("from", else its own size).
  function inUnit(values, units) {
    var largest = Math.max.apply(null, values.filter(function (v) { return v !== null; }).concat([0]));
    var unit = units[0];
    units.forEach(function (u) { if (largest >= (u.from || u.size)) unit = u; });
    return { name: unit.name, values: values.map(function (v) { return v === null ? null : v / unit.size; }) };
  }
  var durations = inUnit(runs.map(function (r) { return r.durationSeconds; }),
    [{ name: "seconds", size: 1 }, { name: "minutes", size: 60, from: 120 }, { name: "hours", size: 3600, from: 7200 }]);
  var sizes = inUnit(runs.map(function (r) { return r.sizeBytes; }),
    [{ name: "bytes", size: 1 }, { name: "KB", size: 1024 }, { name: "MB", size: 1048576 }, { name: "GB", size: 1073741824 }, { name: "TB", size: 1099511627776 }]);
  var colours = { success: "#2EA043", warning: "#D4A72C", failure: "#CF222E", unknown: "#8C959F" };
  var common = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };

  // Axis text and grid lines in the page's colours, light or dark (color-mode.js).
  var charts = [];
  function useThemeColours() {
    var style = getComputedStyle(document.documentElement);
    Chart.defaults.color = style.getPropertyValue("--bs-secondary-color").trim();
    Chart.defaults.borderColor = style.getPropertyValue("--bs-border-color-translucent").trim();
  }
  useThemeColours();
  document.addEventListener("colormode", function () {
    useThemeColours();
    charts.forEach(function (c) {
      Object.values(c.options.scales).forEach(function (scale) {
        scale.ticks.color = Chart.defaults.color;
        if (scale.title) scale.title.color = Chart.defaults.color;
        scale.grid.color = Chart.defaults.borderColor;
      });
      c.update();
    });
  });

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) charts.push(new Chart(canvas, config));
  }

  chart("chart-duration", {
    type: "line",
    data: { labels: labels, datasets: [{ data: durations.values, borderColor: "#1f6feb", tension: 0.2, spanGaps: true }] },
    options: Object.assign({}, common, { scales: { x: timeAxis(), y: { beginAtZero: true, title: { display: true, text: durations.name } } } })
  });
  chart("chart-size", {
    type: "line",
    data: { labels: labels, datasets: [{ data: sizes.values, borderColor: "#8250df", tension: 0.2, spanGaps: true }] },
    options: Object.assign({}, common, { scales: { x: timeAxis(), y: { beginAtZero: true, title: { display: true, text: sizes.name } } } })
  });
  chart("chart-result", {
    type: "bar",
    data: { labels: labels, datasets: [{ data: runs.map(function () { return 1; }), backgroundColor: runs.map(function (r) { return colours[r.status] || colours.unknown; }) }] },
    options: Object.assign({}, common, { scales: { x: timeAxis(), y: { display: false, max: 1 } } })
  });
})();
