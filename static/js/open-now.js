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
 * Out of hours it adds when the window opens next ("月曜 10:00 から"), skipping days the data
 * says are closed; where a coming day's opening is unknown (a holiday the data says nothing
 * about) it names no time rather than a wrong one.
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

  // "closed", "unknown" (a holiday the data says nothing about) or "" (the weekly spans apply).
  function dayRule(element, day, holidays) {
    var yearEnd = (day.month === 12 && day.day >= 29) || (day.month === 1 && day.day <= 3);
    var checks = [
      [yearEnd, element.getAttribute("data-year-end-closed")],
      [holidays.indexOf(day.date) !== -1, element.getAttribute("data-holiday-closed")]
    ];
    for (var i = 0; i < checks.length; i++) {
      if (checks[i][0] && checks[i][1] === "true") return "closed";
      if (checks[i][0] && checks[i][1] !== "false") return "unknown";
    }
    return "";
  }

  function spansOn(element, weekday) {
    return JSON.parse(element.getAttribute("data-schedule") || "[]").filter(function (span) {
      return span[0] === weekday;
    });
  }

  // "open", "closed" or "unknown".
  function status(element, now, holidays) {
    var rule = dayRule(element, now, holidays);
    if (rule) return rule;
    var spans = spansOn(element, now.weekday);
    for (var j = 0; j < spans.length; j++) {
      if (minutes(spans[j][1]) <= now.minutes && now.minutes < minutes(spans[j][2])) {
        return "open";
      }
    }
    return "closed";
  }

  // The Tokyo calendar day `offset` days after `now`.
  function dayAfter(now, offset) {
    var pieces = now.date.split("-").map(Number);
    var date = new Date(Date.UTC(pieces[0], pieces[1] - 1, pieces[2] + offset));
    return {
      date: date.toISOString().slice(0, 10),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      weekday: (date.getUTCDay() + 6) % 7
    };
  }

  // "今日 13:00", "明日 9:00", "月曜 10:00": the next opening within two weeks, or "".
  function nextOpening(element, now, holidays) {
    for (var offset = 0; offset < 15; offset++) {
      var day = offset ? dayAfter(now, offset) : now;
      var rule = dayRule(element, day, holidays);
      if (rule === "unknown") return "";
      if (rule === "closed") continue;
      var spans = spansOn(element, day.weekday).filter(function (span) {
        return offset > 0 || minutes(span[1]) > now.minutes;
      });
      if (!spans.length) continue;
      var opens = spans.map(function (span) { return span[1]; }).sort()[0];
      var weekdays = (element.getAttribute("data-weekdays") || "").split(",");
      var label = offset === 0 ? element.getAttribute("data-label-today") :
        offset === 1 ? element.getAttribute("data-label-tomorrow") : weekdays[day.weekday];
      return label + " " + opens.replace(/^0/, "");
    }
    return "";
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
      var text = element.getAttribute("data-label-" + state);
      var next = state === "closed" ? nextOpening(element, now, holidays) : "";
      if (next) text += element.getAttribute("data-label-next").replace("{when}", next);
      element.textContent = text;
      element.className = "open-now is-" + state;
      element.hidden = false;
    });
  }

  update();
  window.setInterval(update, 60 * 1000);
})();
