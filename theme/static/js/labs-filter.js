// Progressive enhancement of the labs directory: a labelled name filter that
// narrows the list and the map as you type, updates the heading's count and
// says the result in a live region (or that no lab matches, with a way back).
// Its words come from the section's data-msg-* attributes (the string tables).
// Without JavaScript the filter links work and nothing here is needed.
(function () {
  var section = document.querySelector("[data-labs-filter]");
  if (!section) return;
  var msg = function (name) { return section.getAttribute("data-msg-" + name) || ""; };
  var list = section.querySelector(".card-list");
  var cards = section.querySelectorAll(".card-lab");
  var pins = document.querySelectorAll(".map-pins a[data-id]");
  var count = section.querySelector("[data-labs-count]");

  var field = document.createElement("div");
  field.className = "labs-text-filter";
  var label = document.createElement("label");
  label.htmlFor = "labs-text-filter";
  label.textContent = msg("label");
  var hint = document.createElement("span");
  hint.className = "hint";
  hint.id = "labs-text-filter-hint";
  hint.textContent = msg("hint");
  var input = document.createElement("input");
  input.type = "search";
  input.id = "labs-text-filter";
  input.autocomplete = "off";
  input.setAttribute("aria-describedby", hint.id);
  input.setAttribute("aria-controls", "labs-list-cards");
  list.id = "labs-list-cards";
  field.appendChild(label);
  field.appendChild(hint);
  field.appendChild(input);

  var status = document.createElement("p");
  // Heard, not seen: the heading's count and the empty state show the same.
  status.className = "labs-filter-status visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");

  var empty = document.createElement("p");
  empty.className = "labs-empty";
  empty.hidden = true;
  var emptyText = document.createElement("span");
  var clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = msg("clear");
  clear.addEventListener("click", function () {
    input.value = "";
    update();
    input.focus();
  });
  empty.appendChild(emptyText);
  empty.appendChild(clear);

  section.insertBefore(field, list);
  section.insertBefore(status, list);
  section.insertBefore(empty, list);

  // The page language's plural rule (CLDR, as the browser knows it) picks
  // the singular: 1 in Italian and English, also 0 in French.
  var plural = new Intl.PluralRules(document.documentElement.lang || undefined);
  function counted(n) {
    return (plural.select(n) === "one" ? msg("count-one") : msg("count-many")).replace("{count}", n);
  }

  function update() {
    var wanted = input.value.trim().toLowerCase();
    var shown = {};
    var n = 0;
    cards.forEach(function (card) {
      var match = !wanted || card.getAttribute("data-name").indexOf(wanted) !== -1;
      card.hidden = !match;
      if (match) {
        shown[card.getAttribute("data-id")] = true;
        n += 1;
      }
    });
    pins.forEach(function (pin) {
      if (shown[pin.getAttribute("data-id")]) pin.removeAttribute("hidden");
      else pin.setAttribute("hidden", "");
    });
    if (count) count.textContent = "(" + counted(n) + ")";
    empty.hidden = n > 0;
    emptyText.textContent = n ? "" : msg("none").replace("{query}", input.value.trim());
    // The live region speaks only once the reader has typed something.
    status.textContent = !wanted ? "" : (n ? counted(n) : emptyText.textContent);
  }

  input.addEventListener("input", update);
})();
