/* Guanxi — the referral packet's copy buttons (referrals/templates/referrals/inbox/_packet.html).
 * Without this file every value is selectable text and the buttons stay hidden. */
(function () {
  "use strict";

  var packet = document.querySelector("[data-packet]");
  if (!packet) return;
  var status = packet.querySelector("[data-copy-status]");
  var timer = null;

  // execCommand("copy") for browsers without the asynchronous clipboard (or outside HTTPS).
  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(text); }
      );
    }
    return Promise.resolve(copyBySelection(text));
  }

  // The same words twice in a row are announced again: the region is emptied first.
  function say(message, failed) {
    status.textContent = "";
    status.classList.toggle("is-failed", !!failed);
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function showCopied(button) {
    packet.querySelectorAll(".packet-copy.is-copied").forEach(function (other) {
      other.classList.remove("is-copied");
      var word = other.querySelector("[data-copy-word]");
      word.textContent = word.getAttribute("data-word");
    });
    var word = button.querySelector("[data-copy-word]");
    button.classList.add("is-copied");
    word.textContent = packet.getAttribute("data-copied-word");
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      button.classList.remove("is-copied");
      word.textContent = word.getAttribute("data-word");
    }, 2500);
  }

  packet.querySelectorAll("[data-copy]").forEach(function (button) {
    var word = button.querySelector("[data-copy-word]");
    word.setAttribute("data-word", word.textContent);
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = source.tagName === "TEXTAREA" ? source.value : source.textContent;
      copy(text).then(function (copied) {
        if (copied) {
          showCopied(button);
          say(button.getAttribute("data-copied"), false);
        } else {
          say(packet.getAttribute("data-copy-failed"), true);
        }
      });
    });
  });
})();
