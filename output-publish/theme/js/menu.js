// The phone menu is a <details> that works without JavaScript; this only
// adds what a menu button is expected to do: Escape closes it and gives the
// focus back to the "Menu" toggle (on wide screens the toggle is hidden and
// the menu always shown, so there is nothing to close).
(function () {
  var menu = document.querySelector(".nav-menu");
  if (!menu) return;
  var toggle = menu.querySelector("summary");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.open || !toggle.getClientRects().length) return;
    menu.open = false;
    toggle.focus();
  });
})();
