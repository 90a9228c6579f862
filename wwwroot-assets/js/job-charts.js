// Job page charts: duration, size and result over time, from the JSON the page embeds.
(function () {
  "use strict";
  var source = document.getElementById("job-history-data");
  if (!source || typeof Chart === "undefined") return;
  var runs = JSON.parse(source.textContent).reverse(); // oldest first
  var labels = runs.map(function (r) { return r.endedAt.replace("T", " ").substring(0, 16); });
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
    data: { labels: labels, datasets: [{ data: runs.map(function (r) { return r.durationSeconds; }), borderColor: "#1f6feb", tension: 0.2, spanGaps: true }] },
    options: Object.assign({}, common, { scales: { y: { beginAtZero: true, title: { display: true, text: "seconds" } } } })
  });
  chart("chart-size", {
    type: "line",
    data: { labels: labels, datasets: [{ data: runs.map(function (r) { return r.sizeBytes === null ? null : r.sizeBytes / 1048576; }), borderColor: "#8250df", tension: 0.2, spanGaps: true }] },
    options: Object.assign({}, common, { scales: { y: { beginAtZero: true, title: { display: true, text: "MB" } } } })
  });
  chart("chart-result", {
    type: "bar",
    data: { labels: labels, datasets: [{ data: runs.map(function () { return 1; }), backgroundColor: runs.map(function (r) { return colours[r.status] || colours.unknown; }) }] },
    options: Object.assign({}, common, { scales: { y: { display: false, max: 1 } } })
  });
})();
