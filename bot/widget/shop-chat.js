/*
 * Shop chat widget: one <script> tag adds a chat launcher to any page.
 *
 *   <script src="https://shop.example/widget/shop-chat.js"
 *           data-server="https://chat.shop.example"   (Rasa server; default: same host, port 5005)
 *           data-title="Ask our shop assistant" data-color="#1a56db" defer></script>
 *
 * Talks to the Rasa server's "shop" channel (REST + photo upload + history). Everything the
 * bot or the catalog says is rendered with textContent, never as HTML; image URLs must be
 * http(s). The page can listen for "shopchat:view", "shopchat:add_to_cart" and "shopchat:cart" (the
 * server's cart after any change, by button or by chat: {count, total, items}) DOM events.
 */
(function () {
  "use strict";
  if (window.ShopChat) return;

  var script = document.currentScript || document.querySelector("script[src*='shop-chat.js']");
  var ds = (script && script.dataset) || {};
  var scriptBase = script && script.src ? script.src.replace(/[^/]*$/, "") : "";
  var defaultServer = location.protocol + "//" + location.hostname + ":5005";
  var config = {
    server: (ds.server || defaultServer).replace(/\/+$/, ""),
    title: ds.title || "Shop assistant",
    color: /^#[0-9a-fA-F]{3,8}$/.test(ds.color || "") ? ds.color : "#1a56db",
    maxUpload: parseInt(ds.maxUpload || "5242880", 10),
    storageKey: "shopchat.sender"
  };
  var PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
  var base = config.server + "/webhooks/shop";

  // ---- small DOM helpers (text only) -------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "class") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(value) {
    try {
      var url = new URL(String(value), location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
    } catch (e) {
      return "";
    }
  }
  function price(value) {
    return typeof value === "number" ? "$" + value.toFixed(2) : "price on request";
  }
  function newSender() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "w-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ---- state -------------------------------------------------------------------------------
  var sender = null;
  try { sender = localStorage.getItem(config.storageKey); } catch (e) { /* private mode */ }
  if (!sender || !/^[A-Za-z0-9_.:-]{1,128}$/.test(sender)) sender = newSender();
  function saveSender() { try { localStorage.setItem(config.storageKey, sender); } catch (e) { /* ignore */ } }
  saveSender();
  var pendingPhoto = null; // File
  var previewUrl = null;
  var busy = false;

  // ---- layout ------------------------------------------------------------------------------
  if (scriptBase) {
    var css = el("link", { rel: "stylesheet", href: scriptBase + "shop-chat.css" });
    document.head.appendChild(css);
  }
  var root = el("div", { class: "sc-root" });
  root.style.setProperty("--sc-accent", config.color);
  var launcher = el("button", { class: "sc-launcher", type: "button", "aria-expanded": "false",
    "aria-controls": "sc-panel", "aria-label": "Open chat: " + config.title });
  launcher.appendChild(el("span", { "aria-hidden": "true" }, "Chat"));
  var panel = el("section", { id: "sc-panel", class: "sc-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "sc-title" });
  panel.hidden = true;
  var header = el("header", { class: "sc-header" });
  header.appendChild(el("h2", { id: "sc-title", class: "sc-title" }, config.title));
  var newBtn = el("button", { type: "button", class: "sc-new" }, "New conversation");
  var closeBtn = el("button", { type: "button", class: "sc-close", "aria-label": "Close chat" }, "\u00d7");
  header.appendChild(newBtn);
  header.appendChild(closeBtn);
  var log = el("div", { class: "sc-log", role: "log", "aria-live": "polite", "aria-label": "Conversation",
    tabindex: "0" });
  var typing = el("div", { class: "sc-typing", role: "status", "aria-live": "polite" });
  typing.hidden = true;
  typing.appendChild(el("span", { class: "sc-dots", "aria-hidden": "true" }, "\u2022\u2022\u2022"));
  typing.appendChild(el("span", { class: "sc-sr" }, "The assistant is typing"));
  var errorBox = el("div", { class: "sc-error", role: "alert" });
  errorBox.hidden = true;
  var preview = el("div", { class: "sc-preview" });
  preview.hidden = true;
  var previewImg = el("img", { alt: "Photo to send" });
  var previewRemove = el("button", { type: "button", class: "sc-preview-remove", "aria-label": "Remove photo" }, "\u00d7");
  preview.appendChild(previewImg);
  preview.appendChild(previewRemove);
  var form = el("form", { class: "sc-form" });
  var inputLabel = el("label", { for: "sc-input", class: "sc-sr" }, "Message");
  var input = el("input", { id: "sc-input", class: "sc-input", type: "text", autocomplete: "off", maxlength: "2000",
    placeholder: "Ask about products, orders, returns..." });
  var fileInput = el("input", { id: "sc-file", class: "sc-file", type: "file", accept: PHOTO_TYPES.join(","),
    tabindex: "-1", "aria-hidden": "true" });
  var attachBtn = el("button", { type: "button", class: "sc-attach", "aria-label": "Attach a photo" }, "Photo");
  var sendBtn = el("button", { type: "submit", class: "sc-send" }, "Send");
  [inputLabel, input, fileInput, attachBtn, sendBtn].forEach(function (n) { form.appendChild(n); });
  [header, log, typing, errorBox, preview, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- open / close ------------------------------------------------------------------------
  var historyLoaded = false;
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", "Close chat: " + config.title);
    if (!historyLoaded) { historyLoaded = true; loadHistory(); }
    input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", "Open chat: " + config.title);
    launcher.focus();
  }
  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });

  // ---- rendering ---------------------------------------------------------------------------
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function userBubble(text, hasPhoto, photoUrl) {
    var turn = el("div", { class: "sc-turn sc-turn-user" });
    if (hasPhoto) {
      if (photoUrl) turn.appendChild(el("img", { class: "sc-user-photo", src: photoUrl, alt: "Your photo" }));
      else turn.appendChild(el("div", { class: "sc-msg sc-user sc-photo-note" }, "[photo]"));
    }
    if (text) turn.appendChild(el("div", { class: "sc-msg sc-user" }, text));
    log.appendChild(turn);
    scrollDown();
  }
  function kv(list, label, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    var row = el("div", { class: "sc-why-row" });
    row.appendChild(el("span", { class: "sc-why-key" }, label + ": "));
    row.appendChild(el("span", null, typeof value === "object" ? JSON.stringify(value) : String(value)));
    list.appendChild(row);
  }
  function whyToggle(container, label, fill) {
    var box = el("div", { class: "sc-why" });
    box.hidden = true;
    var btn = el("button", { type: "button", class: "sc-why-btn", "aria-expanded": "false", "aria-label": label }, "Why?");
    btn.addEventListener("click", function () {
      if (!box.childNodes.length) fill(box);
      box.hidden = !box.hidden;
      btn.setAttribute("aria-expanded", box.hidden ? "false" : "true");
    });
    container.appendChild(btn);
    container.appendChild(box);
  }
  function sceneWhy(turn, scene) {
    var holder = el("div", { class: "sc-turn-why" });
    whyToggle(holder, "Why did the assistant answer this way?", function (box) {
      kv(box, "scene", scene.scene);
      kv(box, "previous scene", scene.previous);
      var probs = scene.probs || {};
      kv(box, "scene probabilities", Object.keys(probs).map(function (k) {
        return k + " " + Number(probs[k]).toFixed(2);
      }).join(", "));
      var ex = scene.explanation || {};
      var shown = { modality_weights: 1, top_words: 1 };
      var weights = ex.modality_weights || {};
      kv(box, "what counted", Object.keys(weights).map(function (k) {
        return k + " " + Math.round(Number(weights[k]) * 100) + "%";
      }).join(", "));
      kv(box, "words that mattered", (ex.top_words || []).map(function (w) {
        return String(w[0]) + " (+" + Number(w[1]).toFixed(2) + ")";
      }).join(", "));
      Object.keys(ex).forEach(function (k) { if (!shown[k]) kv(box, k.replace(/_/g, " "), ex[k]); });
    });
    turn.appendChild(holder);
  }
  function productCard(p, scene) {
    var card = el("article", { class: "sc-card", role: "listitem", "aria-label": String(p.title || "") });
    var src = safeUrl(p.image);
    if (src) card.appendChild(el("img", { class: "sc-card-img", src: src, alt: String(p.title || ""), loading: "lazy" }));
    card.appendChild(el("h3", { class: "sc-card-title" }, p.title));
    card.appendChild(el("div", { class: "sc-card-price" }, price(p.price)));
    if (p.reason) card.appendChild(el("div", { class: "sc-card-reason" }, p.reason));
    var actions = el("div", { class: "sc-card-actions" });
    var view = el("button", { type: "button", "aria-label": "View " + p.title }, "View");
    var more = el("button", { type: "button", "aria-label": "More like " + p.title }, "More like this");
    var cart = el("button", { type: "button", "aria-label": "Add " + p.title + " to cart" }, "Add to cart");
    view.addEventListener("click", function () {
      root.dispatchEvent(new CustomEvent("shopchat:view", { bubbles: true, detail: { id: p.id } }));
      sendEvent("view", p);
    });
    more.addEventListener("click", function () {
      var label = "More like the " + p.title;
      send("/recommend_product", { event: { type: "more_like_this", product_id: p.id }, label: label }, label);
    });
    cart.addEventListener("click", function () {
      root.dispatchEvent(new CustomEvent("shopchat:add_to_cart", { bubbles: true, detail: { id: p.id } }));
      sendEvent("add_to_cart", p);
    });
    [view, more, cart].forEach(function (b) { actions.appendChild(b); });
    card.appendChild(actions);
    whyToggle(card, "Why this product: " + p.title, function (box) {
      var why = p.why || {};
      kv(box, "reason", p.reason);
      kv(box, "scene", scene);
      kv(box, "text similarity", why.similarity);
      kv(box, "photo similarity", why.image_similarity);
      kv(box, "matched words", (why.matched_terms || []).join(", "));
      var ranks = why.ranks || {};
      kv(box, "rank by signal", Object.keys(ranks).map(function (k) { return k + " #" + ranks[k]; }).join(", "));
      kv(box, "filters", (why.filters || []).join(", "));
    });
    return card;
  }
  function orderCard(o) {
    var card = el("article", { class: "sc-order", "aria-label": "Order " + o.number });
    card.appendChild(el("h3", null, "Order " + o.number));
    card.appendChild(el("div", { class: "sc-order-status sc-status-" + String(o.status).replace(/[^a-z_]/g, "") },
      String(o.status || "").replace(/_/g, " ")));
    var list = el("div", { class: "sc-order-details" });
    kv(list, "placed", o.placed_at);
    kv(list, "carrier", o.carrier);
    kv(list, "tracking", o.tracking_number);
    kv(list, "estimated delivery", o.estimated_delivery);
    kv(list, "total", typeof o.total === "number" ? "$" + o.total.toFixed(2) + " " + (o.currency || "") : "");
    card.appendChild(list);
    var items = el("ul", { class: "sc-order-items" });
    (o.items || []).forEach(function (it) {
      var extra = [it.size, it.color].filter(Boolean).join(", ");
      items.appendChild(el("li", null, it.quantity + " x " + it.title + (extra ? " (" + extra + ")" : "")));
    });
    card.appendChild(items);
    return card;
  }
  function renderBotMessages(messages) {
    var turn = el("div", { class: "sc-turn sc-turn-bot" });
    var scene = null;
    var sceneName = "";
    var hasCards = (messages || []).some(function (m) { return m.custom && m.custom.type === "products"; });
    (messages || []).forEach(function (m) {
      var custom = m.custom;
      if (custom && typeof custom === "object") {
        if (custom.type === "scene") { scene = custom; sceneName = custom.scene; return; }
        if (custom.type === "products" && Array.isArray(custom.products)) {
          var row = el("div", { class: "sc-carousel", role: "list", "aria-label": "Products" });
          custom.products.forEach(function (p) { row.appendChild(productCard(p, custom.scene || sceneName)); });
          turn.appendChild(row);
          return;
        }
        if (custom.type === "order") { turn.appendChild(orderCard(custom)); return; }
        if (custom.type === "cart") {
          // One cart for chat and buttons: the page shows the count the server keeps.
          root.dispatchEvent(new CustomEvent("shopchat:cart", { bubbles: true, detail: {
            count: Number(custom.count) || 0, total: Number(custom.total) || 0,
            items: Array.isArray(custom.items) ? custom.items : [] } }));
          return;
        }
        if (custom.type === "handoff") {
          turn.appendChild(el("div", { class: "sc-msg sc-system" }, "A person from our team will take over this chat."));
          return;
        }
        return; // unknown payloads are ignored, never rendered raw
      }
      if (m.text) {
        // Text clients get the products as a numbered list; here the cards show them instead.
        var text = hasCards ? String(m.text).split(/\n\d+\. /)[0] : m.text;
        turn.appendChild(el("div", { class: "sc-msg sc-bot" }, text));
      }
      if (Array.isArray(m.buttons) && m.buttons.length) {
        var replies = el("div", { class: "sc-replies" });
        m.buttons.forEach(function (b) {
          var btn = el("button", { type: "button", class: "sc-reply" }, b.title);
          btn.addEventListener("click", function () { send(String(b.payload || b.title), null, b.title); });
          replies.appendChild(btn);
        });
        turn.appendChild(replies);
      }
      if (m.image && safeUrl(m.image)) turn.appendChild(el("img", { class: "sc-bot-img", src: safeUrl(m.image), alt: "" }));
    });
    if (scene && turn.childNodes.length) sceneWhy(turn, scene);
    if (turn.childNodes.length) { log.appendChild(turn); scrollDown(); }
  }

  // ---- errors and retry --------------------------------------------------------------------
  function showError(message, retry) {
    errorBox.textContent = "";
    errorBox.appendChild(el("span", null, message));
    if (retry) {
      var again = el("button", { type: "button", class: "sc-retry" }, "Retry");
      again.addEventListener("click", function () { hideError(); retry(); });
      errorBox.appendChild(again);
    }
    errorBox.hidden = false;
  }
  function hideError() { errorBox.hidden = true; errorBox.textContent = ""; }
  function describeFailure(resp, body) {
    if (!resp) return "Couldn't reach the shop assistant. Check your connection.";
    if (body && body.error) return String(body.error);
    if (resp.status >= 500) return "The shop assistant had a problem (" + resp.status + ").";
    return "The request was refused (" + resp.status + ").";
  }
  function request(url, options) {
    return fetch(url, options).then(function (resp) {
      return resp.json().catch(function () { return null; }).then(function (body) {
        if (!resp.ok) { var err = new Error(describeFailure(resp, body)); err.status = resp.status; throw err; }
        return body;
      });
    }, function () { throw new Error(describeFailure(null)); });
  }

  // ---- talking to the server ---------------------------------------------------------------
  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendBtn.disabled = value;
  }
  function post(message, metadata) {
    return request(base + "/webhook", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message, metadata: metadata || {} })
    });
  }
  function upload(file) {
    var data = new FormData();
    data.append("image", file, file.name || "photo");
    return request(base + "/upload?sender=" + encodeURIComponent(sender), { method: "POST", body: data }).then(function (body) { return body.image_id; });
  }
  function send(text, metadata, shownText) {
    if (busy) return;
    text = (text || "").trim();
    var photo = pendingPhoto;
    if (!text && !photo) return;
    hideError();
    var photoUrl = photo ? previewUrl : null;
    userBubble(shownText || (text.charAt(0) === "/" ? "" : text), !!photo, photoUrl);
    clearPhoto(false);
    input.value = "";
    setBusy(true);
    var attempt = function () {
      setBusy(true);
      var meta = Object.assign({}, metadata || {});
      var step = photo ? upload(photo).then(function (id) { meta.image_id = id; }) : Promise.resolve();
      return step.then(function () { return post(text, meta); })
        .then(function (messages) { setBusy(false); renderBotMessages(messages); })
        .catch(function (err) { setBusy(false); showError(err.message, err.status && err.status < 500 && err.status !== 429 ? null : attempt); });
    };
    attempt();
  }
  function sendEvent(kind, product) {
    post("/widget_event", { event: { type: kind, product_id: product.id } })
      .then(function (messages) { renderBotMessages(messages); })
      .catch(function (err) { showError(err.message, function () { sendEvent(kind, product); }); });
  }
  function loadHistory() {
    request(base + "/history?sender=" + encodeURIComponent(sender), { method: "GET" })
      .then(function (body) {
        var pending = [];
        (body.messages || []).forEach(function (m) {
          if (m.role === "user") {
            if (pending.length) { renderBotMessages(pending); pending = []; }
            userBubble(m.text, m.photo, null);
          } else {
            pending.push(m);
          }
        });
        if (pending.length) renderBotMessages(pending);
        if (!log.childNodes.length) greet();
      })
      .catch(function (err) { greet(); showError(err.message, loadHistory); });
  }
  function greet() {
    var turn = el("div", { class: "sc-turn sc-turn-bot" });
    turn.appendChild(el("div", { class: "sc-msg sc-bot" },
      "Hi! I can find products (describe them or send a photo), suggest what goes together, and help with orders and returns."));
    log.appendChild(turn);
  }

  // ---- photos ------------------------------------------------------------------------------
  function clearPhoto(revoke) {
    if (revoke !== false && previewUrl) URL.revokeObjectURL(previewUrl);
    pendingPhoto = null;
    previewUrl = null;
    preview.hidden = true;
    previewImg.removeAttribute("src");
    fileInput.value = "";
  }
  function attach(file) {
    if (!file) return;
    if (PHOTO_TYPES.indexOf(file.type) < 0) { showError("Please choose a JPEG, PNG, WebP or GIF photo."); return; }
    if (file.size > config.maxUpload) {
      showError("That photo is too large (the limit is " + Math.round(config.maxUpload / 1048576) + " MB).");
      return;
    }
    hideError();
    clearPhoto();
    pendingPhoto = file;
    previewUrl = URL.createObjectURL(file);
    previewImg.src = previewUrl;
    preview.hidden = false;
    input.focus();
  }
  attachBtn.addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () { attach(fileInput.files && fileInput.files[0]); });
  previewRemove.addEventListener("click", function () { clearPhoto(); input.focus(); });
  input.addEventListener("paste", function (e) {
    var items = (e.clipboardData && e.clipboardData.files) || [];
    if (items.length && items[0].type.indexOf("image/") === 0) { e.preventDefault(); attach(items[0]); }
  });

  form.addEventListener("submit", function (e) { e.preventDefault(); send(input.value); });
  newBtn.addEventListener("click", function () {
    sender = newSender();
    saveSender();
    log.textContent = "";
    hideError();
    clearPhoto();
    greet();
    input.focus();
  });

  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
  window.ShopChat = { open: open, close: close, send: send, attach: attach, sender: function () { return sender; } };
})();
