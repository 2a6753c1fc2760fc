// The operator console: keys, usage, tasks and channels, all read and changed through the
// admin API with the admin key. The key is checked with the server before it is kept, and kept
// in sessionStorage only (gone when the tab closes). Everything is drawn here: no other origin.
"use strict";

const STORAGE = "reelay.adminKey";
const TERMINAL = new Set(["succeeded", "failed", "cancelled", "expired"]);
const PAGE_SIZE = 20;
// Distinct in light and dark schemes; a model's colour follows its place in the sorted list.
const PALETTE = ["#3b82f6", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#84cc16"];
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const state = { key: null, keys: [], currency: null, page: 1, detail: null };

// MARK: - HTTP

class APIError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${state.key}` };
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const message = (data && (data.error?.message || data.message)) || `The server answered ${response.status}.`;
    throw new APIError(response.status, message);
  }
  return data;
}

// MARK: - Formatting

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function amount(value) {
  if (value === null || value === undefined) return "—";
  return Number(value).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 6, useGrouping: false });
}

function money(value) {
  if (value === null || value === undefined) return "—";
  return state.currency ? `${amount(value)} ${state.currency}` : amount(value);
}

function when(seconds) {
  if (!seconds) return "—";
  return new Date(seconds * 1000).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" });
}

function keyName(owner) {
  const key = state.keys.find((entry) => entry.id === owner);
  return key ? key.name : owner;
}

function show(node, message) {
  node.textContent = message || "";
  node.hidden = !message;
}

function badge(status, prefix = "status") {
  return element("span", status.replace("_", " "), `badge ${prefix}-${status}`);
}

// MARK: - Sign in

async function signIn(candidate) {
  state.key = candidate;
  try {
    await api("GET", "/admin/keys");
  } catch (error) {
    state.key = null;
    sessionStorage.removeItem(STORAGE);
    if (error.status === 401) throw new Error("The server refused this key: it is not the admin key.");
    if (error.status === 403) throw new Error(error.message);
    throw error;
  }
  sessionStorage.setItem(STORAGE, candidate);
  $("login-form").hidden = true;
  $("console").hidden = false;
  await refreshAll();
}

function signOut() {
  sessionStorage.removeItem(STORAGE);
  state.key = null;
  $("console").hidden = true;
  $("login-form").hidden = false;
  $("admin-key").value = "";
  $("admin-key").focus();
}

async function refreshAll() {
  await loadKeys();
  await Promise.all([loadUsage(), loadModels(), loadTasks(), loadChannels()]);
}

// MARK: - Keys

async function loadKeys() {
  try {
    const [list, usage] = await Promise.all([api("GET", "/admin/keys"), api("GET", "/admin/usage?days=1")]);
    state.currency = usage.currency;
    state.keys = list.data;
    show($("keys-error"), "");
  } catch (error) {
    show($("keys-error"), error.message);
    return;
  }
  const body = $("keys-table").querySelector("tbody");
  body.replaceChildren(...state.keys.map(keyRow));
  $("keys-empty").hidden = state.keys.length > 0;
  const filter = $("filter-key");
  const chosen = filter.value;
  filter.replaceChildren(element("option", "All keys"), ...state.keys.map((key) => {
    const option = element("option", key.revoked_at ? `${key.name} (revoked)` : key.name);
    option.value = key.id;
    return option;
  }));
  filter.options[0].value = "";
  filter.value = chosen;
}

function limitsText(limits) {
  const names = { max_queued: "queued", requests_per_minute: "per minute", daily_video_seconds: "s a day", max_storage_bytes: "bytes stored" };
  const parts = Object.entries(names).filter(([field]) => limits[field] !== null && limits[field] !== undefined)
    .map(([field, label]) => `${limits[field]} ${label}`);
  return parts.length ? parts.join(", ") : "No limits";
}

function budgetText(budget) {
  const parts = [];
  if (budget.total !== null) parts.push(`Total ${money(budget.total)}`);
  if (budget.daily !== null) parts.push(`Daily ${money(budget.daily)}`);
  if (budget.monthly !== null) parts.push(`Monthly ${money(budget.monthly)}`);
  if (budget.markup !== null) parts.push(`Markup ×${budget.markup}`);
  return parts.length ? parts.join(" · ") : "No budget";
}

function remainingText(key) {
  const left = key.spend.remaining;
  const parts = [];
  if (left.total !== null) parts.push(`Total ${money(left.total)}`);
  if (left.daily !== null) parts.push(`Today ${money(left.daily)}`);
  if (left.monthly !== null) parts.push(`Month ${money(left.monthly)}`);
  return parts.length ? parts.join(" · ") : "Unlimited";
}

function keyRow(key) {
  const row = element("tr");
  row.dataset.id = key.id;
  const name = element("td");
  name.append(element("strong", key.name), element("br"), element("span", key.id, "id muted"));
  if (key.revoked_at) name.append(element("br"), badge("revoked", "status"));
  const actions = element("td", undefined, "actions-cell");
  if (!key.revoked_at) {
    const edit = element("button", "Change", "ghost small");
    edit.type = "button";
    edit.dataset.action = "edit";
    edit.setAttribute("aria-label", `Change ${key.name}`);
    edit.addEventListener("click", () => openEditor(key));
    const revoke = element("button", "Revoke", "ghost small");
    revoke.type = "button";
    revoke.dataset.action = "revoke";
    revoke.setAttribute("aria-label", `Revoke ${key.name}`);
    revoke.addEventListener("click", () => revokeKey(key, revoke));
    actions.append(edit, revoke);
  }
  row.append(name, element("td", limitsText(key.effective_limits)), element("td", budgetText(key.budget), "k-budget"),
             element("td", money(key.spend.total ?? 0), "k-spent num"), element("td", remainingText(key), "k-remaining"), actions);
  return row;
}

async function createKey(event) {
  event.preventDefault();
  const name = $("new-key-name").value.trim();
  if (!name) { show($("keys-error"), "Give the key a name."); $("new-key-name").focus(); return; }
  const body = { name };
  const budget = $("new-key-budget").value.trim();
  if (budget) body.budget_total = Number(budget);
  try {
    const created = await api("POST", "/admin/keys", body);
    show($("keys-error"), "");
    $("new-key-name").value = "";
    $("new-key-budget").value = "";
    $("new-secret-name").textContent = created.name;
    $("new-secret-value").textContent = created.secret;
    $("copy-status").textContent = "";
    $("new-secret").hidden = false;
    $("copy-secret").focus();
    await loadKeys();
  } catch (error) {
    show($("keys-error"), error.message);
  }
}

async function copySecret() {
  const secret = $("new-secret-value").textContent;
  try {
    await navigator.clipboard.writeText(secret);
    $("copy-status").textContent = "Copied.";
  } catch {
    // Without clipboard access: select it for a manual copy.
    const range = document.createRange();
    range.selectNodeContents($("new-secret-value"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    $("copy-status").textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
}

function dismissSecret() {
  // The secret leaves the page: it cannot be shown again.
  $("new-secret-value").textContent = "";
  $("new-secret").hidden = true;
  $("new-key-name").focus();
}

async function revokeKey(key, button) {
  // Two steps instead of a blocking confirm(): the first click asks, the second revokes.
  if (button.dataset.armed !== "yes") {
    button.dataset.armed = "yes";
    button.textContent = "Confirm revoke";
    return;
  }
  try {
    await api("DELETE", `/admin/keys/${encodeURIComponent(key.id)}`);
    await loadKeys();
  } catch (error) {
    show($("keys-error"), error.message);
  }
}

const LIMIT_FIELDS = ["max_queued", "requests_per_minute", "daily_video_seconds", "max_storage_bytes"];
const BUDGET_FIELDS = ["budget_total", "budget_daily", "budget_monthly", "markup"];

function openEditor(key) {
  state.editing = key;
  $("editor-name").textContent = key.name;
  $("edit-name").value = key.name;
  for (const field of LIMIT_FIELDS) $(`edit-${field}`).value = key.limits[field] ?? "";
  const budget = { budget_total: key.budget.total, budget_daily: key.budget.daily, budget_monthly: key.budget.monthly, markup: key.budget.markup };
  for (const field of BUDGET_FIELDS) $(`edit-${field}`).value = budget[field] ?? "";
  show($("editor-error"), "");
  $("key-editor").hidden = false;
  $("edit-budget_total").focus();
}

async function saveKey(event) {
  event.preventDefault();
  const body = {};
  const name = $("edit-name").value.trim();
  if (name && name !== state.editing.name) body.name = name;
  for (const field of [...LIMIT_FIELDS, ...BUDGET_FIELDS]) {
    const value = $(`edit-${field}`).value.trim();
    body[field] = value === "" ? null : Number(value);
  }
  try {
    await api("PATCH", `/admin/keys/${encodeURIComponent(state.editing.id)}`, body);
    $("key-editor").hidden = true;
    await loadKeys();
  } catch (error) {
    show($("editor-error"), error.message);
  }
}

// MARK: - Usage

function days(since, count) {
  return Array.from({ length: count }, (_, index) => new Date((since + index * 86400) * 1000).toISOString().slice(0, 10));
}

async function loadUsage() {
  const count = Number($("usage-days").value);
  let usage;
  try {
    usage = await api("GET", `/admin/usage?days=${count}`);
  } catch (error) {
    show($("usage-summary"), error.message);
    return;
  }
  state.currency = usage.currency;
  const rows = usage.daily;
  const models = [...new Set(rows.map((row) => row.model))].sort();
  const colour = (model) => PALETTE[models.indexOf(model) % PALETTE.length];
  const axis = days(usage.since, count);
  const total = (field) => rows.reduce((sum, row) => sum + row[field], 0);
  const cost = total("cost");
  $("usage-summary").textContent = `${total("tasks")} tasks, ${total("video_seconds")} seconds of video, ${money(cost)} in the last ${count} days (UTC).`;
  $("usage-summary").dataset.cost = String(cost);
  $("usage-summary").hidden = false;
  drawChart($("chart-spend"), axis, models, rows, "cost", colour, "Spend");
  drawChart($("chart-seconds"), axis, models, rows, "video_seconds", colour, "Seconds of video");
  $("chart-legend").replaceChildren(...models.map((model) => {
    const item = element("li");
    const swatch = element("span", undefined, "swatch");
    swatch.style.background = colour(model);
    item.append(swatch, element("span", model));
    return item;
  }));
  const sorted = [...rows].sort((a, b) => b.day.localeCompare(a.day) || a.model.localeCompare(b.model) || a.owner.localeCompare(b.owner));
  $("usage-table").querySelector("tbody").replaceChildren(...sorted.map((row) => {
    const line = element("tr");
    line.append(element("td", row.day), element("td", keyName(row.owner)), element("td", row.model), element("td", row.tasks, "num"),
                element("td", row.video_seconds, "num"), element("td", money(row.cost), "num"));
    return line;
  }));
  $("usage-empty").hidden = rows.length > 0;
}

// A stacked bar chart in SVG: one bar per day, one segment per model.
function drawChart(container, axis, models, rows, field, colour, label) {
  const width = 640, height = 240, left = 54, bottom = 26, top = 10, right = 8;
  const stacks = axis.map((day) => models.map((model) =>
    rows.filter((row) => row.day === day && row.model === model).reduce((sum, row) => sum + row[field], 0)));
  const peak = Math.max(0, ...stacks.map((stack) => stack.reduce((a, b) => a + b, 0)));
  const scale = peak > 0 ? (height - top - bottom) / peak : 0;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${label} per day${peak > 0 ? `, highest ${field === "cost" ? money(peak) : peak}` : ": none"}`);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  for (const fraction of [0, 0.5, 1]) {
    const y = height - bottom - fraction * (height - top - bottom);
    add("line", { x1: left, x2: width - right, y1: y, y2: y });
    const value = peak * fraction;
    add("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, field === "cost" ? amount(value) : String(Math.round(value)));
  }
  const slot = (width - left - right) / axis.length;
  const bar = Math.max(2, slot * 0.7);
  const every = Math.ceil(axis.length / 8);
  axis.forEach((day, index) => {
    const x = left + index * slot + (slot - bar) / 2;
    let y = height - bottom;
    stacks[index].forEach((value, modelIndex) => {
      if (value <= 0) return;
      const size = value * scale;
      y -= size;
      const rect = add("rect", { x, y, width: bar, height: Math.max(1, size), fill: colour(models[modelIndex]), "data-day": day });
      const title = document.createElementNS(SVG, "title");
      title.textContent = `${day} · ${models[modelIndex]}: ${field === "cost" ? money(value) : `${value} s`}`;
      rect.append(title);
    });
    if (index % every === 0) add("text", { x: x + bar / 2, y: height - 8, "text-anchor": "middle" }, day.slice(5));
  });
  container.replaceChildren(svg);
}

