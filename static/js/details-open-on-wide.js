/*
 * The search filters fold into a <details> so that a phone shows the results first; on a wide
 * screen, where the filters sit beside the results, open them. Without JavaScript they stay as
 * the server rendered them (open until a search has results), and a tap opens them.
 */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(min-width: 60rem)").matches) return;
  Array.prototype.forEach.call(document.querySelectorAll("details[data-open-on-wide]"), function (d) {
    d.open = true;
  });
})();
