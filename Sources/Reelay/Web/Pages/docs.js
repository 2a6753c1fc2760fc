"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let spec = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // `code`, **bold** and plain text, as DOM nodes (never innerHTML).
  function inline(text, into) {
    const pattern = /(`[^`]+`|\*\*[^*]+\*\*)/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) into.append(document.createTextNode(text.slice(last, match.index)));
      const token = match[0];
      into.append(token.startsWith("`") ? el("code", "", token.slice(1, -1)) : el("strong", "", token.slice(2, -2)));
      last = match.index + token.length;
    }
    if (last < text.length) into.append(document.createTextNode(text.slice(last)));
    return into;
  }

  // Paragraphs and "- " lists.
  function markdown(text) {
    const root = el("div", "markdown");
    for (const block of (text || "").split(/\n\s*\n/)) {
      const lines = block.split("\n").filter((line) => line.trim());
      if (!lines.length) continue;
      if (lines.every((line) => line.trim().startsWith("- "))) {
        const list = el("ul");
        for (const line of lines) list.append(inline(line.trim().slice(2), el("li")));
        root.append(list);
      } else {
        const paragraph = el("p");
        const list = [];
        for (const line of lines) {
          if (line.trim().startsWith("- ")) list.push(line); else inline(line + " ", paragraph);
        }
        root.append(paragraph);
        if (list.length) {
          const ul = el("ul");
          for (const line of list) ul.append(inline(line.trim().slice(2), el("li")));
          root.append(ul);
        }
      }
    }
    return root;
  }

  function resolve(schema) {
    let current = schema || {};
    const seen = new Set();
    while (current && current.$ref && !seen.has(current.$ref)) {
      seen.add(current.$ref);
      const target = current.$ref.replace(/^#\//, "").split("/").reduce((node, key) => (node ? node[key] : undefined), spec);
      const extra = Object.assign({}, current);
      delete extra.$ref;
      current = Object.assign({}, target || {}, extra);
    }
    return current;
  }

  function refName(schema) {
    return schema && schema.$ref ? schema.$ref.split("/").pop() : "";
  }

  function typeLabel(schema) {
    const name = refName(schema);
    const resolved = resolve(schema);
    if ("const" in resolved) return JSON.stringify(resolved.const);
    if (resolved.enum) return resolved.enum.map((value) => JSON.stringify(value)).join(" | ");
    const variants = resolved.anyOf || resolved.oneOf;
    if (variants) return (name ? name + ": " : "") + variants.map(typeLabel).join(" | ");
    let type = Array.isArray(resolved.type) ? resolved.type.join(" | ") : resolved.type || (resolved.properties ? "object" : "any");
    if (type === "array" && resolved.items) type = "array of " + typeLabel(resolved.items);
    if (type === "object" && resolved.additionalProperties && typeof resolved.additionalProperties === "object" && !resolved.properties) {
      type = "map of " + typeLabel(resolved.additionalProperties);
    }
    if (resolved.format) type += " (" + resolved.format + ")";
    if (resolved.pattern) type += " matching " + resolved.pattern;
    if (resolved.minimum !== undefined || resolved.maximum !== undefined) {
      type += " [" + (resolved.minimum !== undefined ? resolved.minimum : "") + ".." + (resolved.maximum !== undefined ? resolved.maximum : "") + "]";
    }
    if (resolved.maxItems !== undefined) type += " (at most " + resolved.maxItems + ")";
    return name && type === "object" ? name : (name ? name + " (" + type + ")" : type);
  }

  // The nested fields of a schema: objects' properties, array items' properties, variants.
  function children(schema, depth, trail) {
    const resolved = resolve(schema);
    const name = refName(schema);
    if (depth > 6 || (name && trail.includes(name))) return null;
    const nextTrail = name ? trail.concat([name]) : trail;
    if (resolved.properties) {
      const list = el("ul", "schema");
      const required = resolved.required || [];
      for (const [key, property] of Object.entries(resolved.properties)) {
        const item = el("li");
        item.append(el("span", "name", key), document.createTextNode(" "), el("span", "type", typeLabel(property)));
        if (required.includes(key)) item.append(el("span", "required", "required"));
        const description = resolve(property).description;
        if (description) {
          item.append(document.createTextNode(" "));
          inline(description, item.appendChild(el("span", "desc")));
        }
        const nested = children(property, depth + 1, nextTrail);
        if (nested) item.append(nested);
        list.append(item);
      }
      return list;
    }
    if (resolved.type === "array" && resolved.items) return children(resolved.items, depth + 1, nextTrail);
    const variants = resolved.anyOf || resolved.oneOf;
    if (variants) {
      const list = el("ul", "schema");
      variants.forEach((variant, index) => {
        const item = el("li");
        item.append(el("span", "name", "variant " + (index + 1)), document.createTextNode(" "), el("span", "type", typeLabel(variant)));
        const description = resolve(variant).description;
        if (description) { item.append(document.createTextNode(" ")); inline(description, item.appendChild(el("span", "desc"))); }
        const nested = children(variant, depth + 1, nextTrail);
        if (nested) item.append(nested);
        list.append(item);
      });
      return list;
    }
    return null;
  }

  function schemaBlock(schema) {
    const box = el("div");
    const resolved = resolve(schema);
    const head = el("div");
    head.append(el("span", "type", typeLabel(schema)));
    if (resolved.description) { head.append(document.createTextNode(" ")); inline(resolved.description, head.appendChild(el("span", "desc"))); }
    box.append(head);
    const nested = children(schema, 0, []);
    if (nested) box.append(nested);
    return box;
  }

  function contentBlocks(content) {
    const box = el("div");
    for (const [mediaType, entry] of Object.entries(content || {})) {
      box.append(el("div", "media-type", mediaType));
      if (entry.schema) box.append(schemaBlock(entry.schema));
      if (entry.example !== undefined) {
        const pre = el("pre");
        pre.append(el("code", "", JSON.stringify(entry.example, null, 2)));
        box.append(pre);
      }
    }
    return box;
  }

  function parametersTable(parameters) {
    const table = el("table");
    const head = el("tr");
    for (const title of ["Name", "In", "Type", "Description"]) head.append(el("th", "", title));
    table.append(head);
    for (const raw of parameters) {
      const parameter = resolve(raw);
      const row = el("tr");
      const name = el("td");
      name.append(el("code", "", parameter.name));
      if (parameter.required) name.append(el("span", "required", "required"));
      row.append(name, el("td", "", parameter.in), el("td", "type", typeLabel(parameter.schema || {})));
      const description = el("td");
      inline(parameter.description || resolve(parameter.schema || {}).description || "", description);
      row.append(description);
      table.append(row);
    }
    return table;
  }

  function operationCard(path, method, operation, pathItem) {
    const card = el("article", "card operation");
    card.id = operation.operationId || method + "-" + path;
    card.dataset.search = [method, path, operation.summary, operation.description, (operation.tags || []).join(" ")].join(" ").toLowerCase();
    const head = el("div", "op-head");
    head.append(el("span", "method " + method, method.toUpperCase()), el("span", "path", path));
    card.append(head);
    if (operation.summary) card.append(el("p", "op-summary", operation.summary));
    if (operation.description) card.append(markdown(operation.description));
    const meta = el("p", "meta");
    const security = operation.security !== undefined ? operation.security : spec.security;
    meta.append(document.createTextNode(security && security.length ? "Needs the API key (Bearer). " : "No key needed. "));
    const servers = (pathItem.servers || []).filter((server) => server.url !== "/");
    if (servers.length) {
      meta.append(document.createTextNode("Also at "));
      servers.forEach((server, index) => {
        if (index) meta.append(document.createTextNode(", "));
        meta.append(el("code", "", server.url.replace(/\/$/, "") + path));
      });
      meta.append(document.createTextNode("."));
    }
    card.append(meta);
    const parameters = (pathItem.parameters || []).concat(operation.parameters || []);
    if (parameters.length) {
      card.append(el("h3", "", "Parameters"));
      card.append(parametersTable(parameters));
    }
    if (operation.requestBody) {
      const body = resolve(operation.requestBody);
      card.append(el("h3", "", "Request body" + (body.required ? "" : " (optional)")));
      card.append(contentBlocks(body.content));
    }
    card.append(el("h3", "", "Responses"));
    const statuses = Object.keys(operation.responses || {}).sort((a, b) => (a === "default") - (b === "default") || a.localeCompare(b));
    for (const status of statuses) {
      const response = resolve(operation.responses[status]);
      const box = el("details", "response");
      if (status.startsWith("2")) box.open = true;
      const summary = el("summary");
      summary.append(el("span", "status " + (status.startsWith("2") ? "ok" : "bad"), status), document.createTextNode(" " + (response.description || "")));
      box.append(summary);
      if (response.content) box.append(contentBlocks(response.content));
      if (response.headers) {
        for (const [name, header] of Object.entries(response.headers)) {
          const line = el("p", "meta");
          line.append(el("code", "", name), document.createTextNode(" " + (header.description || "")));
          box.append(line);
        }
      }
      card.append(box);
    }
    return card;
  }

  function render() {
    const reference = $("reference");
    const toc = $("toc");
    reference.replaceChildren();
    const intro = el("section", "card intro");
    const title = el("h1", "", spec.info.title + " ");
    title.append(el("span", "version", "v" + spec.info.version + " \u00b7 OpenAPI " + spec.openapi));
    intro.append(title);
    if (spec.info.summary) intro.append(el("p", "", spec.info.summary));
    intro.append(markdown(spec.info.description || ""));
    reference.append(intro);

    const tags = (spec.tags || []).map((tag) => tag.name);
    const byTag = new Map(tags.map((tag) => [tag, []]));
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const method of ["get", "post", "put", "patch", "delete"]) {
        if (!item[method]) continue;
        const tag = (item[method].tags || ["Other"])[0];
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push([path, method, item[method], item]);
      }
    }
    let count = 0;
    for (const [tag, operations] of byTag) {
      if (!operations.length) continue;
      const section = el("section", "tag-section");
      section.dataset.tag = tag;
      section.append(el("h2", "", tag));
      const info = (spec.tags || []).find((entry) => entry.name === tag);
      if (info && info.description) section.append(markdown(info.description));
      const group = el("div");
      group.append(el("h4", "", tag));
      for (const [path, method, operation, item] of operations) {
        const card = operationCard(path, method, operation, item);
        section.append(card);
        const link = el("a");
        link.href = "#" + card.id;
        link.dataset.target = card.id;
        link.append(el("span", "method " + method, method.toUpperCase()), el("span", "path", path));
        group.append(link);
        count += 1;
      }
      toc.append(group);
      reference.append(section);
    }
    document.body.dataset.operations = String(count);
    if (window.matchMedia("(max-width: 899px)").matches) $("toc-box").open = false;
    if (location.hash) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  function filter() {
    const words = $("filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const card of document.querySelectorAll(".operation")) {
      card.hidden = !words.every((word) => card.dataset.search.includes(word));
    }
    for (const link of document.querySelectorAll("#toc a")) {
      link.hidden = document.getElementById(link.dataset.target).hidden;
    }
    for (const section of document.querySelectorAll(".tag-section")) {
      section.hidden = ![...section.querySelectorAll(".operation")].some((card) => !card.hidden);
    }
  }

  async function start() {
    try {
      const response = await fetch("/openapi.json");
      if (!response.ok) throw new Error("HTTP " + response.status);
      spec = await response.json();
    } catch (error) {
      $("loading").textContent = "The document /openapi.json could not be loaded (" + error.message + ").";
      return;
    }
    render();
    $("filter").addEventListener("input", filter);
  }

  start();
})();
