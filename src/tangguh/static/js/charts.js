/* Bar, line and heat-map charts with ECharts (static/vendor/echarts), from data the page carries as JSON.

   Markup: the data in <script type="application/json" id="X"> (Django's json_script)
   and <div class="chart" data-chart="X">. The data:
     {"title": "...", "categories": ["Jawa Timur", ...],
      "series": [{"name": "Participants", "data": [12, ...]}, ...],
      "horizontal": true|false, "percent": true|false}
   Optional (absent: a bar chart of plain numbers, as before):
     "type": "line" (one line per series over the categories, e.g. years),
     "prefix": "Rp ", "suffix": " JP" (around every value shown),
     "compact": true (the value axis in short words: "143 M" for 143 miliar).
   Every chart has a table beside it with the same figures (the text alternative).
   No inline script or style: the CSP refuses them; the tooltip is drawn on the canvas
   (renderMode "richText"), so no HTML with style attributes is ever inserted. */
(function () {
  "use strict";

  var PALETTE = ["#0b4f6c", "#2a9d8f", "#e9a23b", "#c8553d", "#6d597a"];
  var lang = document.documentElement.lang || undefined;
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });

  function label(spec, value) {
    if (value === null || value === undefined) {
      return "—";
    }
    return (spec.prefix || "") + numbers.format(value) + (spec.percent ? " %" : "") + (spec.suffix || "");
  }

  function axisLabel(spec, value) {
    if (spec.compact) {
      return (spec.prefix || "") + compact.format(value) + (spec.suffix || "");
    }
    return label(spec, value);
  }

  function lineOption(spec) {
    return {
      color: PALETTE,
      animationDuration: 400,
      textStyle: { fontFamily: "inherit" },
      grid: { left: 8, right: 24, top: 12, bottom: 8 + 22 * Math.ceil(spec.series.length / 2), containLabel: true },
      legend: { bottom: 0, left: 0, itemWidth: 14, itemHeight: 10, type: "plain" },
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return label(spec, v); } },
      xAxis: { type: "category", data: spec.categories, boundaryGap: false, axisLabel: { color: "#334155" } },
      yAxis: {
        type: "value",
        max: spec.percent ? 100 : undefined,
        minInterval: spec.percent ? undefined : 1,
        axisLabel: { color: "#64748b", formatter: function (v) { return axisLabel(spec, v); } },
        splitLine: { lineStyle: { color: "#e2e8f0" } }
      },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, symbolSize: 7, lineStyle: { width: 2.5 } };
      })
    };
  }

  function option(spec) {
    var horizontal = !!spec.horizontal;
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: horizontal, // the first row on top, as in the table
      axisTick: { show: false },
      axisLabel: { color: "#334155", width: horizontal ? 130 : undefined, overflow: "truncate", interval: 0, hideOverlap: !horizontal }
    };
    var valueAxis = {
      type: "value",
      max: spec.percent ? 100 : undefined,
      minInterval: spec.percent ? undefined : 1,
      splitNumber: spec.compact ? 3 : undefined,
      axisLabel: { color: "#64748b", hideOverlap: !!spec.compact, formatter: function (v) { return axisLabel(spec, v); } },
      splitLine: { lineStyle: { color: "#e2e8f0" } }
    };
    return {
      color: PALETTE,
      animationDuration: 400,
      textStyle: { fontFamily: "inherit" },
      // Labels after horizontal bars need room at the right ("Rp 143 M").
      grid: { left: 8, right: horizontal && spec.compact ? 64 : 24, top: spec.series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
      legend: spec.series.length > 1 ? { top: 0, left: 0, itemWidth: 14, itemHeight: 10 } : { show: false },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        renderMode: "richText",
        valueFormatter: function (v) { return label(spec, v); }
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          data: s.data,
          barMaxWidth: 28,
          itemStyle: { borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
          label: {
            show: spec.categories.length <= 40,
            position: horizontal ? "right" : "top",
            color: "#334155",
            fontSize: 11,
            formatter: function (p) { return p.value ? axisLabel(spec, p.value) : ""; }
          }
        };
      })
    };
  }

  // --- heat map (competencies × units or institutions) ---------------------------------
  /* Data: {"type": "heatmap", "title": "...", "columns": ["Unit A", ...],
     "rows": ["M.01 Integritas", ...], "cells": [[x, y, value %, count, people], ...],
     "labels": {"short", "people", "none"}}. A cell's value is the share (%) of the
     people assessed who fall short (null: nobody assessed, drawn grey); its label the
     number of them; the colour key runs from 0 to the largest share (rounded up to
     tens). Rows top to bottom as in the table; on a phone they are named by code. */
  var HEAT = ["#f1f7f4", "#fde9b8", "#f4a259", "#c8553d", "#7f1d1d"];

  function heatOption(spec, width) {
    var labels = spec.labels || {};
    var narrow = width < 640; // a phone: rows named by their code, a shorter key
    var top = 0;
    spec.cells.forEach(function (c) { top = Math.max(top, c[2] || 0); });
    var max = Math.min(100, Math.max(10, Math.ceil(top / 10) * 10)); // contrast where it matters
    var data = spec.cells.map(function (c) {
      return { value: [c[0], c[1], c[2] === null ? "-" : c[2]], count: c[3], people: c[4] };
    });
    return {
      animationDuration: 300,
      textStyle: { fontFamily: "inherit" },
      grid: { left: 8, right: 12, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        renderMode: "richText",
        formatter: function (p) {
          var d = p.data;
          var row = spec.rows[d.value[1]], column = spec.columns[d.value[0]];
          if (d.value[2] === "-") {
            return row + "\n" + column + ": " + (labels.none || "—") + " (" + numbers.format(d.people) + " " + (labels.people || "") + ")";
          }
          return row + "\n" + column + ": " + numbers.format(d.count) + " " + (labels.short || "") +
            " / " + numbers.format(d.people) + " " + (labels.people || "") + " (" + numbers.format(d.value[2]) + " %)";
        }
      },
      xAxis: {
        type: "category",
        data: spec.columns,
        position: "top",
        splitArea: { show: true },
        axisTick: { show: false },
        axisLabel: { color: "#334155", fontSize: 11, interval: 0, rotate: spec.columns.length > 4 ? 55 : 0, width: narrow ? 90 : 130, overflow: "truncate" }
      },
      yAxis: {
        type: "category",
        data: spec.rows,
        inverse: true,
        splitArea: { show: true },
        axisTick: { show: false },
        axisLabel: {
          color: "#334155",
          fontSize: 11,
          width: narrow ? 44 : 160,
          overflow: "truncate",
          formatter: function (v) { return narrow ? String(v).split(" ")[0] : v; }
        }
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max: max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: narrow ? 90 : 160,
        itemWidth: 12,
        text: [max + " %", "0 %"],
        textStyle: { color: "#475569", fontSize: 11 },
        inRange: { color: HEAT },
        outOfRange: { color: "#e2e8f0" }
      },
      series: [{
        type: "heatmap",
        data: data,
        itemStyle: { borderColor: "#ffffff", borderWidth: 2 },
        label: {
          show: spec.columns.length <= 16,
          fontSize: 11,
          color: "#0f172a",
          formatter: function (p) { return p.data.value[2] === "-" ? "" : numbers.format(p.data.count); }
        },
        emphasis: { itemStyle: { borderColor: "#0f172a", borderWidth: 1 } }
      }]
    };
  }

  function heatHeight(spec, element) {
    // A band per competency; room above for the columns' (turned) names, below for the key.
    var top = spec.columns.length > 4 ? 130 : 40;
    element.style.height = Math.max(260, spec.rows.length * 32 + top + 70) + "px";
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) {
      return null;
    }
    var spec = JSON.parse(source.textContent);
    if (spec.type === "heatmap") {
      heatHeight(spec, element);
    }
    if (spec.horizontal) {
      // One band per category, tall enough for its bars and their labels.
      var band = 16 + 14 * spec.series.length;
      element.style.height = Math.max(200, spec.categories.length * band + 60) + "px";
    }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(spec.type === "heatmap" ? heatOption(spec, element.clientWidth) : spec.type === "line" ? lineOption(spec) : option(spec));
    element.setAttribute("data-drawn", "true");
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = draw(element);
      if (chart) {
        charts.push(chart);
      }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) { chart.resize(); });
      }, 120);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
