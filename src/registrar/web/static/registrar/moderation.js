/* Moderation: draw the histogram of a module's first-attempt marks with Chart.js.
   The numbers come from the page's <script type="application/json"> element; the
   same numbers are in the table beside it, which is all a reader without JS sees. */
(function () {
  "use strict";
  var source = document.getElementById("moderation-histogram-data");
  var canvas = document.getElementById("moderation-histogram");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = { fail: "#c62828", zone: "#b26a00", pass: "#0b3d6e", mixed: "#6b7785" };
  var box = canvas.parentElement;
  box.hidden = false;
  var section = box.closest(".moderation-distribution");
  if (section) {
    section.classList.add("has-chart");
  }
  var legend = document.querySelector(".moderation-legend");
  if (legend) {
    legend.hidden = false;
  }
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: "Students",
          data: data.counts,
          backgroundColor: data.kinds.map(function (kind) { return colours[kind]; }),
          borderWidth: 0,
          barPercentage: 0.95,
          categoryPercentage: 0.95
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: function (items) { return "Marks " + items[0].label; },
            label: function (item) {
              return item.parsed.y + (item.parsed.y === 1 ? " student" : " students");
            }
          }
        }
      },
      scales: {
        x: {
          title: { display: true, text: "First-attempt module mark" },
          grid: { display: false },
          ticks: { autoSkip: false, maxRotation: 60 }
        },
        y: {
          beginAtZero: true,
          title: { display: true, text: "Students" },
          ticks: { precision: 0 }
        }
      }
    }
  });
})();
