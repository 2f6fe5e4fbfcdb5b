/* The workspace's help: the key overlay on ?, and the guidelines in a side drawer on G
   (neither takes the article away: the drawer sits beside it, the overlay closes on Esc). */
(function () {
  "use strict";
  const help = document.getElementById("key-help");
  const drawer = document.getElementById("guidelines");
  const drawerToggle = document.getElementById("guidelines-toggle");
  let returnTo = null; // where focus was before the drawer took it

  function openHelp() {
    if (help && !help.open) help.showModal();
  }

  function toggleDrawer(open) {
    if (!drawer) return;
    const show = open === undefined ? drawer.hidden : open;
    if (show && drawer.hidden) returnTo = document.activeElement;
    drawer.hidden = !show;
    document.body.classList.toggle("drawer-open", show);
    if (drawerToggle) drawerToggle.setAttribute("aria-expanded", String(show));
    if (show) {
      drawer.querySelector("[data-close-drawer]").focus();
    } else if (returnTo && document.contains(returnTo)) {
      returnTo.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable], dialog")) {
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?") {
      event.preventDefault();
      openHelp();
    } else if (event.key.toLowerCase() === "g" && drawer) {
      event.preventDefault();
      toggleDrawer();
    } else if (event.key === "Escape" && drawer && !drawer.hidden) {
      event.preventDefault();
      event.stopImmediatePropagation();
      toggleDrawer(false);
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (event.target.closest("#key-help-toggle")) openHelp();
    else if (event.target.closest("#guidelines-toggle")) toggleDrawer();
    else if (event.target.closest("[data-close-drawer]")) toggleDrawer(false);
  });
})();
