/* The workspace without a mouse: a caret in the article text that moves by word (←/→) and by
   sentence (↑/↓), Alt for single characters, Shift to extend the selection from it, so Q/S/C
   mark what the keys selected; ↑/↓ through the speaker options; and focus kept where the user
   was across every htmx swap (the text, a quote row, a field of the editor, a suggestion).
   The selection is the page's own, so the workspace reads it as it reads a mouse selection. */
(function () {
  "use strict";
  const root = document.getElementById("workspace");
  if (!root) return;
  const WORD = /[\p{L}\p{N}_]/u;
  const INNER = /['’\-]/u; // inside a word when letters stand on both sides: Peskov’s, ex-chief
  const SENTENCE_END = /[.!?…]/u;
  const CLOSING = /[”’»"')\]]/u;
  let chars = null; // the article text as code points; it never changes
  let caret = null; // {anchor, focus} in code points, kept across swaps
  let restore = null; // what had focus before a swap: how to find it again

  const textBox = () => document.getElementById("text");
  const offsets = () => window.NQOffsets;

  function text() {
    if (chars === null) chars = Array.from(textBox().textContent);
    return chars;
  }

  function isWord(at) {
    const all = text();
    const c = all[at];
    if (c === undefined) return false;
    if (WORD.test(c)) return true;
    return INNER.test(c) && WORD.test(all[at - 1] || "") && WORD.test(all[at + 1] || "");
  }

  /* Word and sentence boundaries around code point `at`. */
  function nextWordEnd(at) {
    const n = text().length;
    while (at < n && !isWord(at)) at += 1;
    while (at < n && isWord(at)) at += 1;
    return at;
  }
  function nextWordStart(at) {
    const n = text().length;
    while (at < n && isWord(at)) at += 1;
    while (at < n && !isWord(at)) at += 1;
    return at;
  }
  function previousWordStart(at) {
    while (at > 0 && !isWord(at - 1)) at -= 1;
    while (at > 0 && isWord(at - 1)) at -= 1;
    return at;
  }
  function sentenceEndAfter(at) {
    const all = text();
    const n = all.length;
    while (at < n && /\s/u.test(all[at])) at += 1;
    for (; at < n; at += 1) {
      if (all[at] === "\n") return at;
      if (SENTENCE_END.test(all[at])) {
        at += 1;
        while (at < n && CLOSING.test(all[at])) at += 1;
        return at;
      }
    }
    return n;
  }
  function nextSentenceStart(at) {
    const all = text();
    at = sentenceEndAfter(at);
    // At its first word: quotes are marked without their opening marks.
    while (at < all.length && !isWord(at) && all[at] !== "\n") at += 1;
    while (at < all.length && /\s/u.test(all[at])) at += 1;
    return at;
  }
  function previousSentenceStart(at) {
    const all = text();
    at -= 1;
    while (at > 0 && /\s/u.test(all[at])) at -= 1; // off the blank before this sentence
    for (; at > 0; at -= 1) {
      const before = all[at - 1];
      if (before === "\n") return at;
      if (/\s/u.test(before) && at > 1 && (SENTENCE_END.test(all[at - 2]) || CLOSING.test(all[at - 2]))) {
        let back = at - 2;
        while (back > 0 && CLOSING.test(all[back])) back -= 1;
        if (SENTENCE_END.test(all[back])) return at;
      }
    }
    return 0;
  }

  /* Snap a code-point span to whole words: what a drag that starts or ends inside a word
     means. Hold Alt to keep single characters. */
  function snapToWords(start, end) {
    while (start > 0 && isWord(start) && isWord(start - 1)) start -= 1;
    while (end < text().length && end > 0 && isWord(end - 1) && isWord(end)) end += 1;
    return { start: start, end: end };
  }

  function domPoint(offset) {
    return offsets() ? offsets().toDom(textBox(), offset) : null;
  }

  /* Show `caret` as the page's selection (a collapsed one as the word it stands on). */
  function showCaret() {
    const box = textBox();
    if (!box || caret === null) return;
    const from = Math.min(caret.anchor, caret.focus);
    const to = Math.max(caret.anchor, caret.focus);
    const selection = window.getSelection();
    const start = domPoint(caret.anchor);
    const end = domPoint(caret.focus);
    if (!start || !end) return;
    selection.removeAllRanges();
    if (from === to) {
      const range = document.createRange();
      range.setStart(start.node, start.offset);
      selection.addRange(range);
      markCaretWord(from);
    } else {
      selection.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
      markCaretWord(null);
    }
    scrollToFocus(end);
  }

  /* Keep the moving end of the selection on screen (a segment can be the whole article, so
     scroll by the caret's own box, under the sticky toolbar). */
  function scrollToFocus(point) {
    const range = document.createRange();
    range.setStart(point.node, point.offset);
    const box = range.getClientRects()[0] || range.getBoundingClientRect();
    const toolbar = document.querySelector(".toolbar");
    const top = toolbar ? toolbar.getBoundingClientRect().bottom : 0;
    if (box.top < top + 8) window.scrollBy(0, box.top - top - 40);
    else if (box.bottom > window.innerHeight - 8) window.scrollBy(0, box.bottom - window.innerHeight + 40);
  }

  /* A collapsed caret draws nothing in text that cannot be edited: a highlight shows it. */
  function markCaretWord(at) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    if (at === null) {
      CSS.highlights.delete("nq-caret");
      return;
    }
    const end = Math.max(at + 1, isWord(at) ? nextWordEnd(at) : at + 1);
    const from = domPoint(at);
    const to = domPoint(Math.min(end, text().length));
    if (!from || !to) return;
    const range = new Range();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    CSS.highlights.set("nq-caret", new Highlight(range));
  }

  /* The caret from the page's selection, if it lies in the text (a mouse selection). */
  function caretFromSelection() {
    const selection = window.getSelection();
    const box = textBox();
    if (!offsets() || !selection || selection.rangeCount === 0) return null;
    if (!box.contains(selection.anchorNode) || !box.contains(selection.focusNode)) return null;
    return {
      anchor: offsets().toCodePoint(box, selection.anchorNode, selection.anchorOffset),
      focus: offsets().toCodePoint(box, selection.focusNode, selection.focusOffset),
    };
  }

  const MOVES = {
    ArrowRight: (at, alt, extend) => (alt ? at + 1 : extend ? nextWordEnd(at) : nextWordStart(at)),
    ArrowLeft: (at, alt) => (alt ? at - 1 : previousWordStart(at)),
    ArrowDown: (at, alt, extend) => (extend ? sentenceEndAfter(at) : nextSentenceStart(at)),
    ArrowUp: (at) => previousSentenceStart(at),
    Home: () => 0,
    End: () => text().length,
  };

  function moveCaret(event) {
    const move = MOVES[event.key];
    if (!move) return false;
    const current = caretFromSelection() || caret || { anchor: 0, focus: 0 };
    const n = text().length;
    const at = Math.max(0, Math.min(n, move(current.focus, event.altKey, event.shiftKey)));
    caret = event.shiftKey ? { anchor: current.anchor, focus: at } : { anchor: at, focus: at };
    showCaret();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    const box = textBox();
    if (!box || document.activeElement !== box || event.ctrlKey || event.metaKey) return;
    if (moveCaret(event)) event.preventDefault();
  });

  let pointerDown = false; // focus that comes with a click or tap places no caret of its own
  document.addEventListener("pointerdown", function () {
    pointerDown = true;
  }, true);
  document.addEventListener("pointerup", function () {
    pointerDown = false;
  }, true);

  document.addEventListener("focusin", function (event) {
    if (event.target !== textBox() || pointerDown) return;
    // Arriving by Tab: the caret where it was, else at the first word in view.
    if (caretFromSelection()) return;
    if (caret === null) {
      const first = firstWordInView();
      caret = { anchor: first, focus: first };
    }
    showCaret();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === textBox()) markCaretWord(null);
  });

  function firstWordInView() {
    for (const segment of textBox().querySelectorAll("[data-start]")) {
      if (segment.getBoundingClientRect().bottom > 80) {
        const start = Number(segment.dataset.start);
        return isWord(start) ? start : nextWordStart(start);
      }
    }
    return 0;
  }

  /* ↑/↓ from the speaker search into its options and through them; Enter picks one. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const search = document.getElementById("speaker-search");
    const options = Array.from(document.querySelectorAll("#speaker-options .option"));
    if (!search || options.length === 0) return;
    const index = options.indexOf(document.activeElement);
    if (document.activeElement === search && event.key === "ArrowDown") {
      options[0].focus();
    } else if (index >= 0) {
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? search : options[Math.min(next, options.length - 1)]).focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  /* What has focus, as a way to find its successor after the swap. */
  function describe(element) {
    if (!element || element === document.body) return null;
    if (element === textBox()) return { selector: "#text", text: true };
    if (element.closest("#speaker-options")) return { selector: "#speaker-search", fallback: "editor" };
    const row = element.closest("[data-quote-row]");
    if (row) return { selector: '[data-quote-row="' + row.dataset.quoteRow + '"]' };
    const card = element.closest(".suggestion[data-key]");
    if (card) return null; // the suggestion panel keeps its own focus (suggestions.js)
    if (element.id) {
      return { selector: "#" + CSS.escape(element.id), fallback: element.closest(".editor") ? "editor" : null };
    }
    if (element.dataset.deleteMention) return { selector: null, fallback: "editor" };
    return null;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || event.detail.xhr.status >= 400) return;
    const active = document.activeElement;
    if (!target.contains(active) && active !== document.body) {
      restore = null;
      return;
    }
    if (active === textBox()) caret = caretFromSelection() || caret;
    restore = describe(active) || restore;
    if (restore) restore.quote = document.getElementById("annotation").dataset.activeQuote;
  });

  document.addEventListener("htmx:afterSettle", function () {
    const wanted = restore;
    restore = null;
    if (!wanted) return;
    let element = wanted.selector ? document.querySelector(wanted.selector) : null;
    if (!element && wanted.fallback === "editor") {
      // The field went with the editor (Esc, a deleted part): back to the quote's row, or the text.
      const active = wanted.quote;
      element = (active && document.querySelector('[data-quote-row="' + active + '"]')) ||
        document.querySelector(".editor select, .editor input") || textBox();
    }
    if (!element) return;
    element.focus({ preventScroll: true });
    if (wanted.text) showCaret();
  });

  /* The workspace asks: the span to mark, snapped to words unless Alt was held. */
  let altSelection = false;
  document.addEventListener("mouseup", function (event) {
    altSelection = event.altKey;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key.startsWith("Arrow") && event.shiftKey) altSelection = event.altKey;
  });
  window.NQKeyboard = {
    snap: function (start, end, alt) {
      return alt || altSelection ? { start: start, end: end } : snapToWords(start, end);
    },
    /* After a mark: the caret just after the marked span, ready for the next one. */
    markedAt: function (end) {
      caret = { anchor: end, focus: end };
    },
  };
})();
