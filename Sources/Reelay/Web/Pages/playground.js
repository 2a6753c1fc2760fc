"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORAGE = "reelay.apiKey";
  const MODEL_STORAGE = "reelay.model";
  const TASKS = "/api/v3/contents/generations/tasks";
  const state = { models: [], model: null, slots: [], code: "", task: null, pollTimer: null, clockTimer: null, keyCheck: 0, galleryGeneration: 0,
    gallery: { page: 1, pageSize: 20, total: 0, items: [] }, prompts: new Map(), thumbnails: new Map(),
    estimate: { timer: null, generation: 0 }, held: new Map() };

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
    if (options.onHeaders) options.onHeaders(response.headers);
    const text = await response.text();
    if (options.record) showAnswer(options.method || "GET", path, response.status, text);
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

  // An error refusing the key (401) is marked, so that saving a key the server accepts clears it.
  function showMessage(element, message, error) {
    element.textContent = message;
    element.hidden = !message;
    element.dataset.keyRefused = message && error && error.status === 401 ? "1" : "";
  }

  function showError(id, message, error) { showMessage($(id), message, error); }

  // MARK: Errors next to their field

  // The error line under a form control, made on first use at the end of the control's field.
  function fieldErrorOf(control) {
    const field = control.closest(".slot, .field, .checks, .card");
    let element = field.querySelector(":scope > .field-error");
    if (!element) {
      element = document.createElement("p");
      element.className = "error field-error";
      element.setAttribute("role", "alert");
      element.hidden = true;
      field.append(element);
    }
    return element;
  }

  function markFieldError(control, message, error) {
    showMessage(fieldErrorOf(control), message, error);
    control.setAttribute("aria-invalid", "true");
  }

  // Shows `message` under `control` and brings both into view, wherever the page was scrolled.
  function showFieldError(control, message, error) {
    markFieldError(control, message, error);
    fieldErrorOf(control).scrollIntoView({ block: "center" });
    control.focus({ preventScroll: true });
  }

  function clearFieldError(control) {
    showMessage(fieldErrorOf(control), "");
    control.removeAttribute("aria-invalid");
  }

  function clearFieldErrors() {
    for (const element of document.querySelectorAll(".field-error")) showMessage(element, "");
    for (const control of document.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  }

  // A mistake in what the form is about to send: `control` is where it is fixed.
  class FormError extends Error {
    constructor(control, message) { super(message); this.control = control; }
  }

  // MARK: Key

  function setUpKey() {
    $("api-key").value = localStorage.getItem(KEY_STORAGE) || "";
    $("save-key").addEventListener("click", saveKey);
    $("api-key").addEventListener("change", saveKey);
    $("api-key").addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); saveKey(); } });
    $("toggle-key").addEventListener("click", () => {
      const input = $("api-key");
      const hidden = input.type === "password";
      input.type = hidden ? "text" : "password";
      $("toggle-key").textContent = hidden ? "Hide" : "Show";
    });
  }

  // The key is tried on a list of its tasks before it is kept: a key the server refuses is not
  // saved, and the page says so. Each check takes a number; only the newest one's answer counts.
  async function saveKey() {
    const check = ++state.keyCheck;
    const key = apiKey();
    clearFieldError($("api-key"));
    if (!key) {
      localStorage.removeItem(KEY_STORAGE);
      renderCode();
      $("key-status").textContent = "No key saved.";
      refreshGallery();
      return;
    }
    $("key-status").textContent = "Checking the key...";
    let note = "Saved in this browser; the server accepts it.";
    try {
      await api(TASKS + "?page_size=1");
    } catch (error) {
      if (check !== state.keyCheck) return;
      if (error.status === 401 || error.status === 403) {
        $("key-status").textContent = "Not saved.";
        // Marked, not focused: the check may end after the person has moved on to another field.
        markFieldError($("api-key"), "The server refused this key: " + error.message, error);
        showGalleryStatus("Enter a key the server accepts to see its tasks.");
        return;
      }
      note = "Saved in this browser, but not checked: " + error.message;
    }
    if (check !== state.keyCheck) return;
    localStorage.setItem(KEY_STORAGE, key);
    state.gallery.page = 1;
    renderCode();
    $("key-status").textContent = note;
    clearRefusedKeyErrors();
    refreshGallery();
  }

  // What a refused key left on the page goes once a key is accepted; a task that could not be
  // read is read again.
  function clearRefusedKeyErrors() {
    for (const element of document.querySelectorAll("[data-key-refused='1']")) showMessage(element, "");
    $("api-key").removeAttribute("aria-invalid");
    if (state.task && state.task.refused) openTask(state.task.id, state.task.submittedAt);
    else openFromHash();
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
    renderPromptCount();
    renderCode();
  }

  // The prompt's length against the model's limit, in characters as the server counts them.
  function renderPromptCount() {
    const limit = (state.model && state.model.prompt_limit) || 4000;
    const length = [...$("prompt").value.trim()].length;
    $("prompt").maxLength = limit;
    const counter = $("prompt-count");
    counter.textContent = length + " / " + limit + " characters";
    counter.classList.toggle("over", length > limit * 0.95);
  }

  function applyDraft() {
    const draft = $("draft").checked && state.model && state.model.draft;
    const resolution = $("resolution");
    if (draft && [...resolution.options].some((entry) => entry.value === "480p")) resolution.value = "480p";
    resolution.disabled = Boolean(draft);
  }

  // MARK: Media (first frame, last frame, reference images, videos and audio)

  // Each role: its words, the content item type it is sent as, and what its uploads may be.
  const ROLES = {
    first_frame: { label: "First frame", kind: "image" },
    last_frame: { label: "Last frame", kind: "image" },
    reference_image: { label: "Reference image", kind: "image", limit: "reference_images", add: "add-reference" },
    reference_video: { label: "Reference video", kind: "video", limit: "reference_videos", add: "add-reference-video" },
    reference_audio: { label: "Reference audio", kind: "audio", limit: "reference_audio", add: "add-reference-audio" },
  };
  const KINDS = {
    image: { type: "image_url", accept: "image/png,image/jpeg,image/webp,image/gif,image/bmp", noun: "an image" },
    video: { type: "video_url", accept: "video/mp4,video/quicktime,video/webm,video/x-matroska", noun: "a video" },
    audio: { type: "audio_url", accept: "audio/mpeg,audio/wav,audio/x-wav,audio/ogg,audio/flac,audio/aac,audio/mp4", noun: "an audio file" },
  };
  const REFERENCE_ROLES = ["reference_image", "reference_video", "reference_audio"];

  function roleLimit(media, role) {
    const rule = ROLES[role].limit;
    return rule ? media[rule] : media[role] ? 1 : 0;
  }

  function buildMediaSlots(model) {
    const media = model.media;
    const kept = state.slots.filter((slot) => slotURL(slot)).map((slot) => ({ role: slot.role, url: slotURL(slot), note: slot.note }));
    $("media-slots").replaceChildren();
    state.slots = [];
    const roles = Object.keys(ROLES).filter((role) => roleLimit(media, role) > 0);
    $("media-fields").hidden = !roles.length;
    $("media-legend").textContent = roles.some((role) => ROLES[role].kind !== "image") ? "Images, videos and audio" : "Images";
    for (const role of roles) addSlot(role);
    for (const old of kept) {
      if (old.url.startsWith("asset://") && !model.assets) continue;
      let slot = state.slots.find((entry) => entry.role === old.role && !slotURL(entry));
      if (!slot && roleCount(old.role) < roleLimit(media, old.role)) slot = addSlot(old.role);
      if (slot) setSlotValue(slot, old.url, old.note);
    }
    updateMediaHints();
  }

  function roleCount(role) { return state.slots.filter((slot) => slot.role === role).length; }

  function referenceCount() { return roleCount("reference_image"); }

  // Why the model cannot take something in `slot` beside what the other slots hold (the
  // server's combination rules, RequestValidator+Media), or "" when it can.
  function slotBlockedReason(slot) {
    const media = state.model.media;
    const filled = (roles) => state.slots.some((other) => other !== slot && roles.includes(other.role) && slotURL(other));
    const excluded = media.frames_with_reference_images ? ["reference_video", "reference_audio"] : REFERENCE_ROLES;
    const excludedWords = media.frames_with_reference_images ? "reference videos or audio" : "reference images, videos or audio";
    if (slot.role === "last_frame" && !filled(["first_frame"])) return "Add a first frame first: a last frame needs one beside it.";
    if ((slot.role === "first_frame" || slot.role === "last_frame") && filled(excluded)) {
      return "This model cannot combine first/last frames with " + excludedWords + "; clear those to use frames.";
    }
    if (excluded.includes(slot.role) && filled(["first_frame", "last_frame"])) {
      return "This model cannot combine " + excludedWords + " with first/last frames; clear the frames to use this.";
    }
    if (slot.role === "reference_audio" && !filled(["reference_image", "reference_video"])) {
      return "Add a reference image or video first: reference audio goes with one.";
    }
    return "";
  }

  // Empty slots the model cannot combine with what is given are disabled, their reason shown.
  function updateSlotAvailability() {
    if (!state.model) return;
    for (const slot of state.slots) {
      const reason = slotURL(slot) ? "" : slotBlockedReason(slot);
      slot.input.disabled = Boolean(reason);
      slot.file.disabled = Boolean(reason);
      slot.upload.classList.toggle("disabled", Boolean(reason));
      slot.reason.textContent = reason;
      slot.reason.hidden = !reason;
    }
  }

  function updateMediaHints() {
    const model = state.model;
    const media = model.media;
    const hints = [];
    if (media.requires_image) hints.push("This model makes videos from images: add a first frame or a reference image.");
    const counts = [["reference_images", "reference image"], ["reference_videos", "reference video"], ["reference_audio", "reference audio clip"]]
      .filter(([rule]) => media[rule] > 0).map(([rule, noun]) => media[rule] + " " + noun + (media[rule] === 1 ? "" : "s"));
    if (counts.length) hints.push("Up to " + counts.join(", ") + ".");
    if (media.reference_videos > 0) hints.push("Reference videos: 480p to 720p; videos and audio 15 s in all.");
    if (media.reference_images > 0 && (media.first_frame || media.last_frame) && !media.frames_with_reference_images) {
      hints.push("First/last frames and reference images cannot be combined.");
    }
    if (media.reference_resolutions) hints.push("Reference images work at " + media.reference_resolutions.join(", ") + " only.");
    hints.push(model.assets ? "Uploads are stored as assets (asset://)." : "Uploads are sent inline as data: URIs.");
    $("media-hint").textContent = hints.join(" ");
    for (const role of REFERENCE_ROLES) {
      const limit = roleLimit(media, role);
      $(ROLES[role].add).hidden = !(limit > 1 && roleCount(role) < limit);
    }
    updateSlotAvailability();
  }

  function addSlot(role) {
    const index = REFERENCE_ROLES.includes(role) ? roleCount(role) + 1 : 0;
    const label = ROLES[role].label + (index ? " " + index : "");
    const kind = ROLES[role].kind;
    // `problem`: why the picture given here cannot be sent, until another one is given.
    const slot = { role, kind, label, value: "", note: "", problem: "" };
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
    input.dataset.label = label;
    const upload = document.createElement("label");
    upload.className = "button ghost small upload";
    upload.textContent = "Upload";
    const file = document.createElement("input");
    file.type = "file";
    file.accept = KINDS[kind].accept;
    file.className = "visually-hidden";
    file.setAttribute("aria-label", "Upload the " + label.toLowerCase());
    upload.append(file);
    body.append(thumb, input, upload);
    const status = document.createElement("p");
    status.className = "hint slot-status";
    const reason = document.createElement("p");
    reason.className = "hint slot-reason";
    reason.hidden = true;
    root.append(head, body, status, reason);
    reason.id = "slot-reason-" + role + "-" + (index || 1);
    input.setAttribute("aria-describedby", reason.id);
    Object.assign(slot, { root, input, file, upload, thumb, clear, status, reason });

    input.addEventListener("input", () => {
      slot.value = "";
      slot.note = "";
      input.readOnly = false;
      clear.hidden = !input.value;
      setSlotStatus(slot, "");
      setSlotProblem(slot, "");
      previewURL(slot, input.value.trim());
      updateSlotAvailability();
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

  function setSlotProblem(slot, problem) {
    slot.problem = problem;
    if (problem) showFieldError(slot.input, problem); else clearFieldError(slot.input);
  }

  function previewURL(slot, url) {
    const usable = slot.kind === "image" && /^(https?:|data:image\/|blob:)/i.test(url);
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
    setSlotProblem(slot, "");
    previewURL(slot, preview || (url.startsWith("asset://") ? "" : url));
    updateSlotAvailability();
    renderCode();
  }

  function readAsDataURL(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(new Error("The file could not be read."));
      reader.readAsDataURL(file);
    });
  }

  // True when the browser can draw the picture at `url`.
  function decodes(url) {
    const image = new Image();
    image.src = url;
    return image.decode().then(() => image.naturalWidth > 0, () => false);
  }

  async function useFile(slot, file) {
    if (!file.type.startsWith(slot.kind + "/")) {
      setSlotValue(slot, "", "");
      setSlotProblem(slot, slot.label + ": " + file.name + " is not " + KINDS[slot.kind].noun + ".");
      return;
    }
    const preview = slot.kind === "image" ? URL.createObjectURL(file) : "";
    if (preview && !(await decodes(preview))) {
      URL.revokeObjectURL(preview);
      setSlotValue(slot, "", "");
      setSlotProblem(slot, slot.label + ": " + file.name + " cannot be opened as a picture (the file may be damaged), so it was not added.");
      return;
    }
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

  // MARK: Estimate

  // What the request would cost, asked of the server as a dry run (`?dry_run=true`: checked as a
  // create, no task made) a moment after the form stops changing. Shown only when the server
  // has a price list; a budget that cannot cover it is said here before Generate is pressed.
  function scheduleEstimate() {
    clearTimeout(state.estimate.timer);
    state.estimate.timer = setTimeout(refreshEstimate, 400);
  }

  async function refreshEstimate() {
    const generation = ++state.estimate.generation;
    const request = state.model && apiKey() ? formRequest() : null;
    if (!request || request.problem) return showMessage($("estimate"), "");
    let text = "";
    try {
      text = estimateText(await api(TASKS + "?dry_run=true", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request.body),
      }));
    } catch (error) {
      // Over budget is worth saying now; any other refusal shows at its field on Generate.
      const code = error.body && error.body.error && error.body.error.code;
      if (code === "QuotaExceeded") text = "Over budget: " + error.message;
    }
    if (generation === state.estimate.generation) showMessage($("estimate"), text);
  }

  function estimateText(answer) {
    const estimate = answer && answer.estimate;
    if (!estimate) return "";
    const basis = estimate.unit === "per_second" ? estimate.video_seconds + " s of video" : estimate.tokens + " tokens";
    let text = "Estimated cost: " + estimate.amount + " " + estimate.currency + " (" + basis + ").";
    const left = answer.budget_remaining && answer.budget_remaining.total;
    if (left !== null && left !== undefined) text += " Budget left: " + left + " " + estimate.currency + ".";
    return text;
  }

  // MARK: Submitting

  // The request body and the form control each item of its `content` came from; throws a
  // FormError when Generate would refuse to send it.
  function buildRequest() {
    const request = formRequest();
    if (request.problem) throw request.problem;
    return request;
  }

  // The request body as the form stands, with `problem`: why Generate would not send it (or null).
  function formRequest() {
    const model = state.model;
    const prompt = $("prompt").value.trim();
    const content = [], sources = [];
    if (prompt) {
      content.push({ type: "text", text: prompt });
      sources.push($("prompt"));
    }
    for (const slot of state.slots) {
      const url = slotURL(slot);
      if (url) {
        const type = KINDS[slot.kind].type;
        content.push({ type, [type]: { url }, role: slot.role });
        sources.push(slot.input);
      }
    }
    let problem = null;
    if (!content.length) {
      problem = model.media.requires_image && state.slots.length
        ? new FormError(state.slots[0].input, "Add an image (and a prompt, if you like).")
        : new FormError($("prompt"), "Write a prompt first.");
    }
    const body = {
      model: model.id,
      content,
      ratio: $("ratio").value,
      resolution: $("resolution").value,
      duration: Number($("duration").value),
      watermark: $("watermark").checked,
      camera_fixed: $("camera-fixed").checked,
      return_last_frame: $("return-last-frame").checked,
    };
    if (model.audio) body.generate_audio = $("audio").checked;
    if (model.draft && $("draft").checked) body.draft = true;
    const seed = $("seed").value.trim();
    if (seed !== "") {
      if (/^-?\d+$/.test(seed)) body.seed = Number(seed);
      else problem = problem || new FormError($("seed"), "The seed must be a whole number (or empty for a random one).");
    }
    return { body, sources, problem };
  }

  // A picture the browser cannot draw is refused at its slot before anything is sent (uploads
  // were checked as they were chosen; a pasted data: URI is checked here).
  async function checkPictures() {
    for (const slot of state.slots) {
      const url = slotURL(slot);
      if (!slot.problem && !slot.value && slot.kind === "image" && url.startsWith("data:") && !(await decodes(url))) {
        slot.problem = slot.label + ": this data: URI is not a picture that can be opened.";
      }
      if (slot.problem) {
        showFieldError(slot.input, slot.problem);
        return false;
      }
    }
    return true;
  }

  // Request fields the server may name in a refusal, and the controls that set them.
  const PARAM_CONTROLS = {
    model: "model", ratio: "ratio", resolution: "resolution", duration: "duration", seed: "seed",
    generate_audio: "audio", watermark: "watermark", camera_fixed: "camera-fixed",
    return_last_frame: "return-last-frame", draft: "draft",
  };

  // What the form calls each control the server may name (slots carry their own label).
  const CONTROL_LABELS = {
    model: "Model", prompt: "Prompt", ratio: "Ratio", resolution: "Resolution", duration: "Duration", seed: "Seed",
    audio: "Audio", watermark: "Watermark", "camera-fixed": "Fixed camera", "return-last-frame": "Return last frame", draft: "Draft",
  };

  function errorParam(error) {
    const detail = error.body && typeof error.body.error === "object" ? error.body.error : error.body;
    return detail && typeof detail.param === "string" ? detail.param : "";
  }

  // The control behind the parameter a refusal names (`content[1].image_url.url`: a slot), or null.
  function controlFor(error, sources) {
    const param = errorParam(error);
    const item = /^content\[(\d+)\]/.exec(param);
    if (item) return sources[Number(item[1])] || null;
    return Object.hasOwn(PARAM_CONTROLS, param) ? $(PARAM_CONTROLS[param]) : null;
  }

  function controlLabel(control) {
    return control.dataset.label || CONTROL_LABELS[control.id] || control.getAttribute("aria-label") || control.id;
  }

  // A refusal in the form's words: the request paths it names (`content[1].image_url.url`,
  // `seed`) become the labels the person sees ("Reference image 1", "Seed").
  function inFormWords(message, sources) {
    let words = message.replace(/content\[(\d+)\](?:\.[A-Za-z_]+)*/g, (path, index) => {
      const control = sources[Number(index)];
      return control ? controlLabel(control) : path;
    });
    // A field's name opens the message (`seed must be...`, `duration: ...`); elsewhere the same
    // word is ordinary prose ("this model") and stays.
    const opening = /^([a-z_]+)\b/.exec(words);
    if (opening && Object.hasOwn(PARAM_CONTROLS, opening[1])) {
      words = CONTROL_LABELS[PARAM_CONTROLS[opening[1]]] + words.slice(opening[1].length);
    }
    return words;
  }

  async function submit(event) {
    event.preventDefault();
    showError("form-error", "");
    clearFieldErrors();
    if (!state.model) return;
    if (!apiKey()) {
      showFieldError($("api-key"), "Enter your API key first.");
      return;
    }
    let request;
    try {
      request = buildRequest();
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      showFieldError(error.control, error.message);
      return;
    }
    if (!(await checkPictures())) return;
    const button = $("submit");
    button.disabled = true;
    button.textContent = "Submitting...";
    try {
      let held = null;
      const created = await api(TASKS, {
        method: "POST",
        record: true,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request.body),
        onHeaders: (headers) => {
          const amount = headers.get("X-Reelay-Estimate");
          if (amount) held = [amount, headers.get("X-Reelay-Currency")].filter(Boolean).join(" ");
        },
      });
      if (held) state.held.set(created.id, held);
      state.prompts.set(created.id, request.body.content.find((item) => item.type === "text")?.text || "");
      $("reuse-note").hidden = true;
      openTask(created.id, Date.now());
      showTask();
      refreshGallery();
    } catch (error) {
      const control = controlFor(error, request.sources);
      if (error.status === 401) {
        showFieldError($("api-key"), "The server refused this key: " + error.message, error);
      } else if (control) {
        showFieldError(control, inFormWords(error.message, request.sources), error);
      } else {
        showError("form-error", error.message, error);
        $("form-error").scrollIntoView({ block: "center" });
      }
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

  // Brings the task's progress into view (after Generate, the form's end is where the page is).
  function showTask() {
    $("task-card").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function openTask(id, submittedAt) {
    stopWatching();
    // `elapsed`: the most seconds the clock has shown; `refused`: the key was refused reading it.
    state.task = { id, submittedAt: submittedAt || null, data: null, finished: false, shown: false, elapsed: 0, refused: false };
    $("task-empty").hidden = true;
    $("task-view").hidden = false;
    $("task-id").textContent = id;
    setBadge($("task-status"), "Loading", "queued");
    $("task-summary").textContent = "";
    const held = state.held.get(id);
    showMessage($("task-held"), held ? "Held from the key's budget at create (the estimate): " + held + "." : "");
    setProgress(0, "");
    showError("task-error", "");
    const video = $("video");
    video.pause();
    video.removeAttribute("src");
    video.load();
    video.hidden = true;
    $("downloads").hidden = true;
    $("task-usage-field").hidden = true;
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
      const body = await api("/v1/video/generations/" + encodeURIComponent(task.id), { record: true });
      if (state.task !== task) return;
      render(task, body.data);
      if (task.finished) {
        stopWatching();
        renderElapsed();
        refreshGallery();
      } else {
        state.pollTimer = setTimeout(poll, 1000);
      }
    } catch (error) {
      if (state.task !== task) return;
      showError("task-error", error.message, error);
      task.refused = error.status === 401;
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

  // Who made the video (Reelay's `reelay_provider` field): the local renderer's videos are
  // placeholders, not a model's output, and the badge says so.
  function setProviderBadge(element, provider) {
    element.textContent = !provider ? "" : provider === "local"
      ? "Local renderer \u2014 placeholder video" : "Upstream: " + provider;
    element.className = "badge provider provider-" + (provider === "local" ? "local" : "upstream");
    element.hidden = !provider;
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
    setProviderBadge($("task-provider"), ark.reelay_provider);
    const percent = status === "SUCCESS" ? 100 : Math.max(0, Math.min(100, parseInt(data.progress, 10) || 0));
    setProgress(percent, status === "SUCCESS" ? "done" : status === "FAILURE" ? "failed" : "");
    const parts = [ark.model, ark.resolution, ark.ratio];
    if (ark.duration !== undefined) parts.push(durationLabel(ark.duration));
    if (ark.frames !== undefined) parts.push(ark.frames + " frames");
    if (ark.seed !== undefined) parts.push("seed " + ark.seed);
    if (ark.generate_audio) parts.push("audio");
    $("task-summary").textContent = parts.filter((part) => part !== undefined && part !== "").join(" \u00b7 ");
    $("task-json").textContent = JSON.stringify(data, null, 2);
    const usage = usageText(ark);
    $("task-usage").textContent = usage;
    $("task-usage-field").hidden = !usage;
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
      nameDownload(task, videoURL);
      if (content.last_frame_url) {
        $("last-frame-image").src = content.last_frame_url;
        $("last-frame").hidden = false;
      }
    }
  }

  // The download link gets the prompt's words in its file name once the prompt is known.
  async function nameDownload(task, videoURL) {
    const name = downloadName(await promptOf(task.id), task.id);
    if (state.task !== task) return;
    $("video-link").href = downloadURL(videoURL, name);
    $("video-link").download = name;
    $("video-link").textContent = "Download the MP4 (" + name + ")";
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
    // The server's whole seconds at the end may undercut the live clock: it never goes back.
    task.elapsed = Math.max(task.elapsed, seconds);
    $("elapsed").textContent = formatSeconds(task.elapsed);
  }

  // MARK: Gallery

  // Each refresh takes a number; an answer that arrives after a newer refresh began is
  // dropped, so a slow answer for a previous key never replaces the current key's gallery.
  async function refreshGallery() {
    const generation = ++state.galleryGeneration;
    if (!apiKey()) {
      showGalleryStatus("Enter your API key to see its tasks.");
      return;
    }
    const gallery = state.gallery;
    try {
      const body = await api(TASKS + "?page_size=" + gallery.pageSize + "&page_num=" + gallery.page);
      if (generation !== state.galleryGeneration) return;
      const items = body.items || [];
      // A page emptied by deletions shows the last page that still has tasks.
      if (!items.length && gallery.page > 1 && body.total > 0) {
        gallery.page = Math.ceil(body.total / gallery.pageSize);
        return refreshGallery();
      }
      gallery.total = body.total;
      gallery.items = items;
      await loadPrompts(items.map((task) => task.id));
      if (generation !== state.galleryGeneration) return;
      $("gallery").replaceChildren(...items.map(galleryItem));
      renderGalleryStatus();
      markCurrent();
      loadThumbnails(generation);
    } catch (error) {
      if (generation !== state.galleryGeneration) return;
      $("gallery").replaceChildren();
      $("gallery-pager").hidden = true;
      $("gallery-status").textContent = error.message;
    }
  }

  function renderGalleryStatus() {
    const { page, pageSize, total, items } = state.gallery;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    $("gallery-status").textContent = items.length
      ? "Videos " + ((page - 1) * pageSize + 1) + " to " + ((page - 1) * pageSize + items.length) + " of " + total + ", newest first."
      : "No tasks yet.";
    $("gallery-pager").hidden = pages < 2;
    $("gallery-page").textContent = "Page " + page + " of " + pages;
    $("gallery-previous").disabled = page <= 1;
    $("gallery-next").disabled = page >= pages;
  }

  function turnPage(step) {
    state.gallery.page = Math.max(1, state.gallery.page + step);
    refreshGallery();
  }

  // An empty gallery with `message`; any refresh still under way is dropped.
  function showGalleryStatus(message) {
    state.galleryGeneration++;
    state.gallery.page = 1;
    $("gallery").replaceChildren();
    $("gallery-pager").hidden = true;
    $("gallery-status").textContent = message;
  }

  // Ark's task object has no prompt; OpenAI's video object has. The prompts of `ids` are read
  // from OpenAI's list (newest first, like Ark's), page by page until all are found, and kept.
  async function loadPrompts(ids) {
    let after = "";
    for (let round = 0; round < 20 && ids.some((id) => !state.prompts.has(id)); round++) {
      const page = await api("/v1/videos?limit=100" + (after ? "&after=" + encodeURIComponent(after) : ""));
      for (const video of page.data || []) state.prompts.set(video.id, video.prompt || "");
      if (!page.has_more || !page.last_id) break;
      after = page.last_id;
    }
  }

  async function promptOf(id) {
    if (!state.prompts.has(id)) {
      try {
        const video = await api("/v1/videos/" + encodeURIComponent(id));
        state.prompts.set(id, video.prompt || "");
      } catch (_) {
        return "";
      }
    }
    return state.prompts.get(id);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function actionButton(label, action, task) {
    const button = element("button", "ghost small", label);
    button.type = "button";
    button.dataset.action = action;
    button.addEventListener("click", () => GALLERY_ACTIONS[action](task, button));
    return button;
  }

  function usageText(task) {
    const tokens = task.usage && task.usage.completion_tokens;
    if (!tokens) return "";
    return tokens.toLocaleString("en") + " tokens \u00b7 " + task.duration + " s of video";
  }

  function galleryItem(task) {
    const prompt = state.prompts.get(task.id) || "";
    const item = element("li", "gallery-item");
    item.dataset.id = task.id;
    item.dataset.status = task.status;
    const open = element("button", "gallery-open");
    open.type = "button";
    open.setAttribute("aria-label", "Open " + task.id + (prompt ? ": " + prompt : ""));
    const frame = element("span", "gallery-thumb");
    frame.dataset.status = task.status;
    frame.append(element("span", "gallery-thumb-note", ARK_LABELS[task.status] || task.status));
    open.append(frame);
    open.addEventListener("click", () => {
      openTask(task.id, null);
      showTask();
    });
    const body = element("div", "gallery-body");
    body.append(element("p", "g-prompt", prompt || "(no prompt: images only)"));
    const status = element("p", "g-status");
    const badge = element("span");
    setBadge(badge, ARK_LABELS[task.status] || task.status, task.status);
    const percent = task.status === "succeeded" ? 100 : task.status === "running" ? task.progress || 0 : null;
    status.append(badge);
    if (percent !== null) status.append(" ", element("span", "g-percent", percent + "%"));
    body.append(status);
    if (task.reelay_provider) {
      const provider = element("span");
      setProviderBadge(provider, task.reelay_provider);
      const line = element("p", "g-provider");
      line.append(provider);
      body.append(line);
    }
    const length = task.frames !== undefined ? task.frames + " frames" : durationLabel(task.duration);
    body.append(element("p", "g-meta", [task.model, task.resolution, task.ratio, length].join(" \u00b7 ")));
    const usage = usageText(task);
    if (usage) body.append(element("p", "g-usage", usage));
    const created = new Date(task.created_at * 1000);
    const time = element("time", "g-time", created.toLocaleString());
    time.dateTime = created.toISOString();
    body.append(time, element("code", "g-id", task.id));
    body.append(galleryActions(task, prompt));
    item.append(open, body);
    return item;
  }

  function galleryActions(task, prompt) {
    const actions = element("div", "g-actions");
    if (task.status === "succeeded" && task.content && task.content.video_url) {
      const name = downloadName(prompt, task.id);
      const link = element("a", "button ghost small", "Download");
      link.href = downloadURL(task.content.video_url, name);
      link.download = name;
      link.dataset.action = "download";
      actions.append(link);
    }
    actions.append(actionButton("Use these settings", "reuse", task));
    if (task.status === "queued") actions.append(actionButton("Cancel", "cancel", task));
    // Only OpenAI's DELETE stops a running render, and it removes the task with it.
    if (task.status === "running") actions.append(actionButton("Stop and delete", "stop", task));
    if (!["queued", "running"].includes(task.status)) actions.append(actionButton("Delete", "delete", task));
    return actions;
  }

  // `a-cat-on-a-skateboard-cgt-...`: the prompt's first words and the task id, safe as a file name.
  function downloadName(prompt, id) {
    const words = (prompt || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).slice(0, 8).join("-").slice(0, 60).replace(/-+$/, "");
    return (words ? words + "-" : "") + id + ".mp4";
  }

  // The signed link with the name the server puts in Content-Disposition (the `download`
  // attribute alone is ignored once a link leaves this origin).
  function downloadURL(url, name) {
    return url + (url.includes("?") ? "&" : "?") + "download=" + encodeURIComponent(name);
  }

  // Thumbnails: the last frame when the task kept one (a signed link), else the preview the
  // OpenAI route makes, fetched with the key (an <img> cannot send it) and kept as a blob.
  // Two at a time, so a page of new videos does not start twenty ffmpeg runs at once.
  async function loadThumbnails(generation) {
    const queue = state.gallery.items.filter((task) => task.status === "succeeded");
    const next = async () => {
      while (queue.length && generation === state.galleryGeneration) {
        const task = queue.shift();
        const url = await thumbnailURL(task);
        const frame = document.querySelector(".gallery-item[data-id='" + CSS.escape(task.id) + "'] .gallery-thumb");
        if (url && frame && generation === state.galleryGeneration) {
          const image = element("img", "g-image");
          image.alt = "";
          image.src = url;
          frame.replaceChildren(image);
        }
      }
    };
    await Promise.all([next(), next()]);
  }

  async function thumbnailURL(task) {
    if (task.content && task.content.last_frame_url) return task.content.last_frame_url;
    if (state.thumbnails.has(task.id)) return state.thumbnails.get(task.id);
    try {
      const response = await fetch("/v1/videos/" + encodeURIComponent(task.id) + "/content?variant=thumbnail",
        { headers: { Authorization: "Bearer " + apiKey() } });
      if (!response.ok) return "";
      const url = URL.createObjectURL(await response.blob());
      state.thumbnails.set(task.id, url);
      return url;
    } catch (_) {
      return "";
    }
  }

  const GALLERY_ACTIONS = {
    reuse: (task) => reuseSettings(task),
    cancel: (task, button) => changeTask(task, button, TASKS + "/" + encodeURIComponent(task.id), "Cancelling..."),
    stop: (task, button) => changeTask(task, button, "/v1/videos/" + encodeURIComponent(task.id), "Stopping..."),
    delete: (task, button) => changeTask(task, button, "/v1/videos/" + encodeURIComponent(task.id), "Deleting..."),
  };

  // Cancels (Ark's DELETE of a queued task) or deletes (OpenAI's DELETE) `task`, then shows
  // the gallery again; a refusal is shown in the gallery's status line.
  async function changeTask(task, button, path, busy) {
    button.disabled = true;
    button.textContent = busy;
    try {
      await api(path, { method: "DELETE" });
      if (path.startsWith("/v1/videos/") && state.task && state.task.id === task.id) closeTask();
      else if (state.task && state.task.id === task.id) openTask(task.id, null);
    } catch (error) {
      $("gallery-status").textContent = task.id + ": " + error.message;
      return;
    }
    await refreshGallery();
  }

  function closeTask() {
    stopWatching();
    state.task = null;
    $("task-view").hidden = true;
    $("task-empty").hidden = false;
    history.replaceState(null, "", location.pathname + location.search);
  }

  // Fills the form with `task`'s request as its record keeps it. Its images, videos and audio
  // are not part of the record, so they are left for the person to add again.
  function reuseSettings(task) {
    if (!state.models.some((model) => model.id === task.model)) {
      $("gallery-status").textContent = task.model + " is not in this server's catalog.";
      return;
    }
    $("model").value = task.model;
    applyModel();
    $("prompt").value = state.prompts.get(task.id) || "";
    for (const [id, value] of [["ratio", task.ratio], ["resolution", task.resolution], ["duration", String(task.duration)]]) {
      const select = $(id);
      if ([...select.options].some((entry) => entry.value === value)) {
        select.value = value;
        select.dataset.touched = "1";
      }
    }
    $("seed").value = task.seed !== undefined ? String(task.seed) : "";
    if (state.model.audio) $("audio").checked = Boolean(task.generate_audio);
    $("watermark").checked = Boolean(task.watermark);
    $("camera-fixed").checked = Boolean(task.camera_fixed);
    $("return-last-frame").checked = Boolean(task.content && task.content.last_frame_url);
    if (state.model.draft) $("draft").checked = Boolean(task.draft);
    applyDraft();
    clearFieldErrors();
    showError("form-error", "");
    renderPromptCount();
    renderCode();
    $("reuse-note").textContent = "The settings of " + task.id + " are filled in; add its images, videos or audio again if it had any.";
    $("reuse-note").hidden = false;
    $("create-form").scrollIntoView({ behavior: "smooth", block: "start" });
    $("prompt").focus({ preventScroll: true });
  }

  function markCurrent() {
    const current = state.task ? state.task.id : "";
    for (const item of document.querySelectorAll(".gallery-item")) {
      item.classList.toggle("current", item.dataset.id === current);
    }
  }

  // MARK: Code for the request

  const KEY_VARIABLE = "REELAY_API_KEY";
  // The curl dialects: where each takes a create, and how the form's request reads in it.
  const CODE_DIALECTS = {
    ark: { path: TASKS, body: (request) => request.body },
    anyfast: { path: "/v1/video/generations", body: (request) => request.body },
    openai: { path: "/v1/videos", body: (request) => openAIRequest(request).fields },
  };

  function setUpCode() {
    for (const tab of document.querySelectorAll(".code-tab")) {
      tab.addEventListener("click", () => chooseLanguage(tab.dataset.language));
    }
    // Every edit of the form changes the request; listeners on the form see them all.
    $("create-form").addEventListener("input", renderCode);
    $("create-form").addEventListener("change", renderCode);
    $("code-dialect").addEventListener("change", renderCode);
    $("code-key").addEventListener("change", renderCode);
    $("copy-code").addEventListener("click", copyCode);
    renderCode();
  }

  function chooseLanguage(language) {
    for (const tab of document.querySelectorAll(".code-tab")) {
      tab.setAttribute("aria-pressed", String(tab.dataset.language === language));
    }
    renderCode();
  }

  function codeLanguage() {
    const pressed = document.querySelector(".code-tab[aria-pressed='true']");
    return pressed ? pressed.dataset.language : "curl";
  }

  // The key written into the code: the saved one when the person asks for it, else a variable.
  function codeKey() {
    const saved = localStorage.getItem(KEY_STORAGE) || "";
    return $("code-key").checked && saved ? saved : "";
  }

  // The snippet of the chosen language for the form as it stands: `text` runs as it is;
  // `notes` say what it leaves out or why Generate would refuse it.
  function currentSnippet() {
    if (!state.model) return { text: "", notes: [] };
    const request = formRequest();
    const language = codeLanguage();
    const notes = request.problem ? ["Generate would not send this yet: " + request.problem.message] : [];
    if (language === "openai") {
      const openai = openAIRequest(request);
      return { text: openAISnippet(openai.fields), notes: notes.concat(openai.notes) };
    }
    if (language === "ark") return { text: arkSnippet(request.body), notes };
    const dialect = $("code-dialect").value;
    const choice = CODE_DIALECTS[dialect] || CODE_DIALECTS.ark;
    if (dialect === "openai") notes.push(...openAIRequest(request).notes);
    return { text: curlSnippet(choice.path, choice.body(request)), notes };
  }

  function renderCode() {
    scheduleEstimate();
    const snippet = currentSnippet();
    state.code = snippet.text;
    $("code-text").textContent = abbreviateDataURIs(snippet.text);
    $("code-note").textContent = snippet.notes.join(" ");
    $("code-note").hidden = !snippet.notes.length;
    $("code-dialect-field").hidden = codeLanguage() !== "curl";
    const saved = Boolean(localStorage.getItem(KEY_STORAGE));
    $("code-key").disabled = !saved;
    $("code-key-note").textContent = codeKey()
      ? "The code holds your saved key: keep it private."
      : "The key is read from the environment: export " + KEY_VARIABLE + "=<your key> first."
        + (saved ? "" : " Save a key to write it into the code instead.");
    $("copy-status").textContent = "";
  }

  // Long data: URIs are shortened on screen only; Copy copies the request whole.
  function abbreviateDataURIs(text) {
    return text.replace(/(data:[\w.+-]+\/[\w.+-]+;base64,)([A-Za-z0-9+/=]{48,})/g, (_, head, data) =>
      head + data.slice(0, 24) + "\u2026 (" + Math.round(data.length * 3 / 4 / 1024) + " KB, shortened here; Copy copies it whole)");
  }

  // The same request as the OpenAI videos dialect takes it: model, prompt, seconds, size and a
  // first frame; `notes` name what that dialect has no field for.
  function openAIRequest(request) {
    const body = request.body;
    const fields = { model: body.model };
    const text = body.content.find((item) => item.type === "text");
    fields.prompt = text ? text.text : "";
    const notes = [];
    if (body.duration > 0) fields.seconds = String(body.duration);
    else notes.push("Duration auto has no OpenAI value: the model's default length is used.");
    const sizes = (state.model.sizes || {})[body.resolution] || {};
    if (sizes[body.ratio]) fields.size = sizes[body.ratio];
    else notes.push("Ratio " + body.ratio + " has no fixed size: the OpenAI default size (720p, 9:16) is used.");
    const images = body.content.filter((item) => item.type === "image_url");
    const first = images.find((item) => item.role === "first_frame");
    if (first) fields.input_reference = { image_url: first.image_url.url };
    const left = [];
    if (images.some((item) => item.role !== "first_frame")) left.push("last frame and reference images");
    if (body.content.some((item) => item.type === "video_url" || item.type === "audio_url")) left.push("reference videos and audio");
    if (body.seed !== undefined) left.push("seed");
    if (body.generate_audio !== undefined) left.push("audio (the model's default applies)");
    if (body.watermark) left.push("watermark");
    if (body.camera_fixed) left.push("fixed camera");
    if (body.return_last_frame) left.push("last frame");
    if (body.draft) left.push("draft");
    if (left.length) notes.push("The OpenAI dialect has no field for: " + left.join(", ") + ".");
    return { fields, notes };
  }

  // A single-quoted shell word.
  function shellQuote(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }

  // The body goes in a quoted here-document: nothing in it is expanded, and no size limit of a
  // command-line argument applies to large data: URIs.
  function curlSnippet(path, body) {
    const key = codeKey();
    const authorization = key ? shellQuote("Authorization: Bearer " + key) : "\"Authorization: Bearer $" + KEY_VARIABLE + "\"";
    return "curl -sS " + location.origin + path + " \\\n"
      + "  -H " + authorization + " \\\n"
      + "  -H 'Content-Type: application/json' \\\n"
      + "  --data-binary @- <<'JSON'\n"
      + JSON.stringify(body, null, 2) + "\nJSON\n";
  }

  // A Python literal of a JSON value (JSON's strings are valid Python strings).
  function pythonValue(value, indent) {
    const inner = indent + "    ";
    if (value === null || value === undefined) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) {
      if (!value.length) return "[]";
      return "[\n" + value.map((item) => inner + pythonValue(item, inner) + ",\n").join("") + indent + "]";
    }
    const entries = Object.entries(value).map(([name, item]) => JSON.stringify(name) + ": " + pythonValue(item, inner));
    return "{" + entries.join(", ") + "}";
  }

  function pythonKeywords(fields) {
    return Object.entries(fields).map(([name, value]) => "    " + name + "=" + pythonValue(value, "    ") + ",\n").join("");
  }

  function pythonClient(module, name, path) {
    const key = codeKey();
    const keyValue = key ? JSON.stringify(key) : "os.environ[" + JSON.stringify(KEY_VARIABLE) + "]";
    return (key ? "" : "import os\n\n") + "from " + module + " import " + name + "\n\n"
      + "client = " + name + "(\n    base_url=" + JSON.stringify(location.origin + path) + ",\n    api_key=" + keyValue + ",\n)\n";
  }

  function openAISnippet(fields) {
    const keywords = Object.assign({}, fields);
    const reference = keywords.input_reference;
    delete keywords.input_reference;
    // The SDK uploads files itself; an image URL goes through extra_body.
    if (reference) keywords.extra_body = { input_reference: reference };
    return pythonClient("openai", "OpenAI", "/v1")
      + "video = client.videos.create(\n" + pythonKeywords(keywords) + ")\n"
      + "print(video.id, video.status)\n";
  }

  function arkSnippet(body) {
    return pythonClient("volcenginesdkarkruntime", "Ark", "/api/v3")
      + "task = client.content_generation.tasks.create(\n" + pythonKeywords(body) + ")\n"
      + "print(task.id)\n";
  }

  async function copyCode() {
    const text = state.code || "";
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch (_) {
      copied = copyWithSelection(text);
    }
    $("copy-status").textContent = copied ? "Copied." : "Copying was refused by the browser; select the code and copy it.";
  }

  // Where the Clipboard API is refused (an insecure origin), a selected text area is copied.
  function copyWithSelection(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (_) { copied = false; }
    area.remove();
    $("copy-code").focus();
    return copied;
  }

  // The last create or poll answer, as the server sent it (pretty-printed when it is JSON).
  function showAnswer(method, path, status, text) {
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { shown = text; }
    $("answer-summary").textContent = method + " " + path + ": HTTP " + status;
    const pre = $("answer-json");
    // Unchanged answers leave the text alone, so a selection in it survives the polling.
    if (pre.textContent !== shown) pre.textContent = shown;
    pre.hidden = false;
  }

  // MARK: Start

  function start() {
    setUpKey();
    $("model").addEventListener("change", applyModel);
    for (const id of ["ratio", "resolution", "duration"]) {
      $(id).addEventListener("change", () => { $(id).dataset.touched = "1"; });
    }
    $("draft").addEventListener("change", applyDraft);
    for (const role of REFERENCE_ROLES) {
      $(ROLES[role].add).addEventListener("click", () => {
        if (state.model && roleCount(role) < roleLimit(state.model.media, role)) addSlot(role);
        updateMediaHints();
      });
    }
    $("prompt").addEventListener("input", renderPromptCount);
    $("create-form").addEventListener("submit", submit);
    setUpCode();
    $("refresh-gallery").addEventListener("click", refreshGallery);
    $("gallery-previous").addEventListener("click", () => turnPage(-1));
    $("gallery-next").addEventListener("click", () => turnPage(1));
    loadModels();
    refreshGallery();
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
