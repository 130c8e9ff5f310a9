// The front end's only assets, served from memory: one style sheet and one script
// (the strict CSP allows nothing inline and nothing from elsewhere).
//
// app.js adds what plain HTML cannot: saving a service's answer without reloading
// (falling back to a normal form post on any failure), the ballot's remaining budget,
// and live updates of ranking and plan over server-sent events.
#include "web/exchange.h"

namespace prio::web {

namespace {

constexpr char kCss[] = R"css(
:root { --ink: #1a1a1a; --muted: #4a4a4a; --link: #0b5394; --line: #8a8a8a; --error: #a00000; --ok: #1d5e20; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; margin: 0; }
a { color: var(--link); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #c25e00; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
header nav { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
header nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.brand { font-weight: bold; font-size: 1.2rem; text-decoration: none; }
.who { margin-left: auto; color: var(--muted); }
form.inline { display: inline; }
main { padding: 0 1rem 2rem; max-width: 72rem; }
footer { border-top: 1px solid var(--line); padding: .5rem 1rem; color: var(--muted); }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; }
.sid, .small, .count { color: var(--muted); font-weight: normal; }
.hash { font-family: monospace; word-break: break-all; }
.notice { padding: .5rem .75rem; border-left: 4px solid; }
.notice.error, .field-error, .error { color: var(--error); }
.notice.ok { border-color: var(--ok); color: var(--ok); }
.field { margin: .5rem 0; }
.field label { display: block; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; }
.service { border: 1px solid var(--line); padding: .5rem 1rem; margin: 1rem 0; }
.service h3 { margin: .25rem 0; }
.service form { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1rem; }
.service form .notice, .service form .actions { grid-column: 1 / -1; }
.service input[type=text], .service select, .service textarea { width: 100%; }
.service p.state { margin: 0; color: var(--muted); }
.round-links ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
[aria-invalid="true"] { border: 2px solid var(--error); }
button { font: inherit; padding: .25rem 1rem; }
.heat td.h0 { background: #ffffff; }
.heat td.h1 { background: #e6f0fa; }
.heat td.h2 { background: #c5dcf2; }
.heat td.h3 { background: #9cc3e8; }
.heat td.h4 { background: #6fa6db; }
.heat td.over { background: #8b0000; color: #fff; }
.heat td.over .small { color: #fff; }
.live { color: var(--muted); }
.tied { color: var(--muted); }
)css";

constexpr char kJs[] = R"js(
(function () {
  'use strict';

  // Saving one service's answer without reloading the page.
  document.querySelectorAll('form[data-need]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var status = form.querySelector('.saved');
      fetch(form.action, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form))
      }).then(function (r) {
        return r.json();
      }).then(function (j) {
        if (j.session_ended) {
          window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
          return;
        }
        form.querySelectorAll('.field-error').forEach(function (e) { e.hidden = true; e.textContent = ''; });
        form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
        if (j.request_id) form.querySelector('input[name=request_id]').value = j.request_id;
        status.classList.toggle('error', !j.ok);
        if (j.ok) {
          status.textContent = j.message;
          var p = document.getElementById('progress'), bar = document.getElementById('progress-bar');
          if (p && j.progress) p.textContent = j.progress;
          if (bar && j.answered !== undefined) bar.value = j.answered;
          return;
        }
        var input = j.field ? form.querySelector('[name="' + j.field + '"]') : null;
        var err = input ? document.getElementById(input.getAttribute('aria-describedby')) : null;
        if (err) {
          err.textContent = j.message;
          err.hidden = false;
          input.setAttribute('aria-invalid', 'true');
          status.textContent = '';
          input.focus();
        } else {
          status.textContent = j.message;
        }
      }).catch(function () { form.submit(); });
    });
  });

  // The ballot's remaining budget.
  document.querySelectorAll('form[data-budget]').forEach(function (form) {
    var budget = Number(form.dataset.budget), out = document.getElementById('remaining');
    function update() {
      var sum = 0;
      form.querySelectorAll('input[data-points]').forEach(function (i) {
        var n = parseInt(i.value, 10);
        if (n > 0) sum += n;
      });
      var left = budget - sum;
      out.textContent = (left >= 0 ? out.dataset.left : out.dataset.over)
        .replace('{n}', String(Math.abs(left))).replace('{b}', String(budget));
      out.classList.toggle('error', left < 0);
    }
    form.addEventListener('input', update);
    update();
  });

  // Live ranking and plan.
  var live = document.querySelector('[data-live]');
  if (live && window.EventSource) {
    var es = new EventSource(live.dataset.live);
    var target = document.getElementById(live.dataset.target);
    var swap = function (e) { target.innerHTML = e.data; live.dataset.position = e.lastEventId; };
    es.addEventListener('ranking', swap);
    es.addEventListener('plan', swap);
    es.addEventListener('caption', function (e) {
      var c = document.getElementById(live.dataset.caption);
      if (c) c.textContent = e.data;
    });
    es.addEventListener('refused', function (e) { live.textContent = e.data; es.close(); });
  }
})();
)js";

}  // namespace

void AddAssets(httplib::Server& server) {
  server.Get("/static/app.css", [](const httplib::Request&, httplib::Response& res) {
    SetSecurityHeaders(res);
    res.set_header("Cache-Control", "max-age=3600");
    res.set_content(kCss, "text/css; charset=utf-8");
  });
  server.Get("/static/app.js", [](const httplib::Request&, httplib::Response& res) {
    SetSecurityHeaders(res);
    res.set_header("Cache-Control", "max-age=3600");
    res.set_content(kJs, "text/javascript; charset=utf-8");
  });
}

}  // namespace prio::web
