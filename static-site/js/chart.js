// The comparison chart: for each main indicator, one bar per territory (the page's, its parents, France),
// drawn in SVG at the width of its container so that its text stays readable on a phone. A table with the
// same values follows it for keyboard and screen-reader users.
import { el, percent, number } from "./dom.js";

const svgNs = "http://www.w3.org/2000/svg";

function svg(tag, attributes, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

export function formatValue(value, unit) {
  if (value === null || value === undefined) return "N.C.";
  return unit === "%" ? percent(value) : number(value, 1);
}

/**
 * groups: [{ label, unit, demonstration, series: [{ name, value, current }] }]
 * Each group has its own scale: a share goes to 100 %, a ratio to its largest value.
 */
export function drawComparison(figure, groups, caption) {
  figure.replaceChildren();
  const width = Math.max(280, Math.floor(figure.clientWidth || 640));
  const labelWidth = Math.min(190, Math.floor(width * 0.36));
  const valueWidth = 92;
  const barMax = width - labelWidth - valueWidth - 8;
  const barHeight = 18, gap = 6, titleHeight = 26, groupGap = 14;
  const titleLines = (g) => wrap(`${g.label}${g.demonstration ? " (démo)" : ""}`, Math.floor(width / 8.5)).length;
  const height = groups.reduce((h, g) => h + titleLines(g) * (titleHeight - 6) + 6 + g.series.length * (barHeight + gap) + groupGap, 0);

  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "graphique-legende" });
  let y = 0;
  for (const group of groups) {
    // SVG text does not wrap: cut the title into lines that fit (≈ 8.5 px per bold character at 14 px).
    for (const line of wrap(`${group.label}${group.demonstration ? " (démo)" : ""}`, Math.floor(width / 8.5))) {
      chart.append(svg("text", { x: 0, y: y + 17, class: "chart-title" }, line));
      y += titleHeight - 6;
    }
    y += 6;
    const max = group.unit === "%" ? 100 : Math.max(...group.series.map((s) => s.value || 0), 1);
    for (const s of group.series) {
      // A name longer than its column (≈ 7 px per character at 13 px) is shortened; the table below has it whole.
      const fits = Math.floor((labelWidth - 6) / 7);
      const name = s.name.length > fits ? `${s.name.slice(0, fits - 1)}…` : s.name;
      chart.append(svg("text", { x: 0, y: y + 13, class: s.current ? "chart-label current" : "chart-label" }, name));
      chart.append(svg("rect", { x: labelWidth, y, width: barMax, height: barHeight, class: "chart-track" }));
      if (s.value !== null && s.value !== undefined) {
        const w = Math.max(1, Math.round((s.value / max) * barMax));
        chart.append(svg("rect", { x: labelWidth, y, width: w, height: barHeight, class: s.current ? "chart-bar current" : "chart-bar" }));
      }
      chart.append(svg("text", { x: labelWidth + barMax + 6, y: y + 13, class: "chart-value" }, formatValue(s.value, group.unit)));
      y += barHeight + gap;
    }
    y += groupGap;
  }
  const legend = el("figcaption", null, caption);
  legend.id = "graphique-legende";
  figure.append(chart, legend, valuesTable(groups));
}

function wrap(text, maxChars) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && (line.length + 1 + word.length) > maxChars) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function valuesTable(groups) {
  const details = el("details", "chart-table");
  details.append(el("summary", null, "Les valeurs du graphique en tableau"));
  const names = groups.length ? groups[0].series.map((s) => s.name) : [];
  const table = el("table");
  const head = el("tr");
  head.append(el("th", null, "Indicateur"), ...names.map((n) => { const th = el("th", null, n); th.scope = "col"; return th; }));
  const thead = el("thead"); thead.append(head);
  const tbody = el("tbody");
  for (const group of groups) {
    const tr = el("tr");
    const th = el("th", null, group.label); th.scope = "row";
    tr.append(th, ...group.series.map((s) => el("td", null, formatValue(s.value, group.unit))));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  const scroll = el("div", "table-scroll");
  scroll.append(table);
  details.append(scroll);
  return details;
}