async function downloadCSV(event) {
  event.preventDefault();
  const response = await fetch(`/admin/usage?days=${$("usage-days").value}&format=csv`, { headers: { Authorization: `Bearer ${state.key}` } });
  if (!response.ok) { show($("usage-summary"), `The CSV could not be read (${response.status}).`); return; }
  const url = URL.createObjectURL(await response.blob());
  const link = element("a");
  link.href = url;
  link.download = "reelay-usage.csv";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// MARK: - Tasks

async function loadModels() {
  try {
    const models = await (await fetch("/v1/models")).json();
    const select = $("filter-model");
    const chosen = select.value;
    select.replaceChildren(element("option", "Any model"), ...models.data.map((model) => {
      const option = element("option", model.id);
      option.value = model.id;
      return option;
    }));
    select.options[0].value = "";
    select.value = chosen;
  } catch {
    // The filter stays at "Any model".
  }
}

function taskQuery() {
  const query = new URLSearchParams({ page: String(state.page), limit: String(PAGE_SIZE) });
  const fields = { owner: "filter-key", status: "filter-status", model: "filter-model" };
  for (const [name, id] of Object.entries(fields)) if ($(id).value) query.set(name, $(id).value);
  for (const [name, id] of [["since", "filter-since"], ["until", "filter-until"]]) {
    const value = $(id).value;
    if (value) query.set(name, String(Math.floor(new Date(value).getTime() / 1000)));
  }
  return query;
}

async function loadTasks() {
  let page;
  try {
    page = await api("GET", `/admin/tasks?${taskQuery()}`);
    show($("tasks-error"), "");
  } catch (error) {
    show($("tasks-error"), error.message);
    return;
  }
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  $("tasks-count").textContent = `${page.total} ${page.total === 1 ? "task" : "tasks"}`;
  $("tasks-count").dataset.total = String(page.total);
  $("tasks-page").textContent = `Page ${state.page} of ${pages}`;
  $("tasks-prev").disabled = state.page <= 1;
  $("tasks-next").disabled = !page.has_more;
  $("tasks-table").querySelector("tbody").replaceChildren(...page.data.map(taskRow));
}

function taskRow(task) {
  const row = element("tr");
  row.dataset.id = task.id;
  row.dataset.status = task.status;
  const status = element("td");
  status.append(badge(task.status));
  const actions = element("td", undefined, "actions-cell");
  const open = element("button", "Open", "ghost small");
  open.type = "button";
  open.dataset.action = "open";
  open.setAttribute("aria-label", `Open ${task.id}`);
  open.addEventListener("click", () => openTask(task.id));
  actions.append(open);
  if (!TERMINAL.has(task.status)) {
    const cancel = element("button", "Cancel", "ghost small");
    cancel.type = "button";
    cancel.dataset.action = "cancel";
    cancel.setAttribute("aria-label", `Cancel ${task.id}`);
    cancel.addEventListener("click", () => cancelTask(task.id));
    actions.append(cancel);
  }
  row.append(element("td", when(task.created_at)), element("td", task.id, "id"), element("td", keyName(task.owner)),
             element("td", task.model), status, actions);
  return row;
}

async function openTask(id) {
  let task;
  try {
    task = await api("GET", `/admin/tasks/${encodeURIComponent(id)}`);
  } catch (error) {
    show($("tasks-error"), error.message);
    return;
  }
  state.detail = task;
  $("detail-id").textContent = task.id;
  const facts = [
    ["Key", keyName(task.owner)], ["Model", task.model], ["Status", task.status], ["Progress", `${task.progress} %`],
    ["Made by", task.provider ?? "—"], ["Created", when(task.created_at)], ["Started", when(task.started_at)],
    ["Ended", when(task.finished_at)], ["Attempts", task.attempts],
    ["Video", task.video_seconds === null ? "—" : `${task.video_seconds} s`],
    ["Cost", task.cost ? `${money(task.cost.state === "settled" ? task.cost.cost : 0)} (${task.cost.state}; ${money(task.cost.reserved)} reserved)` : "Not recorded"],
  ];
  if (task.failure) facts.push(["Failure", `${task.failure.code}: ${task.failure.message}`]);
  if (task.upstream) facts.push(["Upstream", `${task.upstream.channel} ${task.upstream.upstream_id ?? "(being sent)"}`]);
  $("detail-facts").replaceChildren(...facts.flatMap(([name, value]) => {
    const term = element("dt", name);
    const detail = element("dd", value);
    detail.dataset.fact = name.toLowerCase().replace(/\s+/g, "-");
    return [term, detail];
  }));
  $("detail-events").replaceChildren(...task.events.map((event) => {
    const item = element("li");
    item.dataset.type = event.type;
    const time = element("time", when(event.at));
    time.dateTime = new Date(event.at * 1000).toISOString();
    item.append(time, element("span", event.detail));
    return item;
  }));
  $("detail-request").textContent = JSON.stringify(task.request, null, 2);
  $("detail-result").hidden = !task.video_url;
  if (task.video_url) $("detail-video").href = task.video_url;
  $("detail-cancel").hidden = TERMINAL.has(task.status);
  show($("detail-error"), "");
  $("task-detail").hidden = false;
  $("task-detail").scrollIntoView({ block: "nearest" });
}

async function cancelTask(id) {
  try {
    await api("POST", `/admin/tasks/${encodeURIComponent(id)}/cancel`);
  } catch (error) {
    show(state.detail?.id === id ? $("detail-error") : $("tasks-error"), error.message);
    return;
  }
  await loadTasks();
  if (state.detail?.id === id) await openTask(id);
}

// MARK: - Channels

async function loadChannels() {
  let answer;
  try {
    answer = await api("GET", "/admin/channels");
  } catch (error) {
    $("channels-note").textContent = error.message;
    return;
  }
  if (!answer.routing) {
    $("channels-note").textContent = "No routing file is set (REELAY_UPSTREAMS): only the local renderer is configured.";
    $("channels-wrap").hidden = true;
    return;
  }
  $("channels-note").textContent = "Failures are those this instance saw; tasks in flight are counted from the store.";
  $("channels-wrap").hidden = false;
  $("channels-table").querySelector("tbody").replaceChildren(...answer.data.map((channel) => {
    const row = element("tr");
    row.dataset.name = channel.name;
    const circuit = element("td");
    circuit.append(channel.circuit ? badge(channel.circuit, "circuit") : element("span", "local renderer", "muted"));
    const failures = element("td");
    if (channel.recent_failures.length) {
      const list = element("ul", undefined, "failures");
      list.append(...channel.recent_failures.slice(0, 5).map((failure) => element("li", `${when(failure.at)} · ${failure.code}: ${failure.message}`)));
      failures.append(list);
    } else {
      failures.textContent = "None";
    }
    row.append(element("td", channel.name), circuit, element("td", channel.in_flight ?? "—", "num"),
               element("td", channel.errors_last_hour, "num"), failures);
    return row;
  }));
}

// MARK: - Wiring

function start() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = $("admin-key").value.trim();
    if (!candidate) { show($("login-error"), "Enter the admin key."); return; }
    $("login-submit").disabled = true;
    try {
      await signIn(candidate);
      show($("login-error"), "");
    } catch (error) {
      show($("login-error"), error.message);
      $("admin-key").focus();
    } finally {
      $("login-submit").disabled = false;
    }
  });
  $("logout").addEventListener("click", signOut);
  $("create-key-form").addEventListener("submit", createKey);
  $("copy-secret").addEventListener("click", copySecret);
  $("dismiss-secret").addEventListener("click", dismissSecret);
  $("key-editor").addEventListener("submit", saveKey);
  $("cancel-edit").addEventListener("click", () => { $("key-editor").hidden = true; });
  $("usage-days").addEventListener("change", loadUsage);
  $("usage-csv").addEventListener("click", downloadCSV);
  $("task-filters").addEventListener("submit", (event) => { event.preventDefault(); state.page = 1; loadTasks(); });
  $("tasks-prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); loadTasks(); });
  $("tasks-next").addEventListener("click", () => { state.page += 1; loadTasks(); });
  $("detail-close").addEventListener("click", () => { $("task-detail").hidden = true; state.detail = null; });
  $("detail-cancel").addEventListener("click", () => state.detail && cancelTask(state.detail.id));
  const kept = sessionStorage.getItem(STORAGE);
  if (kept) signIn(kept).catch((error) => show($("login-error"), error.message));
}

start();
