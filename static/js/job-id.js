/* Guanxi — the job ID in a job link, on the "Ask for a referral" form.
 *
 * GuanxiJobId.fromLink(url) reads a link exactly as referrals/job_ids.py does (the shapes are
 * described there); tests/browser/test_referral_packet.py checks both on the same links.
 * When the seeker types or pastes a job link and the job ID is empty, the ID found is put in the
 * field and a note asks them to check it. Without this file the server proposes it instead.
 */
(function () {
  "use strict";

  var UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  var MAX_LENGTH = 80;
  var BOARDS = [
    "linkedin.com", "indeed.com", "glassdoor.com", "104.com.tw", "1111.com.tw", "518.com.tw",
    "cake.me", "yourator.co", "ziprecruiter.com", "monster.com", "wellfound.com", "angel.co"
  ];
  var ID_PARAMETERS = [
    "gh_jid", "jobid", "job_id", "jid", "jobreqid", "job_req_id", "reqid", "req_id",
    "requisitionid", "career_job_req_id"
  ];
  var ID_VALUE = new RegExp("^(?:" + UUID + "|[A-Za-z]{0,4}-?\\d[\\w-]*)$");
  var JOB_FOLDERS = [
    "job", "jobs", "careers", "career", "results", "details", "detail", "jobdetail",
    "position", "positions", "opening", "openings", "vacancy", "vacancies", "posting",
    "postings", "requisition", "requisitions", "req", "role", "roles", "listing"
  ];
  var NUMBER_SEGMENT = /^(\d{5,})(?:-[^/]*)?$/;
  var REQUISITION = /(?<![A-Za-z0-9])(JR|R)(-?)(\d{4,})(?![A-Za-z0-9])/i;
  var GREENHOUSE = /^\/[^/]+\/jobs\/(\d+)(?:\/|$)/;
  var LEVER_OR_ASHBY = new RegExp("^/[^/]+/(" + UUID + ")(?:/|$)");
  var SMARTRECRUITERS = /^\/[^/]+\/(\d{6,})(?:-[^/]*)?(?:\/|$)/;
  var ICIMS = /^\/jobs\/(\d+)(?:\/|$)/;
  var DIGITS = /^\d+$/;
  var WORKDAY = /_([A-Za-z]{0,5}-?\d+)(?:-\d{1,2})?$/;

  function on(host, domains) {
    return domains.some(function (d) {
      return host === d || host.slice(-(d.length + 1)) === "." + d;
    });
  }
  function group(pattern, text) {
    var match = pattern.exec(text);
    return match ? match[1] : "";
  }
  function segmentsOf(path) {
    return path.split("/").filter(function (s) { return s; });
  }
  function fromQuery(params) {
    for (var i = 0; i < params.length; i++) {
      var value = params[i][1].trim();
      if (ID_PARAMETERS.indexOf(params[i][0].toLowerCase()) >= 0 && ID_VALUE.test(value)) {
        return value;
      }
    }
    return "";
  }
  function fromTracker(host, path, params) {
    if (on(host, ["greenhouse.io"])) {
      if (path.replace(/\/+$/, "") === "/embed/job_app") {
        var token = "";
        params.forEach(function (p) { if (p[0] === "token") token = p[1]; });
        return DIGITS.test(token) ? token : "";
      }
      return group(GREENHOUSE, path);
    }
    if (on(host, ["lever.co", "ashbyhq.com"])) return group(LEVER_OR_ASHBY, path).toLowerCase();
    if (on(host, ["smartrecruiters.com"])) return group(SMARTRECRUITERS, path);
    if (on(host, ["icims.com"])) return group(ICIMS, path);
    if (on(host, ["myworkdayjobs.com", "myworkdaysite.com"])) {
      var segments = segmentsOf(path);
      var at = segments.indexOf("job");
      if (at < 0) return "";
      var after = segments.slice(at + 1).filter(function (s) {
        return ["apply", "autofillwithresume"].indexOf(s.toLowerCase()) < 0;
      });
      return after.length ? group(WORKDAY, after[after.length - 1]) : "";
    }
    return null;
  }
  function fromCareersPage(host, path, params) {
    var texts = [path].concat(params.map(function (p) { return p[1]; }));
    for (var i = 0; i < texts.length; i++) {
      var match = REQUISITION.exec(texts[i]);
      if (match) return match[1].toUpperCase() + match[2] + match[3];
    }
    var careersSite = host.indexOf("career") >= 0 || host.indexOf("job") >= 0;
    var segments = segmentsOf(path);
    for (var j = segments.length - 1; j >= 0; j--) {
      var number = NUMBER_SEGMENT.exec(segments[j]);
      var inFolder = segments.slice(0, j).some(function (s) {
        return JOB_FOLDERS.indexOf(s.toLowerCase()) >= 0;
      });
      if (number && (careersSite || inFolder)) return number[1];
    }
    return "";
  }

  function fromLink(url) {
    url = (url || "").trim();
    if (!url) return "";
    if (url.indexOf("://") < 0) url = "https://" + url;
    var parts;
    try {
      parts = new URL(url);
    } catch (error) {
      return "";
    }
    var host = parts.hostname.toLowerCase();
    if (["http:", "https:"].indexOf(parts.protocol) < 0 || host.indexOf(".") < 0) return "";
    if (host.indexOf("www.") === 0) host = host.slice(4);
    if (on(host, BOARDS)) return "";
    var params = [];
    parts.searchParams.forEach(function (value, name) {
      if (value) params.push([name, value]);
    });
    var found = fromQuery(params);
    if (!found) found = fromTracker(host, parts.pathname, params);
    if (found === null) found = fromCareersPage(host, parts.pathname, params);
    return found.length <= MAX_LENGTH ? found : "";
  }

  window.GuanxiJobId = { fromLink: fromLink };

  // The ask form: fill an empty job ID from the link, and say so.
  var form = document.querySelector("[data-ask-form]");
  var note = document.querySelector("[data-job-id-found]");
  if (!form || !note) return;
  var link = form.querySelector("[name='job_url']");
  var id = form.querySelector("[name='job_id']");
  if (!link || !id) return;
  var filled = "";  // what this script put in the field, which it may change again

  function propose() {
    if (id.value.trim() && id.value !== filled) return;  // the seeker's own: never touched
    var found = fromLink(link.value);
    if (found === id.value) return;
    id.value = found;
    filled = found;
    note.textContent = found ? note.getAttribute("data-template").replace("%(job_id)s", found) : "";
    id.dispatchEvent(new Event("input", { bubbles: true }));  // the checklist follows
  }
  link.addEventListener("input", propose);
  link.addEventListener("change", propose);
})();
