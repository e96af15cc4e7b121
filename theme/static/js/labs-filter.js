// Progressive enhancement of the labs directory: a name search that narrows
// the list and the map as you type. Without JavaScript the filter links work.
(function () {
  var list = document.querySelector("[data-labs-filter]");
  if (!list) return;
  var lang = document.documentElement.lang;
  var label = lang === "it" ? "Cerca per nome" : "Search by name";
  var wrapper = document.createElement("p");
  wrapper.className = "labs-text-filter";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "labs-text-filter";
  var caption = document.createElement("label");
  caption.htmlFor = input.id;
  caption.textContent = label + " ";
  wrapper.appendChild(caption);
  wrapper.appendChild(input);
  list.insertBefore(wrapper, list.querySelector(".card-list"));
  var cards = list.querySelectorAll(".card-lab");
  var pins = document.querySelectorAll(".map-pins a[data-id]");
  input.addEventListener("input", function () {
    var wanted = input.value.trim().toLowerCase();
    var shown = {};
    cards.forEach(function (card) {
      var match = !wanted || card.getAttribute("data-name").indexOf(wanted) !== -1;
      card.hidden = !match;
      if (match) shown[card.getAttribute("data-id")] = true;
    });
    pins.forEach(function (pin) {
      pin.style.display = shown[pin.getAttribute("data-id")] ? "" : "none";
    });
  });
})();
