// Keyboard users scroll wide tables too: every Radix scroll area is made focusable (Tab, then
// the arrow keys), as soon as it appears.
(function () {
  function focusable(root) {
    root.querySelectorAll(".rt-ScrollAreaViewport:not([tabindex])").forEach(function (el) {
      el.setAttribute("tabindex", "0");
    });
  }
  function start() {
    focusable(document);
    new MutationObserver(function () {
      focusable(document);
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
