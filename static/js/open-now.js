/*
 * 受付中 / 時間外 next to a window's weekly schedule, in Asia/Tokyo time.
 *
 * Why in the browser and not on the server: public pages are cached until the data changes
 * (a data-version cache key), so a status rendered on the server would be wrong minutes later
 * and a cache key per quarter hour would throw that cache away. The server renders only facts
 * that stay true while the data does not change: each window's weekly spans, whether it closes
 * on public holidays and at the year end (12/29–1/3), and the Japanese public holidays for the
 * coming year (from the `holidays` package; #jp-holidays in base.html). This script applies them
 * to the current time. After the holiday list runs out it shows nothing rather than guess.
 * Without JavaScript the schedule itself is on the page; the status stays hidden.
 */
(function () {
  "use strict";

  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function tokyoNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: WEEKDAYS.indexOf(parts.weekday),
      minutes: Number(parts.hour) * 60 + Number(parts.minute)
    };
  }

  function minutes(hhmm) {
    var pieces = hhmm.split(":");
    return Number(pieces[0]) * 60 + Number(pieces[1]);
  }

  // "open", "closed" or "unknown" (a holiday the data says nothing about).
  function status(element, now, holidays) {
    var yearEnd = (now.month === 12 && now.day >= 29) || (now.month === 1 && now.day <= 3);
    var checks = [
      [yearEnd, element.getAttribute("data-year-end-closed")],
      [holidays.indexOf(now.date) !== -1, element.getAttribute("data-holiday-closed")]
    ];
    for (var i = 0; i < checks.length; i++) {
      if (checks[i][0] && checks[i][1] === "true") return "closed";
      if (checks[i][0] && checks[i][1] !== "false") return "unknown";
    }
    var spans = JSON.parse(element.getAttribute("data-schedule") || "[]");
    for (var j = 0; j < spans.length; j++) {
      if (spans[j][0] === now.weekday && minutes(spans[j][1]) <= now.minutes &&
          now.minutes < minutes(spans[j][2])) {
        return "open";
      }
    }
    return "closed";
  }

  function update() {
    var calendar = document.getElementById("jp-holidays");
    var elements = document.querySelectorAll("[data-open-now]");
    if (!calendar || !elements.length) return;
    var holidays = (calendar.getAttribute("data-dates") || "").split(" ");
    var now = tokyoNow();
    var stale = now.date < calendar.getAttribute("data-from") ||
      now.date > calendar.getAttribute("data-until");
    Array.prototype.forEach.call(elements, function (element) {
      if (stale) {
        element.hidden = true;
        return;
      }
      var state = status(element, now, holidays);
      element.textContent = element.getAttribute("data-label-" + state);
      element.className = "open-now is-" + state;
      element.hidden = false;
    });
  }

  update();
  window.setInterval(update, 60 * 1000);
})();
