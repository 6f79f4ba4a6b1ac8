// The AppHost dashboard: polls /api/resources every second, and the selected resource's console log.
"use strict";

const state = {
  resources: [],
  logResource: null,
  logAfter: 0,
  entries: [],
  filter: "",
  details: null,
  revealed: {},
};
const maxEntries = 5000;

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  return response.json();
}

function duration(since) {
  if (!since) return "";
  let seconds = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 1000));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const pad = (n) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}h ${pad(minutes)}m ${pad(seconds)}s` : minutes > 0 ? `${minutes}m ${pad(seconds)}s` : `${seconds}s`;
}

function badge(kind, value) {
  return el("span", { class: `badge ${kind}-${value}` }, value === "FailedToStart" ? "Failed to start" : value);
}

async function command(name, verb) {
  const response = await fetch(`/api/resources/${encodeURIComponent(name)}/${verb}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-Requested-With": "prometei-dashboard" },
  });
  if (!response.ok) alert(`${verb} ${name}: HTTP ${response.status}`);
  refresh();
}

function renderResources() {
  const body = $("resources").tBodies[0];
  body.replaceChildren(...state.resources.map((r) => {
    const running = r.state === "Running" || r.state === "Starting";
    const links = [
      ...r.endpoints.map((e) => r.kind === "PostgreSQL" ? el("span", { class: "muted" }, e.url.replace("tcp://", "") + " ") : el("a", { href: e.url, target: "_blank", rel: "noopener" }, e.url)),
      ...r.urls.map((u) => el("a", { href: u.url, target: "_blank", rel: "noopener" }, u.name)),
    ];
    const stateCell = el("td", {}, badge("state", r.state),
      r.exitCode !== null && r.exitCode !== undefined ? el("span", { class: "muted" }, ` exit code ${r.exitCode}`) : null,
      r.restarts > 0 ? el("span", { class: "muted" }, ` · ${r.restarts} restart${r.restarts > 1 ? "s" : ""}`) : null,
      r.detail ? el("div", { class: "detail" }, r.detail) : null);
    const healthCell = el("td", {}, badge("health", r.health), r.healthDescription ? el("div", { class: "detail" }, r.healthDescription) : null);
    const actions = el("td", {},
      el("button", { type: "button", onclick: () => selectLog(r.name) }, "Logs"),
      el("button", { type: "button", onclick: () => { state.details = state.details === r.name ? null : r.name; renderDetails(); } }, "Details"),
      r.canBeControlled ? el("button", { type: "button", onclick: () => command(r.name, "restart"), disabled: r.state === "Stopping" }, "Restart") : null,
      r.canBeControlled && running ? el("button", { type: "button", onclick: () => command(r.name, "stop") }, "Stop") : null,
      r.canBeControlled && !running && r.state !== "Stopping" && r.state !== "Waiting" ? el("button", { type: "button", onclick: () => command(r.name, "start") }, "Start") : null);
    return el("tr", { class: r.name === state.logResource ? "selected" : null, "data-resource": r.name },
      el("td", {}, el("strong", {}, r.name)),
      el("td", {}, r.kind),
      stateCell,
      healthCell,
      el("td", {}, running && r.processId ? r.processId : ""),
      el("td", {}, running ? duration(r.startedAt) : ""),
      el("td", {}, links),
      actions);
  }));

  const healthy = state.resources.filter((r) => r.state === "Running" && r.health === "Healthy").length;
  $("summary").textContent = `${healthy} of ${state.resources.length} running and healthy`;

  const select = $("log-resource");
  const names = state.resources.map((r) => r.name);
  if (select.options.length !== names.length) {
    select.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  }
  if (!state.logResource && names.length > 0) selectLog(names[0]);
  select.value = state.logResource || "";
}

function renderDetails() {
  const resource = state.resources.find((r) => r.name === state.details);
  $("details").hidden = !resource;
  if (!resource) return;
  $("details-name").textContent = resource.name;
  const rows = [
    ["Type", resource.kind], ["State", resource.state], ["Health", `${resource.health}${resource.healthDescription ? " — " + resource.healthDescription : ""}`],
    ["Process id", resource.processId ?? ""], ["Started", resource.startedAt ? new Date(resource.startedAt).toLocaleString() : ""],
    ["Stopped", resource.stoppedAt ? new Date(resource.stoppedAt).toLocaleString() : ""], ["Exit code", resource.exitCode ?? ""],
    ["Waits for", resource.waitsFor.join(", ")], ["Detail", resource.detail ?? ""],
  ];
  $("details-list").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
  $("environment").tBodies[0].replaceChildren(...resource.environment.map((v) =>
    el("tr", {}, el("td", {}, v.name), el("td", {}, v.isSecret ? "•••••• (secret)" : v.value))));
}

