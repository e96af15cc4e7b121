// Copy buttons for the addresses on the follow page (progressive
// enhancement: without JavaScript the address is plain text to select).
// Each [data-copy] box names the element holding its address and carries
// its words in data-msg-*; the outcome is said in a live region.
(function () {
  var boxes = document.querySelectorAll("[data-copy]");
  if (!boxes.length) return;
  boxes.forEach(function (box) {
    var source = document.getElementById(box.getAttribute("data-copy"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary follow-copy";
    button.textContent = box.getAttribute("data-msg-copy");
    button.setAttribute("aria-describedby", source.id + "-label");
    var status = document.createElement("span");
    status.className = "follow-copy-status";
    status.setAttribute("role", "status");
    box.appendChild(button);
    box.appendChild(status);

    function said(ok) {
      status.textContent = box.getAttribute(ok ? "data-msg-copied" : "data-msg-failed");
    }

    // Without the clipboard API (an insecure origin, an old browser), the
    // address is selected so that the visitor can copy it by hand.
    function selectAddress() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { said(true); }, function () {
          selectAddress();
          said(false);
        });
      } else {
        selectAddress();
        said(false);
      }
    });
  });
})();
