/* Guanxi — the browser's time zone on the sign-up and profile pages. Both work without it.

   Sign-up: writes the browser's zone into the hidden field [data-browser-time-zone]; the server
   reads it through its list of zones (accounts/time_zones.py), so a new member's times are
   right from the first page.
   Profile: when the browser's zone is not the one saved, offers it ([data-time-zone-hint]);
   nothing changes until the member says so and saves. */
(function () {
  "use strict";

  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) return;

  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    if (!input.value) input.value = zone;
  });

  var select = document.querySelector("select[data-time-zone-aliases]");
  var hint = document.querySelector("[data-time-zone-hint]");
  if (!select || !hint) return;

  var aliases = {};
  try {
    aliases = JSON.parse(select.getAttribute("data-time-zone-aliases")) || {};
  } catch (error) {
    aliases = {};
  }
  var name = aliases[zone] || zone;
  var option = Array.prototype.find.call(select.options, function (candidate) {
    return candidate.value === name;
  });
  if (!option) return;

  function update() {
    hint.hidden = select.value === name;
  }
  hint.querySelector("[data-time-zone-name]").textContent = option.textContent;
  hint.querySelector("[data-time-zone-use]").addEventListener("click", function () {
    select.value = name;
    update();
    select.focus();
  });
  select.addEventListener("change", update);
  update();
})();
