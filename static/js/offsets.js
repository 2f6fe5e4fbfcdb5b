/* Offsets in the article text: the server counts Unicode code points, the DOM counts UTF-16
   code units. Every segment <span> of the text carries its own start and end in code points
   (data-start, data-end); these two functions convert between a DOM boundary point and a
   code-point offset of the article. The workspace and the suggestion panel both use them. */
window.NQOffsets = (function () {
  "use strict";

  /* UTF-16 units → code points: iterating a string yields code points. */
  function codePointLength(utf16) {
    let count = 0;
    for (const _ of utf16) count += 1;
    return count;
  }

  /* A DOM boundary point as a code-point offset into the article text shown in `text`;
     a point outside it is clamped to its start or end. */
  function toCodePoint(text, node, offset) {
    if (node !== text && !text.contains(node)) {
      const before = node.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING;
      return before ? 0 : codePointLength(text.textContent);
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const segment = node.parentElement.closest("[data-start]");
      return Number(segment.dataset.start) + codePointLength(node.data.slice(0, offset));
    }
    const child = node.childNodes[offset];
    if (child) {
      const element = child.nodeType === Node.ELEMENT_NODE ? child : child.parentElement;
      const segment = element.matches("[data-start]")
        ? element
        : element.querySelector("[data-start]") || element.closest("[data-start]");
      if (segment) return Number(segment.dataset.start);
    }
    if (node.matches("[data-end]")) return Number(node.dataset.end);
    const segments = node.querySelectorAll("[data-end]");
    return segments.length ? Number(segments[segments.length - 1].dataset.end) : 0;
  }

  /* A code-point offset of the article shown in `text` as a DOM position ({node, offset})
     inside its segment <span>s, or null when no segment holds it. */
  function toDom(text, offset) {
    const segments = text ? text.querySelectorAll("[data-start]") : [];
    for (const segment of segments) {
      const start = Number(segment.dataset.start);
      const end = Number(segment.dataset.end);
      if (offset < start || offset > end) continue;
      const node = segment.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      const units = Array.from(node.data).slice(0, offset - start).join("").length;
      return { node: node, offset: units };
    }
    return null;
  }

  return { toCodePoint: toCodePoint, toDom: toDom };
})();
