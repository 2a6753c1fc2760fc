/// The playground at `GET /`: one page of vanilla HTML, CSS and JavaScript (served from
/// `/web/playground.css` and `/web/playground.js`) that loads nothing from any other origin.
/// It creates tasks through Ark's route, polls them through seed A's (whose `data.progress` is
/// "NN%"), plays the result, and lists the key's tasks.
enum PlaygroundPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Reelay playground</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/web/reelay.css">
        <link rel="stylesheet" href="/web/playground.css">
        <script src="/web/playground.js" defer></script>
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/"><span class="logo" aria-hidden="true"></span>Reelay <span class="brand-tag">playground</span></a>
          <nav class="top-links"><a href="/docs">API reference</a><a href="/openapi.json">OpenAPI</a></nav>
        </header>
        <main class="layout">
          <div class="column">
          <section class="card" id="key-card" aria-labelledby="key-title">
            <h2 id="key-title">API key</h2>
            <div class="key-row">
              <input id="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="sk-..." aria-label="API key">
              <button id="toggle-key" type="button" class="ghost">Show</button>
              <button id="save-key" type="button">Save</button>
            </div>
            <p id="key-status" class="hint">Kept in this browser's localStorage only; sent as <code>Authorization: Bearer</code>.</p>
          </section>

          <form class="card" id="create-form" novalidate aria-labelledby="create-title">
            <h2 id="create-title">Create a video</h2>
            <div class="field">
              <label for="model">Model</label>
              <select id="model" disabled><option>Loading models...</option></select>
              <p id="model-summary" class="hint"></p>
            </div>
            <div class="field">
              <label for="prompt">Prompt</label>
              <textarea id="prompt" rows="4" maxlength="4000" placeholder="A cat playing with a ball of yarn, soft morning light"></textarea>
            </div>
            <div class="grid3">
              <div class="field"><label for="ratio">Ratio</label><select id="ratio"></select></div>
              <div class="field"><label for="resolution">Resolution</label><select id="resolution"></select></div>
              <div class="field"><label for="duration">Duration</label><select id="duration"></select></div>
            </div>
            <div class="grid2">
              <div class="field">
                <label for="seed">Seed</label>
                <input id="seed" type="number" inputmode="numeric" min="-1" max="2147483647" step="1" placeholder="random">
              </div>
              <div class="checks" role="group" aria-label="Options">
                <label class="check" id="audio-field"><input id="audio" type="checkbox"> Audio</label>
                <label class="check"><input id="watermark" type="checkbox"> Watermark</label>
                <label class="check"><input id="camera-fixed" type="checkbox"> Fixed camera</label>
                <label class="check"><input id="last-frame" type="checkbox"> Return last frame</label>
                <label class="check" id="draft-field"><input id="draft" type="checkbox"> Draft (480p)</label>
              </div>
            </div>
            <fieldset id="media-fields">
              <legend>Images</legend>
              <p id="media-hint" class="hint"></p>
              <div id="media-slots"></div>
              <button id="add-reference" type="button" class="ghost small">Add a reference image</button>
            </fieldset>
            <div class="actions">
              <button id="submit" type="submit" class="primary" disabled>Generate</button>
              <span id="submit-hint" class="hint">Sent to <code>POST /api/v3/contents/generations/tasks</code></span>
            </div>
            <p id="form-error" class="error" role="alert" hidden></p>
          </form>
          </div>

          <div class="column">

          <section class="card" id="task-card" aria-labelledby="task-title" aria-live="polite">
            <h2 id="task-title">Task</h2>
            <p id="task-empty" class="hint">Submit a prompt, or pick a task from the history.</p>
            <div id="task-view" hidden>
              <div class="task-head">
                <code id="task-id"></code>
                <span id="task-status" class="badge">...</span>
              </div>
              <p id="task-summary" class="hint"></p>
              <div class="progress" id="progress" role="progressbar" aria-label="Progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">
                <div id="progress-bar" class="progress-bar"></div>
              </div>
              <div class="task-meta">
                <span>Progress <strong id="progress-text">0%</strong></span>
                <span>Elapsed <strong id="elapsed">0.0 s</strong></span>
              </div>
              <p id="task-error" class="error" role="alert" hidden></p>
              <video id="video" controls playsinline preload="auto" hidden></video>
              <div id="downloads" class="downloads" hidden>
                <a id="video-link" href="#" download>Download the MP4</a>
              </div>
              <figure id="last-frame" class="last-frame" hidden>
                <img id="last-frame-image" alt="The video's last frame">
                <figcaption>Last frame</figcaption>
              </figure>
              <details class="raw">
                <summary>Task JSON</summary>
                <pre id="task-json"></pre>
              </details>
            </div>
          </section>

          <section class="card" id="history-card" aria-labelledby="history-title">
            <div class="card-head">
              <h2 id="history-title">History</h2>
              <button id="refresh-history" type="button" class="ghost small">Refresh</button>
            </div>
            <p id="history-status" class="hint">Enter your API key to see its tasks.</p>
            <ul id="history" class="history"></ul>
          </section>
          </div>
        </main>
        </body>
        </html>
        """#

    static let css = #"""
        .layout {
          display: grid;
          grid-template-columns: minmax(0, 1fr);
          gap: 16px;
          max-width: 1240px;
          margin: 0 auto;
          padding: 16px;
        }
        @media (min-width: 900px) {
          .layout { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); align-items: start; }
        }
        @media (max-width: 420px) {
          .layout { padding: 10px; gap: 10px; }
          .card { padding: 12px; }
        }
        .column { display: flex; flex-direction: column; gap: 16px; min-width: 0; }

        .key-row { display: flex; gap: 8px; }
        .key-row input { flex: 1 1 auto; min-width: 0; }
        .key-row button { flex: 0 0 auto; }

        .field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; min-width: 0; }
        .grid3 { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; }
        .grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 10px; align-items: start; }
        @media (max-width: 520px) {
          .grid3 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
          .grid3 .field:last-child { grid-column: 1 / -1; }
          .grid2 { grid-template-columns: minmax(0, 1fr); }
        }
        .checks { display: flex; flex-wrap: wrap; gap: 6px 16px; padding-top: 22px; }
        @media (max-width: 520px) { .checks { padding-top: 0; margin-bottom: 12px; } }
        .check { display: inline-flex; align-items: center; gap: 6px; font-weight: 400; white-space: nowrap; }

        fieldset { border: 1px solid var(--line); border-radius: 10px; margin: 4px 0 14px; padding: 8px 12px 12px; min-width: 0; }
        legend { padding: 0 6px; font-weight: 600; }
        .slot { border-top: 1px dashed var(--line); padding: 10px 0 4px; }
        .slot:first-child { border-top: 0; }
        .slot-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 6px; }
        .slot-label { font-weight: 600; font-size: 0.92rem; }
        .slot-body { display: flex; gap: 8px; align-items: center; }
        .slot-body input[type="text"] { flex: 1 1 auto; min-width: 0; }
        .slot-body .upload { flex: 0 0 auto; }
        .thumb { width: 44px; height: 44px; object-fit: cover; border-radius: 6px; border: 1px solid var(--line); flex: 0 0 auto; }
        .slot-status { margin: 4px 0 0; overflow-wrap: anywhere; }
        .slot-status.bad { color: var(--bad); }

        .actions { display: flex; align-items: center; flex-wrap: wrap; gap: 10px; }

        .task-head { display: flex; justify-content: space-between; align-items: center; gap: 10px; flex-wrap: wrap; }
        .task-head code { overflow-wrap: anywhere; }
        .progress { height: 12px; border-radius: 6px; background: var(--track); overflow: hidden; margin: 10px 0 6px; }
        .progress-bar { height: 100%; width: 0; background: var(--accent); border-radius: 6px; transition: width 0.3s ease; }
        .progress.done .progress-bar { background: var(--good); }
        .progress.failed .progress-bar { background: var(--bad); }
        .task-meta { display: flex; justify-content: space-between; gap: 10px; font-size: 0.92rem; color: var(--muted); }
        .task-meta strong { color: var(--text); font-variant-numeric: tabular-nums; }
        video { display: block; width: 100%; max-height: 70vh; margin-top: 14px; border-radius: 10px; background: #000; }
        .downloads { margin-top: 8px; }
        .last-frame { margin: 14px 0 0; }
        .last-frame img { display: block; max-width: 100%; border-radius: 10px; border: 1px solid var(--line); }
        .last-frame figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 4px; }
        .raw { margin-top: 14px; }
        .raw pre { max-height: 320px; }

        .card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
        .history { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
        .history-item {
          width: 100%; text-align: left; display: grid; gap: 2px 10px;
          grid-template-columns: minmax(0, 1fr) auto; background: var(--field); color: var(--text);
          border: 1px solid var(--line); border-radius: 10px; padding: 8px 10px; font-weight: 400; white-space: normal;
        }
        .history-item:hover { border-color: var(--accent); }
        .history-item.current { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent) inset; }
        .history-item .h-model { font-weight: 600; overflow-wrap: anywhere; }
        .history-item .h-meta, .history-item .h-id { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
        .history-item .h-id { background: none; padding: 0; grid-column: 1 / -1; }
        .history-item .badge { justify-self: end; }
        .history-item time { font-size: 0.85rem; color: var(--muted); justify-self: end; white-space: nowrap; }
        """#

    static let javascript = #"""
        "use strict";
        (() => {
          const $ = (id) => document.getElementById(id);
          const KEY_STORAGE = "reelay.apiKey";
          const MODEL_STORAGE = "reelay.model";
          const TASKS = "/api/v3/contents/generations/tasks";
          const state = { models: [], model: null, slots: [], task: null, pollTimer: null, clockTimer: null };

          class ApiError extends Error {
            constructor(message, status, body) { super(message); this.status = status; this.body = body; }
          }

          function apiKey() { return $("api-key").value.trim(); }

          // Any request to the server: JSON in, JSON out, and the server's own error message on failure.
          async function api(path, options = {}) {
            const headers = Object.assign({}, options.headers || {});
            const key = apiKey();
            if (key) headers["Authorization"] = "Bearer " + key;
            let response;
            try {
              response = await fetch(path, Object.assign({}, options, { headers }));
            } catch (error) {
              throw new ApiError("The server could not be reached (" + error.message + ").", 0, null);
            }
            const text = await response.text();
            let body = null;
            try { body = text ? JSON.parse(text) : null; } catch (_) { body = null; }
            if (!response.ok) throw new ApiError(errorMessage(body, text, response.status), response.status, body);
            return body;
          }

          // Every dialect's error body: {error: {message, param, code}} or new-api's {code, message}.
          function errorMessage(body, text, status) {
            let message = "", param = "", code = "";
            if (body && typeof body === "object") {
              const error = body.error && typeof body.error === "object" ? body.error : body;
              if (typeof error.message === "string") message = error.message;
              if (typeof error.param === "string") param = error.param;
              if (error.code !== undefined && error.code !== null) code = String(error.code);
            }
            if (message === "task_not_exist") message = "This task does not exist, or belongs to another key.";
            if (!message) message = (text || "").trim().slice(0, 300) || "The server answered HTTP " + status + ".";
            if (param && !message.includes(param)) message = param + ": " + message;
            const detail = code && code !== String(status) ? " " + code : "";
            return message + " (HTTP " + status + detail + ")";
          }

          function option(value, label) {
            const element = document.createElement("option");
            element.value = value;
            element.textContent = label;
            return element;
          }

          // A choice the person made survives a change of model where the new model offers it;
          // otherwise the select shows the model's default.
          function fillSelect(id, entries, fallback) {
            const select = $(id);
            const previous = select.dataset.touched ? select.value : fallback;
            select.replaceChildren(...entries.map(([value, label]) => option(value, label)));
            const values = entries.map(([value]) => value);
            select.value = values.includes(previous) ? previous : fallback;
          }

          function showError(id, message) {
            const element = $(id);
            element.textContent = message;
            element.hidden = !message;
          }

          // MARK: Key

          function setUpKey() {
            $("api-key").value = localStorage.getItem(KEY_STORAGE) || "";
            const save = () => {
              const key = apiKey();
              if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
              $("key-status").textContent = key ? "Saved in this browser." : "No key saved.";
              refreshHistory();
            };
            $("save-key").addEventListener("click", save);
            $("api-key").addEventListener("change", save);
            $("api-key").addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); save(); } });
            $("toggle-key").addEventListener("click", () => {
              const input = $("api-key");
              const hidden = input.type === "password";
              input.type = hidden ? "text" : "password";
              $("toggle-key").textContent = hidden ? "Hide" : "Show";
            });
          }

          // MARK: Models and the adaptive form

          async function loadModels() {
            try {
              const body = await api("/v1/models");
              state.models = body.data || [];
            } catch (error) {
              showError("form-error", "The model catalog could not be loaded: " + error.message);
              return;
            }
            const saved = localStorage.getItem(MODEL_STORAGE);
            const preferred = ["doubao-seedance-1-5-pro-251215", "doubao-seedance-2.0"];
            const initial = state.models.find((model) => model.id === saved)
              || state.models.find((model) => preferred.includes(model.id)) || state.models[0];
            const select = $("model");
            select.replaceChildren(...state.models.map((model) => option(model.id, model.id)));
            select.disabled = false;
            $("submit").disabled = false;
            if (initial) select.value = initial.id;
            applyModel();
          }

          function durationLabel(seconds) { return seconds === -1 ? "auto" : seconds + " s"; }

          function applyModel() {
            const model = state.models.find((entry) => entry.id === $("model").value) || state.models[0];
            if (!model) return;
            state.model = model;
            localStorage.setItem(MODEL_STORAGE, model.id);
            const aliases = model.aliases.length ? " Also named " + model.aliases.join(", ") + "." : "";
            $("model-summary").textContent = model.summary + aliases;

            fillSelect("ratio", model.ratios.map((ratio) => [ratio, ratio]), model.defaults.ratio);
            fillSelect("resolution", model.resolutions.map((resolution) => [resolution, resolution]), model.defaults.resolution);
            const durations = [];
            for (let seconds = model.durations.min; seconds <= model.durations.max; seconds += model.durations.step) {
              durations.push([String(seconds), durationLabel(seconds)]);
            }
            if (model.auto_duration) durations.push(["-1", durationLabel(-1)]);
            fillSelect("duration", durations, String(model.defaults.duration));

            $("audio-field").hidden = !model.audio;
            $("audio").checked = model.audio && model.defaults.generate_audio;
            $("watermark").checked = model.defaults.watermark;
            $("draft-field").hidden = !model.draft;
            if (!model.draft) $("draft").checked = false;
            applyDraft();
            buildMediaSlots(model);
          }

          function applyDraft() {
            const draft = $("draft").checked && state.model && state.model.draft;
            const resolution = $("resolution");
            if (draft && [...resolution.options].some((entry) => entry.value === "480p")) resolution.value = "480p";
            resolution.disabled = Boolean(draft);
          }

          // MARK: Images (first frame, last frame, reference images)

          function buildMediaSlots(model) {
            const media = model.media;
            const kept = state.slots.filter((slot) => slotURL(slot)).map((slot) => ({ role: slot.role, url: slotURL(slot), note: slot.note }));
            $("media-slots").replaceChildren();
            state.slots = [];
            const any = media.first_frame || media.last_frame || media.reference_images > 0;
            $("media-fields").hidden = !any;
            if (!any) return;
            if (media.first_frame) addSlot("first_frame");
            if (media.last_frame) addSlot("last_frame");
            if (media.reference_images > 0) addSlot("reference_image");
            for (const old of kept) {
              if (old.url.startsWith("asset://") && !model.assets) continue;
              let slot = state.slots.find((entry) => entry.role === old.role && !slotURL(entry));
              if (!slot && old.role === "reference_image" && referenceCount() < media.reference_images) slot = addSlot("reference_image");
              if (slot) setSlotValue(slot, old.url, old.note);
            }
            updateMediaHints();
          }

          function referenceCount() { return state.slots.filter((slot) => slot.role === "reference_image").length; }

          function updateMediaHints() {
            const model = state.model;
            const media = model.media;
            const hints = [];
            if (media.requires_image) hints.push("This model makes videos from images: add a first frame or a reference image.");
            if (media.reference_images > 0) hints.push("Up to " + media.reference_images + " reference image" + (media.reference_images === 1 ? "" : "s") + ".");
            if (media.reference_images > 0 && (media.first_frame || media.last_frame) && !media.frames_with_reference_images) {
              hints.push("First/last frames and reference images cannot be combined.");
            }
            if (media.reference_resolutions) hints.push("Reference images work at " + media.reference_resolutions.join(", ") + " only.");
            hints.push(model.assets ? "Uploads are stored as assets (asset://)." : "Uploads are sent inline as data: URIs.");
            $("media-hint").textContent = hints.join(" ");
            $("add-reference").hidden = !(media.reference_images > 1 && referenceCount() < media.reference_images);
          }

          const ROLE_LABELS = { first_frame: "First frame", last_frame: "Last frame", reference_image: "Reference image" };

          function addSlot(role) {
            const slot = { role, value: "", note: "" };
            const index = role === "reference_image" ? referenceCount() + 1 : 0;
            const label = ROLE_LABELS[role] + (index ? " " + index : "");
            const root = document.createElement("div");
            root.className = "slot";
            root.dataset.role = role;
            const head = document.createElement("div");
            head.className = "slot-head";
            const title = document.createElement("span");
            title.className = "slot-label";
            title.textContent = label;
            const clear = document.createElement("button");
            clear.type = "button";
            clear.className = "link small";
            clear.textContent = "Clear";
            clear.hidden = true;
            head.append(title, clear);
            const body = document.createElement("div");
            body.className = "slot-body";
            const thumb = document.createElement("img");
            thumb.className = "thumb";
            thumb.alt = "";
            thumb.hidden = true;
            const input = document.createElement("input");
            input.type = "text";
            input.inputMode = "url";
            input.spellcheck = false;
            input.placeholder = "https://..., data:... or asset://...";
            input.setAttribute("aria-label", label + " URL");
            const upload = document.createElement("label");
            upload.className = "button ghost small upload";
            upload.textContent = "Upload";
            const file = document.createElement("input");
            file.type = "file";
            file.accept = "image/png,image/jpeg,image/webp,image/gif,image/bmp";
            file.className = "visually-hidden";
            file.setAttribute("aria-label", "Upload the " + label.toLowerCase());
            upload.append(file);
            body.append(thumb, input, upload);
            const status = document.createElement("p");
            status.className = "hint slot-status";
            root.append(head, body, status);
            Object.assign(slot, { root, input, file, thumb, clear, status });

            input.addEventListener("input", () => {
              slot.value = "";
              slot.note = "";
              input.readOnly = false;
              clear.hidden = !input.value;
              setSlotStatus(slot, "");
              previewURL(slot, input.value.trim());
            });
            file.addEventListener("change", () => { if (file.files && file.files[0]) useFile(slot, file.files[0]); });
            clear.addEventListener("click", () => setSlotValue(slot, "", ""));
            $("media-slots").append(root);
            state.slots.push(slot);
            return slot;
          }

          function slotURL(slot) { return slot.value || slot.input.value.trim(); }

          function setSlotStatus(slot, message, bad) {
            slot.status.textContent = message;
            slot.status.classList.toggle("bad", Boolean(bad));
          }

          function previewURL(slot, url) {
            const usable = /^(https?:|data:image\/|blob:)/i.test(url);
            slot.thumb.hidden = !usable;
            if (usable) slot.thumb.src = url; else slot.thumb.removeAttribute("src");
          }

          function setSlotValue(slot, url, note, preview) {
            const inline = url.startsWith("data:");
            slot.value = inline ? url : "";
            slot.note = note || "";
            slot.input.value = inline ? "data: URI, " + Math.round(url.length * 3 / 4 / 1024) + " KB" : url;
            slot.input.readOnly = inline;
            slot.clear.hidden = !url;
            slot.file.value = "";
            setSlotStatus(slot, slot.note);
            previewURL(slot, preview || (url.startsWith("asset://") ? "" : url));
          }

          function readAsDataURL(file) {
            return new Promise((resolve, reject) => {
              const reader = new FileReader();
              reader.onload = () => resolve(reader.result);
              reader.onerror = () => reject(new Error("The file could not be read."));
              reader.readAsDataURL(file);
            });
          }

          async function useFile(slot, file) {
            if (!/^image\//.test(file.type)) {
              setSlotStatus(slot, file.name + " is not an image.", true);
              return;
            }
            const preview = URL.createObjectURL(file);
            if (state.model && state.model.assets) {
              if (!apiKey()) {
                setSlotStatus(slot, "Enter your API key first: uploads are stored under it.", true);
                return;
              }
              setSlotStatus(slot, "Uploading " + file.name + "...");
              try {
                const form = new FormData();
                form.append("file", file, file.name);
                const asset = await api("/v1/assets", { method: "POST", body: form });
                setSlotValue(slot, asset.url, file.name + " uploaded as " + asset.url + ".", preview);
              } catch (error) {
                setSlotStatus(slot, "Upload failed: " + error.message, true);
              }
            } else {
              try {
                const url = await readAsDataURL(file);
                setSlotValue(slot, url, file.name + " will be sent inline as a data: URI.", preview);
              } catch (error) {
                setSlotStatus(slot, error.message, true);
              }
            }
          }

          // MARK: Submitting

          function buildRequest() {
            const model = state.model;
            const prompt = $("prompt").value.trim();
            const content = [];
            if (prompt) content.push({ type: "text", text: prompt });
            for (const slot of state.slots) {
              const url = slotURL(slot);
              if (url) content.push({ type: "image_url", image_url: { url }, role: slot.role });
            }
            if (!content.length) throw new Error(model.media.requires_image ? "Add an image (and a prompt, if you like)." : "Write a prompt first.");
            const body = {
              model: model.id,
              content,
              ratio: $("ratio").value,
              resolution: $("resolution").value,
              duration: Number($("duration").value),
              watermark: $("watermark").checked,
              camera_fixed: $("camera-fixed").checked,
              return_last_frame: $("last-frame").checked,
            };
            if (model.audio) body.generate_audio = $("audio").checked;
            if (model.draft && $("draft").checked) body.draft = true;
            const seed = $("seed").value.trim();
            if (seed !== "") {
              if (!/^-?\d+$/.test(seed)) throw new Error("The seed must be a whole number (or empty for a random one).");
              body.seed = Number(seed);
            }
            return body;
          }

          async function submit(event) {
            event.preventDefault();
            showError("form-error", "");
            if (!state.model) return;
            if (!apiKey()) {
              showError("form-error", "Enter your API key first.");
              $("api-key").focus();
              return;
            }
            let body;
            try { body = buildRequest(); } catch (error) { showError("form-error", error.message); return; }
            const button = $("submit");
            button.disabled = true;
            button.textContent = "Submitting...";
            try {
              const created = await api(TASKS, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(body),
              });
              openTask(created.id, Date.now());
              if (window.matchMedia("(max-width: 899px)").matches) $("task-card").scrollIntoView({ behavior: "smooth", block: "start" });
              refreshHistory();
            } catch (error) {
              showError("form-error", error.message);
            } finally {
              button.disabled = false;
              button.textContent = "Generate";
            }
          }

          // MARK: Watching a task

          const STATUS_LABELS = { QUEUED: "Queued", IN_PROGRESS: "Rendering", SUCCESS: "Succeeded", FAILURE: "Failed" };
          const ARK_LABELS = { queued: "Queued", running: "Rendering", succeeded: "Succeeded", failed: "Failed", cancelled: "Cancelled", expired: "Expired" };

          function stopWatching() {
            clearTimeout(state.pollTimer);
            clearInterval(state.clockTimer);
            state.pollTimer = null;
            state.clockTimer = null;
          }

          function openTask(id, submittedAt) {
            stopWatching();
            state.task = { id, submittedAt: submittedAt || null, data: null, finished: false, shown: false };
            $("task-empty").hidden = true;
            $("task-view").hidden = false;
            $("task-id").textContent = id;
            setBadge($("task-status"), "Loading", "queued");
            $("task-summary").textContent = "";
            setProgress(0, "");
            showError("task-error", "");
            const video = $("video");
            video.pause();
            video.removeAttribute("src");
            video.load();
            video.hidden = true;
            $("downloads").hidden = true;
            $("last-frame").hidden = true;
            $("last-frame-image").removeAttribute("src");
            $("task-json").textContent = "";
            $("elapsed").textContent = "0.0 s";
            if (location.hash !== "#task=" + id) history.replaceState(null, "", "#task=" + encodeURIComponent(id));
            markCurrent();
            state.clockTimer = setInterval(renderElapsed, 100);
            poll();
          }

          async function poll() {
            const task = state.task;
            if (!task) return;
            try {
              const body = await api("/v1/video/generations/" + encodeURIComponent(task.id));
              if (state.task !== task) return;
              render(task, body.data);
              if (task.finished) {
                stopWatching();
                renderElapsed();
                refreshHistory();
              } else {
                state.pollTimer = setTimeout(poll, 1000);
              }
            } catch (error) {
              if (state.task !== task) return;
              showError("task-error", error.message);
              if (error.status === 0 || error.status === 429 || error.status >= 500) {
                state.pollTimer = setTimeout(poll, 3000);
              } else {
                stopWatching();
                setBadge($("task-status"), "Unavailable", "failed");
              }
            }
          }

          function setBadge(element, label, kind) {
            element.textContent = label;
            element.className = "badge status-" + kind;
          }

          function setProgress(percent, kind) {
            const bar = $("progress");
            $("progress-bar").style.width = percent + "%";
            bar.setAttribute("aria-valuenow", String(percent));
            bar.classList.toggle("done", kind === "done");
            bar.classList.toggle("failed", kind === "failed");
            $("progress-text").textContent = percent + "%";
          }

          function render(task, data) {
            task.data = data;
            const ark = data.data || {};
            const status = data.status;
            task.finished = status === "SUCCESS" || status === "FAILURE";
            const label = status === "FAILURE" ? (ARK_LABELS[ark.status] || "Failed") : (STATUS_LABELS[status] || status);
            setBadge($("task-status"), label, ark.status || "queued");
            const percent = status === "SUCCESS" ? 100 : Math.max(0, Math.min(100, parseInt(data.progress, 10) || 0));
            setProgress(percent, status === "SUCCESS" ? "done" : status === "FAILURE" ? "failed" : "");
            const parts = [ark.model, ark.resolution, ark.ratio];
            if (ark.duration !== undefined) parts.push(durationLabel(ark.duration));
            if (ark.frames !== undefined) parts.push(ark.frames + " frames");
            if (ark.seed !== undefined) parts.push("seed " + ark.seed);
            if (ark.generate_audio) parts.push("audio");
            $("task-summary").textContent = parts.filter((part) => part !== undefined && part !== "").join(" \u00b7 ");
            $("task-json").textContent = JSON.stringify(data, null, 2);
            if (status === "FAILURE") {
              const reason = data.fail_reason || (ark.error && ark.error.message) || "The task failed.";
              showError("task-error", reason);
            }
            const content = ark.content || {};
            const videoURL = data.result_url || content.video_url;
            if (status === "SUCCESS" && videoURL && !task.shown) {
              task.shown = true;
              const video = $("video");
              video.src = videoURL;
              video.hidden = false;
              video.load();
              $("video-link").href = videoURL;
              $("downloads").hidden = false;
              if (content.last_frame_url) {
                $("last-frame-image").src = content.last_frame_url;
                $("last-frame").hidden = false;
              }
            }
          }

          function formatSeconds(seconds) {
            if (seconds < 60) return seconds.toFixed(1) + " s";
            const minutes = Math.floor(seconds / 60);
            const rest = Math.floor(seconds % 60);
            return minutes + " min " + String(rest).padStart(2, "0") + " s";
          }

          function renderElapsed() {
            const task = state.task;
            if (!task) return;
            const data = task.data;
            let seconds = 0;
            if (data && data.finish_time > 0 && data.submit_time > 0) {
              seconds = data.finish_time - data.submit_time;
            } else if (task.submittedAt) {
              seconds = (Date.now() - task.submittedAt) / 1000;
            } else if (data && data.submit_time > 0) {
              seconds = Date.now() / 1000 - data.submit_time;
            }
            $("elapsed").textContent = formatSeconds(Math.max(0, seconds));
          }

          // MARK: History

          // Each refresh takes a number; an answer that arrives after a newer refresh began is
          // dropped, so a slow answer for a previous key never replaces the current key's history.
          let historyGeneration = 0;

          async function refreshHistory() {
            const generation = ++historyGeneration;
            const list = $("history");
            if (!apiKey()) {
              list.replaceChildren();
              $("history-status").textContent = "Enter your API key to see its tasks.";
              return;
            }
            try {
              const body = await api(TASKS + "?page_size=20");
              if (generation !== historyGeneration) return;
              const items = body.items || [];
              list.replaceChildren(...items.map(historyItem));
              $("history-status").textContent = items.length
                ? "The " + items.length + " newest of " + body.total + " task" + (body.total === 1 ? "" : "s") + ". Click one to open it."
                : "No tasks yet.";
              markCurrent();
            } catch (error) {
              if (generation !== historyGeneration) return;
              list.replaceChildren();
              $("history-status").textContent = error.message;
            }
          }

          function historyItem(task) {
            const item = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "history-item";
            button.dataset.id = task.id;
            const model = document.createElement("span");
            model.className = "h-model";
            model.textContent = task.model;
            const badge = document.createElement("span");
            setBadge(badge, ARK_LABELS[task.status] || task.status, task.status);
            const meta = document.createElement("span");
            meta.className = "h-meta";
            const length = task.frames !== undefined ? task.frames + " frames" : durationLabel(task.duration);
            meta.textContent = [task.resolution, task.ratio, length].join(" \u00b7 ");
            const time = document.createElement("time");
            const created = new Date(task.created_at * 1000);
            time.dateTime = created.toISOString();
            time.textContent = created.toLocaleString();
            const id = document.createElement("code");
            id.className = "h-id";
            id.textContent = task.id;
            button.append(model, badge, meta, time, id);
            button.addEventListener("click", () => {
              openTask(task.id, null);
              if (window.matchMedia("(max-width: 899px)").matches) $("task-card").scrollIntoView({ behavior: "smooth", block: "start" });
            });
            item.append(button);
            return item;
          }

          function markCurrent() {
            const current = state.task ? state.task.id : "";
            for (const button of document.querySelectorAll(".history-item")) {
              button.classList.toggle("current", button.dataset.id === current);
            }
          }

          // MARK: Start

          function start() {
            setUpKey();
            $("model").addEventListener("change", applyModel);
            for (const id of ["ratio", "resolution", "duration"]) {
              $(id).addEventListener("change", () => { $(id).dataset.touched = "1"; });
            }
            $("draft").addEventListener("change", applyDraft);
            $("add-reference").addEventListener("click", () => {
              if (state.model && referenceCount() < state.model.media.reference_images) addSlot("reference_image");
              updateMediaHints();
            });
            $("create-form").addEventListener("submit", submit);
            $("refresh-history").addEventListener("click", refreshHistory);
            loadModels();
            refreshHistory();
            openFromHash();
            window.addEventListener("hashchange", openFromHash);
          }

          // `#task=<id>` opens that task (links to a task, reloads).
          function openFromHash() {
            const match = /^#task=(.+)$/.exec(location.hash);
            const id = match ? decodeURIComponent(match[1]) : "";
            if (id && apiKey() && (!state.task || state.task.id !== id)) openTask(id, null);
          }

          start();
        })();
        """#
}
