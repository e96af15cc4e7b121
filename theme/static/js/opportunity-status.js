/*
 * Keeps the status of calls true after the build (plugins/opportunities).
 *
 * A static page is read for weeks: every [data-opportunity-status] element
 * carries its call's opening and deadline instants and the words of each
 * status, so the status is computed again with the visitor's clock. The
 * rules are those of lifecycle.status(): open up to and including the
 * deadline instant, closing soon within data-closing-seconds of it.
 * Without this script the page still says when its statuses were computed;
 * with it, that note goes, or says the statuses were checked just now when
 * the check changed one. The texts (dates with their times) come from the
 * page, written by plugins/opportunities/display.py: the script formats none.
 * A call that closes while its page is open loses what only an open call
 * offers (the Apply button, "add to calendar": [data-while-open]) and shows
 * the note saying it closed ([data-closed-note], rendered hidden).
 */
(function () {
  "use strict";

  var DAY = 86400000;

  function statusAt(element, now) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    var opens = element.hasAttribute("data-opens") ? Date.parse(element.getAttribute("data-opens")) : null;
    var closing = Number(element.getAttribute("data-closing-seconds")) * 1000;
    if (now > deadline) return "closed";
    if (opens !== null && now < opens) return "upcoming";
    if (deadline - now <= closing) return "closing";
    return "open";
  }

  function countdown(element, deadline, now) {
    var days = Math.max(0, Math.floor((deadline - now) / DAY));
    if (days >= 2) return element.getAttribute("data-countdown-days").replace("{days}", String(days));
    return element.getAttribute(days === 1 ? "data-countdown-one" : "data-countdown-hours");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function update(element, now) {
    var status = statusAt(element, now);
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    var label = element.querySelector("[data-role=label]");
    var when = element.querySelector("[data-role=when]");
    element.setAttribute("data-opportunity-status", status);
    if (label) {
      label.textContent = element.getAttribute("data-label-" + status);
      label.className = label.className.replace(/\bbadge-[a-z]+\b/, "badge-" + status);
    }
    if (when) {
      when.textContent = fill(element.getAttribute("data-when-" + status), {
        opens: element.getAttribute("data-opens-text") || "",
        deadline: element.getAttribute("data-deadline-text"),
        countdown: countdown(element, deadline, now)
      });
      when.setAttribute("datetime", element.getAttribute(status === "upcoming" ? "data-opens" : "data-deadline"));
    }
  }

  function closeOffers(scope) {
    var offers = scope.querySelectorAll("[data-while-open]");
    for (var i = 0; i < offers.length; i += 1) offers[i].parentNode.removeChild(offers[i]);
    var notes = scope.querySelectorAll("[data-closed-note]");
    for (var j = 0; j < notes.length; j += 1) notes[j].hidden = false;
  }

  var statuses = document.querySelectorAll("[data-opportunity-status]");
  var built = [];
  for (var k = 0; k < statuses.length; k += 1) built.push(statuses[k].getAttribute("data-opportunity-status"));

  function run() {
    var now = Date.now();
    var changed = false;
    for (var i = 0; i < statuses.length; i += 1) {
      update(statuses[i], now);
      var status = statuses[i].getAttribute("data-opportunity-status");
      if (status !== built[i]) changed = true;
      // The page of one call: its key facts hold its offers.
      var facts = statuses[i].closest(".opportunity-facts");
      if (facts && status === "closed") closeOffers(facts);
    }
    // "Computed on <build instant>" no longer helps once the statuses are
    // checked: it goes, unless the check changed one, which the page then
    // says once.
    var notes = document.querySelectorAll("[data-role=computed]");
    for (var j = 0; j < notes.length; j += 1) {
      notes[j].hidden = !changed;
      if (changed) notes[j].textContent = notes[j].getAttribute("data-live-text");
    }
  }

  run();
  window.setInterval(run, 60000);
}());
