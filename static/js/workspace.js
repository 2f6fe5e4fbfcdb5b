/* The annotation workspace: selection → code-point offsets, keys Q/S/C, linking by click,
   Ctrl+Z, time spent. Every change goes to the server, which answers with the re-rendered
   annotation; nothing is kept only in the page. Offsets are code points (docs/offsets.md). */
(function () {
  "use strict";
  const root = document.getElementById("workspace");
  if (!root) return;
  const base = root.dataset.base;
  const canWrite = root.dataset.canWrite === "1";
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  const undoStack = [];
  let chars = null; // the article text as an array of code points; it never changes
  let unsentSeconds = 0;

  const annotation = () => document.getElementById("annotation");
  const textBox = () => document.getElementById("text");
  const currentVersion = () => annotation().dataset.version;
  const activeQuote = () => annotation().dataset.activeQuote || "";

  function say(message, isError) {
    const box = document.getElementById("message");
    box.textContent = message;
    box.classList.toggle("error", Boolean(isError));
  }

  function articleChars() {
    if (chars === null) chars = Array.from(textBox().textContent);
    return chars;
  }

  /* A DOM boundary point as a code-point offset into the article text (offsets.js). */
  function offsetOf(node, offset) {
    return NQOffsets.toCodePoint(textBox(), node, offset);
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(textBox())) return null;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    const all = articleChars();
    while (start < end && /\s/u.test(all[start])) start += 1;
    while (end > start && /\s/u.test(all[end - 1])) end -= 1;
    return { start: start, end: end, text: all.slice(start, end).join("") };
  }

  function post(path, values) {
    values.version = currentVersion();
    return htmx.ajax("POST", base + path, {
      target: "#annotation",
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRFToken": csrf },
    });
  }

  function mark(label) {
    const span = selectedSpan();
    if (span === null) {
      say("Select some of the article's text first, then press Q, S or C.", true);
      return;
    }
    if (span.start >= span.end) {
      say("The selection holds only white space.", true);
      return;
    }
    window.getSelection().removeAllRanges();
    post("mentions/", {
      label: label,
      start: span.start,
      end: span.end,
      text: span.text,
      quote: label === "QUOTE" ? "" : activeQuote(),
    });
  }

  function undo() {
    if (undoStack.length === 0) {
      say("Nothing to undo on this page.", false);
      return;
    }
    post("undo/", { to_version: undoStack.pop() });
  }

  function openQuote(id, flashIt) {
    return htmx
      .ajax("GET", base + "?active=" + encodeURIComponent(id), {
        target: "#annotation",
        swap: "outerHTML",
      })
      .then(function () {
        if (flashIt) flash(id);
      });
  }

  function flash(id) {
    const parts = textBox().querySelectorAll('[data-quote="' + Number(id) + '"]');
    if (parts.length === 0) return;
    parts[0].scrollIntoView({ block: "center", behavior: "smooth" });
    parts.forEach(function (part) {
      part.classList.add("flash");
    });
    setTimeout(function () {
      parts.forEach(function (part) {
        part.classList.remove("flash");
      });
    }, 1500);
  }

  /* A click (not a selection) on the text: link a speaker or cue to the open quote, or open
     the quote clicked. */
  function clickText(segment) {
    const active = activeQuote();
    const data = segment.dataset;
    if (active && canWrite && data.speaker) {
      post("quotes/" + active + "/", { speaker_mention: data.speaker });
    } else if (active && canWrite && data.cue) {
      post("quotes/" + active + "/", { cue: data.cue });
    } else if (data.quote && data.quote !== active) {
      openQuote(data.quote, false);
    }
  }

  function flushTime(keepalive) {
    if (!canWrite || unsentSeconds === 0) return;
    const body = new URLSearchParams({ time_spent: String(unsentSeconds) });
    unsentSeconds = 0;
    fetch(base + "time/", {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      body: body,
      keepalive: Boolean(keepalive),
      credentials: "same-origin",
    }).catch(function () {});
  }

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && key === "z") {
      if (!canWrite) return;
      event.preventDefault();
      undo();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const label = { q: "QUOTE", s: "SPEAKER", c: "CUE" }[key];
    if (label && canWrite) {
      event.preventDefault();
      mark(label);
    } else if (key === "escape" && activeQuote()) {
      openQuote("", false);
    }
  });

  document.addEventListener("mousedown", function (event) {
    // Keep the text selection when a toolbar button is pressed.
    if (event.target.closest(".toolbar .mark, #undo")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".toolbar .mark");
    if (button) return mark(button.dataset.label);
    if (event.target.closest("#undo")) return undo();
    const doomed = event.target.closest("[data-delete-mention]");
    if (doomed) {
      const id = Number(doomed.dataset.deleteMention);
      return post("mentions/" + id + "/delete/", { active: activeQuote() });
    }
    const row = event.target.closest("[data-quote-row]");
    if (row) return openQuote(row.dataset.quoteRow, true);
    const segment = event.target.closest("#text [data-start]");
    if (segment && window.getSelection().isCollapsed) clickText(segment);
  });

  document.addEventListener("keydown", function (event) {
    const row = event.target.closest && event.target.closest("[data-quote-row]");
    if (row && event.key === "Enter") openQuote(row.dataset.quoteRow, true);
  });

  document.body.addEventListener("annotationChanged", function (event) {
    const before = event.detail && (event.detail.before ?? (event.detail.value || {}).before);
    if (before) undoStack.push(before);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    // The time counted so far goes with a submit or skip (it reads #time-unsent).
    if (event.detail.requestConfig.path.endsWith("/status/")) unsentSeconds = 0;
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if (status < 400) return;
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    let message = "";
    if ([400, 403, 409].includes(status)) {
      // Our own answers: one short message the annotator can act on.
      const html = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
      message = (html.body.textContent || "").trim();
    } else if (status === 404) {
      message = "This annotation or part of it no longer exists here: reload the page.";
    }
    say(message || "The server failed (HTTP " + status + "): your last change was NOT saved.", true);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    const config = event.detail.requestConfig;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 200 && status < 300 && config && config.verb === "post") {
      say("Saved (version " + currentVersion() + ").", false);
    }
  });

  document.addEventListener("htmx:sendError", function () {
    say("Could not reach the server: your last change was NOT saved. Try again.", true);
  });

  setInterval(function () {
    if (document.visibilityState !== "visible") return;
    unsentSeconds += 1;
    const field = document.getElementById("time-unsent");
    if (field) field.value = String(unsentSeconds);
  }, 1000);
  setInterval(flushTime, 30000);
  window.addEventListener("pagehide", function () {
    flushTime(true);
  });
})();