function renderParameters(parameters) {
  $("parameters").tBodies[0].replaceChildren(...parameters.map((p) => {
    const value = state.revealed[p.name];
    const cell = value !== undefined
      ? el("td", {}, el("code", {}, value), " ", el("button", { type: "button", onclick: () => { delete state.revealed[p.name]; renderParameters(parameters); } }, "Hide"))
      : el("td", {}, p.secret ? "••••••" : "", " ", el("button", { type: "button", onclick: async () => {
          state.revealed[p.name] = (await getJson(`/api/parameters/${encodeURIComponent(p.name)}`)).value;
          renderParameters(parameters);
        } }, "Show"));
    return el("tr", {}, el("td", {}, p.name), cell, el("td", { class: "muted" }, p.source));
  }));
}

function selectLog(name) {
  if (state.logResource === name) return;
  state.logResource = name;
  state.logAfter = 0;
  state.entries = [];
  $("log-lines").replaceChildren();
  $("log-resource").value = name;
  pollLogs();
  renderResources();
}

function entryText(e) {
  return [e.level, e.category, e.message, e.exception].filter(Boolean).join(" ").toLowerCase();
}

function shortTime(e) {
  const value = new Date(e.timestamp || e.received);
  if (isNaN(value)) return e.timestamp || "";
  return value.toLocaleTimeString([], { hour12: false }) + "." + String(value.getMilliseconds()).padStart(3, "0");
}

function renderEntry(e) {
  if (e.level) {
    return el("div", { class: `log ${e.stream}` },
      el("span", { class: "time" }, shortTime(e)),
      el("span", { class: `level level-${e.level}` }, e.level.slice(0, 4).toUpperCase()),
      e.category ? el("span", { class: "category" }, e.category) : null,
      el("span", { class: "message" }, e.message),
      e.exception ? el("span", { class: "exception" }, e.exception) : null);
  }
  return el("div", { class: `log ${e.stream}` }, el("span", { class: "time" }, shortTime(e)), el("span", { class: "message" }, e.message));
}

function renderLogs(newEntries) {
  const box = $("log-lines");
  const filter = state.filter.toLowerCase();
  const matching = (e) => !filter || entryText(e).includes(filter);
  if (newEntries) {
    box.append(...newEntries.filter(matching).map(renderEntry));
    while (box.childElementCount > maxEntries) box.firstElementChild.remove();
  } else {
    box.replaceChildren(...state.entries.filter(matching).map(renderEntry));
  }
  $("log-count").textContent = `${state.entries.length} lines` + (filter ? `, ${box.childElementCount} matching` : "");
  if ($("log-follow").checked) box.scrollTop = box.scrollHeight;
}

async function pollLogs() {
  const name = state.logResource;
  if (!name) return;
  try {
    const page = await getJson(`/api/resources/${encodeURIComponent(name)}/logs?after=${state.logAfter}`);
    if (name !== state.logResource) return;
    state.logAfter = page.last;
    if (page.entries.length > 0) {
      state.entries.push(...page.entries);
      if (state.entries.length > maxEntries) state.entries.splice(0, state.entries.length - maxEntries);
      renderLogs(page.entries);
    }
  } catch (error) {
    $("connection").textContent = String(error);
  }
}

async function refresh() {
  try {
    const data = await getJson("/api/resources");
    state.resources = data.resources;
    $("connection").textContent = `AppHost pid ${data.appHost.processId}`;
    renderResources();
    renderDetails();
    if (!state.parametersShown || state.parametersShown !== data.parameters.length) {
      state.parametersShown = data.parameters.length;
      renderParameters(data.parameters);
    }
  } catch (error) {
    $("connection").textContent = "The AppHost does not answer (stopped?): " + error.message;
  }
}

$("log-resource").addEventListener("change", (e) => selectLog(e.target.value));
$("log-filter").addEventListener("input", (e) => { state.filter = e.target.value; renderLogs(); });
$("log-clear").addEventListener("click", () => { state.entries = []; renderLogs(); });

refresh();
setInterval(refresh, 1000);
setInterval(pollLogs, 1000);
