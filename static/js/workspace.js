/* The annotation workspace: selection → code-point offsets, keys Q/S/C (Shift+Q: one more
   fragment of the open quote), linking by click,
   Ctrl+Z, time spent. Every change goes to the server, which answers with the re-rendered
   annotation; nothing is kept only in the page. Offsets are code points (docs/offsets.md). */
(function () {
  "use strict";
  const root = document.getElementById("workspace");
  if (!root) return;
  const base = root.dataset.base;
  const canWrite = root.dataset.canWrite === "1";
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
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
    bubble(isError ? message : "");
  }

  /* An error also shows where the user is looking: beside the selection, else beside the
     focused field, else under the toolbar. It goes with the next message or after 8 s. */
  let bubbleTimer = null;
  function bubble(message) {
    let box = document.getElementById("bubble");
    clearTimeout(bubbleTimer);
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "bubble";
      box.className = "bubble";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = message;
    let rect = null;
    const selection = window.getSelection();
    if (selection && selection.rangeCount && !selection.isCollapsed) {
      const rects = selection.getRangeAt(0).getClientRects();
      rect = rects[rects.length - 1] || null;
    }
    const focused = document.activeElement;
    if (!rect && focused && focused !== document.body && focused.id !== "text") {
      rect = focused.getBoundingClientRect();
    }
    const toolbar = document.querySelector(".toolbar");
    const floor = toolbar ? toolbar.getBoundingClientRect().bottom : 0;
    const below = rect && rect.bottom > floor && rect.bottom < window.innerHeight - box.offsetHeight - 8;
    const above = rect && rect.top - box.offsetHeight - 6 > floor && rect.top < window.innerHeight;
    let top = floor + 6;
    if (below) top = rect.bottom + 6;
    else if (above) top = rect.top - box.offsetHeight - 6;
    box.style.top = top + "px";
    const left = rect ? rect.left : 8;
    box.style.left = Math.max(8, Math.min(left, window.innerWidth - box.offsetWidth - 8)) + "px";
    bubbleTimer = setTimeout(function () {
      box.remove();
    }, 8000);
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

  /* Every change names the version and the open quote the page shows: the server answers
     with the paragraphs, rows and editor that differ from them. */
  function post(path, values) {
    values.version = currentVersion();
    values.active_quote = activeQuote();
    return htmx.ajax("POST", base + path, {
      target: "#annotation",
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRFToken": csrf },
    });
  }

  /* `fragment`: the selection is one more fragment of the open quote (Shift+Q). */
  function mark(label, fragment, alt) {
    if (fragment && !activeQuote()) {
      say("Open a quote first, then select more of it and press Shift+Q.", true);
      return;
    }
    let span = selectedSpan();
    if (span === null) {
      say("Select some of the article's text first, then press Q, S or C.", true);
      return;
    }
    if (span.start >= span.end) {
      say("The selection holds only white space.", true);
      return;
    }
    if (window.NQKeyboard) {
      // A drag that starts or ends inside a word means the whole word (Alt: characters).
      const snapped = window.NQKeyboard.snap(span.start, span.end, alt);
      const all = articleChars();
      span = { start: snapped.start, end: snapped.end, text: all.slice(snapped.start, snapped.end).join("") };
    }
    // The selection stays until the server took the change, so a refused one can be retried.
    const versionBefore = currentVersion();
    post("mentions/", {
      label: label,
      start: span.start,
      end: span.end,
      text: span.text,
      quote: label === "QUOTE" && !fragment ? "" : activeQuote(),
      fragment: fragment ? "1" : "",
    }).then(function () {
      if (Number(currentVersion()) > Number(versionBefore)) {
        if (window.NQKeyboard) window.NQKeyboard.markedAt(span.end);
        else window.getSelection().removeAllRanges();
      }
    });
  }

  /* Undo and redo walk the annotation's history on the server: a reload keeps them. */
  function undo() {
    post("undo/", {});
  }

  function redo() {
    post("redo/", {});
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

  /* A tap that the browser's touch adjustment gave to the text box itself: the segment
     under the finger. */
  function segmentAt(event) {
    if (event.target !== textBox() || !document.caretRangeFromPoint) return null;
    const range = document.caretRangeFromPoint(event.clientX, event.clientY);
    const node = range && range.startContainer;
    const element = node && (node.nodeType === Node.TEXT_NODE ? node.parentElement : node);
    return element ? element.closest("#text [data-start]") : null;
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
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) {
      // Esc in an editor's field closes the editor (a search with text is cleared first).
      if (event.key === "Escape" && target.closest(".editor") && !target.value && activeQuote()) {
        openQuote("", false);
      }
      return;
    }
    const key = event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && key === "z") {
      if (!canWrite) return;
      event.preventDefault();
      undo();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && ((event.shiftKey && key === "z") || key === "y")) {
      if (!canWrite) return;
      event.preventDefault();
      redo();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const label = { q: "QUOTE", s: "SPEAKER", c: "CUE" }[key];
    if (label && canWrite) {
      event.preventDefault();
      mark(label, key === "q" && event.shiftKey);
    } else if (label && root.dataset.readOnly) {
      say(root.dataset.readOnly, true);
    } else if (key === "escape" && activeQuote()) {
      openQuote("", false);
    }
  });

  document.addEventListener("mousedown", function (event) {
    // Keep the text selection when a toolbar button is pressed.
    if (event.target.closest(".toolbar .mark, #undo, #redo")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".toolbar .mark");
    if (button) return mark(button.dataset.label, button.dataset.fragment === "1");
    if (event.target.closest("#undo")) return undo();
    if (event.target.closest("#redo")) return redo();
    const doomed = event.target.closest("[data-delete-mention]");
    if (doomed) {
      const id = Number(doomed.dataset.deleteMention);
      return post("mentions/" + id + "/delete/", { active: activeQuote() });
    }
    const row = event.target.closest("[data-quote-row]");
    if (row) return openQuote(row.dataset.quoteRow, true);
    const segment = event.target.closest("#text [data-start]") || segmentAt(event);
    if (segment && window.getSelection().isCollapsed) clickText(segment);
  });

  document.addEventListener("keydown", function (event) {
    const row = event.target.closest && event.target.closest("[data-quote-row]");
    if (row && event.key === "Enter") openQuote(row.dataset.quoteRow, true);
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

  /* A change answers with out-of-band parts only: the version field carries the version
     and the open quote, which the page keeps on #annotation. */
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    const field = event.target;
    if (!field || field.id !== "annotation-version") return;
    annotation().dataset.version = field.value;
    annotation().dataset.activeQuote = field.dataset.activeQuote || "";
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

  /* The sticky panel starts under the sticky toolbar, whatever its height. */
  const toolbar = document.querySelector(".toolbar");
  if (toolbar && window.ResizeObserver) {
    new ResizeObserver(function () {
      root.style.setProperty("--toolbar-height", toolbar.offsetHeight + "px");
    }).observe(toolbar);
  }
  window.addEventListener("pagehide", function () {
    flushTime(true);
  });
})();
