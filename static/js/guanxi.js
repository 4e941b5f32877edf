/* Guanxi — small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Close the account menu and the phone's navigation menu when clicking elsewhere or pressing
  // Escape. (The navigation is the element right after its menu button.)
  var MENUS = "details.menu[open], details.nav-toggle[open]";
  function inside(menu, target) {
    var panel = menu.classList.contains("nav-toggle") ? menu.nextElementSibling : null;
    return menu.contains(target) || !!(panel && panel.contains(target));
  }
  document.addEventListener("click", function (event) {
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (!inside(menu, event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(MENUS).forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // A row of tabs that scrolls sideways (on phones) starts at the current tab.
  document.querySelectorAll(".tabs").forEach(function (tabs) {
    var current = tabs.querySelector("[aria-current]");
    if (current && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft += current.getBoundingClientRect().left - tabs.getBoundingClientRect().left - 16;
    }
  });

  // Live completeness checklist on the "Ask for a referral" form.
  var form = document.querySelector("[data-ask-form]");
  var checklist = document.querySelector("[data-checklist]");
  if (!form || !checklist) return;

  function field(name) { return form.querySelector("[name='" + name + "']"); }
  function value(name) {
    var el = field(name);
    return el && el.value ? el.value.trim() : "";
  }
  function checked(name) {
    var el = field(name);
    return !!(el && el.checked);
  }
  function kind() {
    var el = form.querySelector("[name='kind']:checked");
    return el ? el.value : "";
  }
  function resumeSource() {
    var el = form.querySelector("[name='resume_source']:checked");
    return el ? el.value : "";
  }
  function hasResume() {
    var upload = field("upload");
    var source = resumeSource();
    var uploaded = !!(upload && upload.files && upload.files.length);
    if (source === "library") return !!value("resume");
    if (source === "upload") return uploaded;
    if (source === "none") return false;
    return !!value("resume") || uploaded;
  }
  // Using a resume's control chooses its source: picking a file means "Upload a new PDF".
  function chooseSource(name) {
    var radio = form.querySelector("[name='resume_source'][value='" + name + "']");
    if (radio) radio.checked = true;
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "upload" && event.target.files && event.target.files.length) {
      chooseSource("upload");
    } else if (event.target.name === "resume") {
      chooseSource("library");
    }
  });
  // CJK characters carry more meaning each, so they count double.
  function noteWeight(text) {
    var weight = 0;
    for (var i = 0; i < text.length; i++) {
      weight += /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(text[i]) ? 2 : 1;
    }
    return weight;
  }

  var progress = document.querySelector("[data-checklist-progress]");

  function update() {
    var k = kind();
    var state = {
      position: value("position_title") ? "done" : "",
      job: value("job_url") || value("job_id") ? "done" : (k && k !== "referral" ? "skipped" : ""),
      resume: hasResume() ? "done" : (k === "advice" ? "skipped" : ""),
      note: noteWeight(value("note")) >= 80 ? "done" : "",
      instructions: checked("confirm_instructions") ? "done" : "",
      accurate: checked("confirm_accurate") ? "done" : ""
    };
    var open = 0;
    checklist.querySelectorAll("[data-check]").forEach(function (item) {
      var s = state[item.getAttribute("data-check")];
      item.classList.toggle("is-done", s === "done");
      item.classList.toggle("is-skipped", s === "skipped");
      if (!s) open += 1;
    });
    form.querySelectorAll("[data-referral-only]").forEach(function (el) {
      el.hidden = !!k && k !== "referral";
    });
    if (progress) {
      progress.hidden = false;
      progress.textContent = open
        ? progress.getAttribute("data-missing")
        : progress.getAttribute("data-ready");
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
