// The interactive network view: an SVG drawn from the JSON in #network-data. Offline by
// construction: nothing is fetched, every text is set with textContent (never as markup).
"use strict";

const data = JSON.parse(document.getElementById("network-data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const svg = document.getElementById("canvas");
const world = document.createElementNS(SVG, "g");
svg.appendChild(world);
const panel = document.getElementById("details");
const threatFilter = document.getElementById("threat");
const yearFilter = document.getElementById("year");
const yearShown = document.getElementById("year-shown");

const byId = new Map(data.nodes.map((n) => [n.id, n]));
const ties = new Map(data.nodes.map((n) => [n.id, []]));
data.edges.forEach((e) => { ties.get(e.source).push(e); ties.get(e.target).push(e); });

function element(name, attributes, parent) {
  const made = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
  parent.appendChild(made);
  return made;
}

function html(name, text, parent, className) {
  const made = document.createElement(name);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  parent.appendChild(made);
  return made;
}

// ---------------------------------------------------------------- drawing
const W = 1000, H = 800;
const edgeLayer = element("g", {}, world);
const nodeLayer = element("g", {}, world);
const labelLayer = element("g", {}, world);
const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));

data.edges.forEach((e) => {
  const a = byId.get(e.source), b = byId.get(e.target);
  e.line = element("line", {
    class: "edge", x1: a.x * W, y1: a.y * H, x2: b.x * W, y2: b.y * H,
    "stroke-width": 0.6 + 4 * e.weight / maxWeight, "data-source": a.id, "data-target": b.id,
  }, edgeLayer);
  e.line.addEventListener("mouseenter", () => showEdge(e));
});

data.nodes.forEach((n) => {
  const r = n.radius;
  const attributes = { class: "node", fill: n.colour, "data-iri": n.id, "data-type": n.type };
  if (n.type === "Forum") {
    n.shape = element("rect", { ...attributes, x: n.x * W - r, y: n.y * H - r, width: 2 * r, height: 2 * r }, nodeLayer);
  } else {
    n.shape = element("circle", { ...attributes, cx: n.x * W, cy: n.y * H, r }, nodeLayer);
  }
  element("title", {}, n.shape).textContent = n.label;
  n.shape.addEventListener("mouseenter", () => showNode(n));
  n.shape.addEventListener("click", () => showNode(n, true));
  if (n.labelled) {
    n.text = element("text", { class: "label", x: n.x * W + r + 3, y: n.y * H + 4 }, labelLayer);
    n.text.textContent = n.label;
  }
});

// ---------------------------------------------------------------- filters
data.threats.forEach((t) => {
  const option = html("option", t.label, threatFilter);
  option.value = t.id;
});
const years = data.edges.map((e) => e.first_year).filter((y) => y);
if (years.length) {
  yearFilter.min = Math.min(...years);
  yearFilter.max = Math.max(...years);
  yearFilter.value = yearFilter.max;
} else {
  yearFilter.disabled = true;
}

function visible(e) {
  const threat = threatFilter.value;
  if (threat && !e.threats.includes(threat)) return false;
  if (!yearFilter.disabled && e.first_year && e.first_year > Number(yearFilter.value)) return false;
  return true;
}

function applyFilters() {
  yearShown.textContent = yearFilter.disabled ? "no dates" : "up to " + yearFilter.value;
  const shown = new Set();
  data.edges.forEach((e) => {
    const on = visible(e);
    e.line.style.display = on ? "" : "none";
    if (on) { shown.add(e.source); shown.add(e.target); }
  });
  const filtered = threatFilter.value || (!yearFilter.disabled && yearFilter.value !== yearFilter.max);
  data.nodes.forEach((n) => {
    const on = !filtered || shown.has(n.id);
    n.shape.style.display = on ? "" : "none";
    if (n.text) n.text.style.display = on ? "" : "none";
  });
  document.getElementById("counts").textContent =
    `${filtered ? shown.size : data.nodes.length} actors, ${data.edges.filter(visible).length} ties shown`;
}
threatFilter.addEventListener("change", applyFilters);
yearFilter.addEventListener("input", applyFilters);

