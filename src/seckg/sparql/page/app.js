// The seckg query page: an editor with the bundled queries as examples, a results table and
// downloads. It talks only to the server that served it (same origin) and loads nothing else.
"use strict";

let PREFIXES = []; // [prefix, namespace], longest namespace first: from the server
const endpoint = new URL(".", window.location.href).pathname;
const $ = (id) => document.getElementById(id);
let bundled = [];

function shorten(iri) {
  for (const [prefix, base] of PREFIXES) {
    const local = iri.startsWith(base) ? iri.slice(base.length) : null;
    if (local !== null && /^[\w-]([\w.-]*[\w-])?$/.test(local)) return prefix + ":" + local;
  }
  return "<" + iri + ">";
}

async function ask(text, accept) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query: text }),
  });
  if (!response.ok) {
    throw new Error(response.status + " " + response.statusText + ": " + (await response.text()).trim());
  }
  return response;
}

function setStatus(message, isError) {
  const status = $("status");
  status.textContent = message;
  status.className = isError ? "error" : "";
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    td.textContent = shorten(term.value);
    td.title = term.value;
  } else {
    td.className = "literal";
    td.textContent = term.value;
    if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    else if (term.datatype) td.title = shorten(term.datatype);
  }
  return td;
}

function showTable(results) {
  const output = $("output");
  output.replaceChildren();
  const variables = results.head.vars || [];
  const rows = results.results.bindings;
  const table = document.createElement("table");
  table.id = "results";
  const head = table.createTHead().insertRow();
  for (const name of variables) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of variables) tr.appendChild(cell(row[name]));
  }
  output.appendChild(table);
  return rows.length;
}

async function run() {
  const text = $("query").value;
  const started = performance.now();
  setStatus("running…", false);
  $("output").replaceChildren();
  try {
    // the server picks JSON results for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE
    const response = await ask(text, "application/sparql-results+json, text/turtle;q=0.9");
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if ((response.headers.get("Content-Type") || "").startsWith("text/turtle")) {
      const pre = document.createElement("pre");
      pre.id = "results";
      pre.textContent = await response.text();
      $("output").appendChild(pre);
      setStatus("graph answer in " + seconds + " s", false);
      return;
    }
    const results = await response.json();
    if ("boolean" in results) {
      setStatus("answer: " + results.boolean + " (" + seconds + " s)", false);
      return;
    }
    const count = showTable(results);
    setStatus(count + " row" + (count === 1 ? "" : "s") + " in " + seconds + " s", false);
  } catch (error) {
    setStatus(error.message, true);
  }
}

async function download(accept, suffix) {
  const text = $("query").value;
  try {
    const response = await ask(text, accept);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    const chosen = bundled.find((q) => q.name === $("examples").value);
    link.download = (chosen ? chosen.name : "results") + "." + suffix;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function choose(name) {
  const chosen = bundled.find((q) => q.name === name);
  $("examples").value = chosen ? name : "";
  $("question").textContent = chosen ? chosen.question : "";
  if (chosen) $("query").value = chosen.text;
}

async function start() {
  const info = await (await fetch("page/queries.json")).json();
  bundled = info.queries;
  PREFIXES = info.prefixes || [];
  if (info.timeout) {
    $("about").textContent = "Read-only; each query is stopped after " + info.timeout +
      " s. Works offline: this page loads nothing but its own files.";
  }
  for (const query of bundled) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.name + " — " + query.question;
    $("examples").appendChild(option);
  }
  $("examples").addEventListener("change", (event) => {
    choose(event.target.value);
    window.location.hash = event.target.value ? "query=" + event.target.value : "";
  });
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  for (const button of document.querySelectorAll(".download button")) {
    button.addEventListener("click", () => download(button.dataset.format, button.dataset.suffix));
  }
  // #query=NAME opens a bundled query; &run runs it: a link to share a question
  const wanted = new URLSearchParams(window.location.hash.slice(1));
  if (wanted.get("query")) choose(wanted.get("query"));
  if (wanted.has("run")) await run();
}

start().catch((error) => setStatus("could not load the bundled queries: " + error.message, true));
