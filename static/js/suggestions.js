/* The suggestion panel: keyboard (Tab or arrows move, A accepts, X rejects the focused
   suggestion), and the suggested spans marked in the article text with the CSS Custom
   Highlight API, which leaves the text's DOM (and so its offsets) untouched. */
(function () {
  "use strict";
  const panel = () => document.getElementById("suggestions");
  const cards = () => Array.from(document.querySelectorAll("#suggestions .suggestion"));
  let refocus = null; // after A or X: the key of the suggestion to focus next ("" = first)

  /* A code-point offset of the article as a DOM position inside its segments (offsets.js). */
  function domPoint(offset) {
    return NQOffsets.toDom(document.getElementById("text"), offset);
  }

  function rangeOf(start, end) {
    const from = domPoint(Number(start));
    const to = domPoint(Number(end));
    if (!from || !to) return null;
    const range = new Range();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  function highlight() {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    const all = new Highlight();
    const focused = new Highlight();
    const current = document.activeElement;
    for (const card of cards()) {
      const range = rangeOf(card.dataset.start, card.dataset.end);
      if (!range) continue;
      (card === current ? focused : all).add(range);
      if (card === current) {
        for (const part of ["speaker", "cue"]) {
          const extra = rangeOf(card.dataset[part + "Start"], card.dataset[part + "End"]);
          if (card.dataset[part + "Start"] && extra) focused.add(extra);
        }
      }
    }
    CSS.highlights.set("suggested", all);
    CSS.highlights.set("suggested-focus", focused);
  }

  function press(card, selector) {
    const button = card.querySelector(selector);
    if (!button) return;
    const list = cards();
    const next = list[list.indexOf(card) + 1] || list[list.indexOf(card) - 1];
    refocus = next ? next.dataset.key : "";
    button.click();
  }

  document.addEventListener("keydown", function (event) {
    const card = event.target.closest && event.target.closest("#suggestions .suggestion");
    if (!card || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    const list = cards();
    const index = list.indexOf(card);
    if (key === "a") {
      event.preventDefault();
      event.stopImmediatePropagation();
      press(card, ".accept");
    } else if (key === "x") {
      event.preventDefault();
      event.stopImmediatePropagation();
      press(card, ".reject");
    } else if (key === "arrowdown" || key === "arrowup") {
      event.preventDefault();
      const next = list[index + (key === "arrowdown" ? 1 : -1)];
      if (next) next.focus();
    }
  }, true);

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("#suggestions .suggestion")) {
      highlight();
      const range = rangeOf(event.target.dataset.start, event.target.dataset.start);
      const node = range && range.startContainer.parentElement;
      if (node) node.scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("focusout", function () {
    setTimeout(highlight, 0);
  });

  /* After an accept the annotation changed: fetch it again, as the workspace does itself. */
  document.body.addEventListener("suggestionAccepted", function () {
    const root = document.getElementById("workspace");
    if (!root) return;
    htmx
      .ajax("GET", root.dataset.base, { target: "#annotation", swap: "outerHTML" })
      .then(function () {
        const box = document.getElementById("message");
        const version = document.getElementById("annotation").dataset.version;
        if (box) box.textContent = "Suggestion accepted (version " + version + ").";
      });
  });

  document.addEventListener("htmx:afterSettle", function () {
    const box = panel();
    if (box && refocus !== null) {
      const again = refocus && box.querySelector('.suggestion[data-key="' + refocus + '"]');
      const target = again || cards()[0];
      refocus = null;
      if (target) target.focus();
    }
    highlight();
  });

  document.addEventListener("DOMContentLoaded", highlight);
  highlight();
})();