// ---------------------------------------------------------------- details
function clearHighlight() {
  data.nodes.forEach((n) => { n.shape.classList.remove("hot", "faded"); if (n.text) n.text.classList.remove("faded"); });
  data.edges.forEach((e) => e.line.classList.remove("hot", "faded"));
}

function evidence(list, parent) {
  if (!list.length) return;
  const ul = html("ul", undefined, parent);
  list.forEach((item) => {
    const li = html("li", undefined, ul);
    html("div", `${item.document}${item.date ? ", " + item.date : ""} (${item.type})`, li, "muted");
    html("blockquote", item.sentence, li);
  });
}

function describeTie(e, parent, from) {
  const other = byId.get(e.source === from ? e.target : e.source);
  const li = html("li", undefined, parent);
  html("strong", other ? other.label : "", li);
  html("span", ` (${e.weight}) ${e.summary}`, li);
}

function showNode(n, pin) {
  clearHighlight();
  const mine = ties.get(n.id).filter(visible);
  const near = new Set(mine.flatMap((e) => [e.source, e.target]));
  data.nodes.forEach((m) => { if (!near.has(m.id) && m !== n) { m.shape.classList.add("faded"); if (m.text) m.text.classList.add("faded"); } });
  data.edges.forEach((e) => e.line.classList.add(mine.includes(e) ? "hot" : "faded"));
  n.shape.classList.add("hot");
  panel.replaceChildren();
  html("h2", n.label, panel);
  html("div", `${n.type}, community ${n.community}, PageRank ${n.pagerank.toFixed(3)}`, panel, "muted");
  html("div", n.id, panel, "muted");
  html("h3", `${mine.length} ties`, panel);
  const ul = html("ul", undefined, panel);
  mine.sort((a, b) => b.weight - a.weight).forEach((e) => describeTie(e, ul, n.id));
  const seen = new Set();
  const sentences = mine.flatMap((e) => e.evidence).filter((item) => !seen.has(item.sentence) && seen.add(item.sentence));
  if (sentences.length) {
    html("h3", "Evidence", panel);
    evidence(sentences.slice(0, 12), panel);
  }
  if (pin) panel.dataset.pinned = n.id;
}

function showEdge(e) {
  clearHighlight();
  e.line.classList.add("hot");
  panel.replaceChildren();
  html("h2", `${byId.get(e.source).label} – ${byId.get(e.target).label}`, panel);
  html("div", `${e.basis}, weight ${e.weight}`, panel, "muted");
  html("p", e.summary, panel);
  evidence(e.evidence, panel);
}

// ---------------------------------------------------------------- zoom and pan
let view = { x: 0, y: 0, k: 1 };
function place() { world.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`); }
svg.setAttribute("viewBox", `-40 -40 ${W + 80} ${H + 80}`);
svg.addEventListener("wheel", (event) => {
  event.preventDefault();
  const point = svg.createSVGPoint();
  point.x = event.clientX; point.y = event.clientY;
  const at = point.matrixTransform(svg.getScreenCTM().inverse());
  const factor = event.deltaY < 0 ? 1.2 : 1 / 1.2;
  view.x = at.x - (at.x - view.x) * factor;
  view.y = at.y - (at.y - view.y) * factor;
  view.k *= factor;
  place();
}, { passive: false });
let drag = null;
svg.addEventListener("mousedown", (event) => { drag = { x: event.clientX, y: event.clientY, view: { ...view } }; svg.classList.add("dragging"); });
window.addEventListener("mouseup", () => { drag = null; svg.classList.remove("dragging"); });
window.addEventListener("mousemove", (event) => {
  if (!drag) return;
  const scale = svg.getScreenCTM().a;
  view.x = drag.view.x + (event.clientX - drag.x) / scale;
  view.y = drag.view.y + (event.clientY - drag.y) / scale;
  place();
});

// ---------------------------------------------------------------- legend
const legend = document.getElementById("legend");
data.communities.forEach((c) => {
  const item = html("span", undefined, legend);
  const dot = html("i", undefined, item);
  dot.style.background = c.colour;
  item.appendChild(document.createTextNode(`${c.community}: ${c.name}`));
});
applyFilters();
document.body.dataset.ready = "true";
