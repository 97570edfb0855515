/* Visit counter ("Số lượt truy cập"), stamped by plugins/visit_counter.
   Counts one view (GoatCounter's /count API: sendBeacon, image fallback)
   and shows the site total. Configuration comes from the data-vc-*
   attributes of [data-visit-counter]; no inline code, nothing logged, and
   on any failure the block simply stays hidden. */
(function () {
  'use strict';
  var box = document.querySelector('[data-visit-counter]');
  if (!box || box.vcDone) return;
  box.vcDone = 1;
  var d = box.dataset, w = window, nav = navigator, loc = location;
  var path = d.vcPath || loc.pathname;
  var timeout = +d.vcTimeout || 5000;
  var enc = encodeURIComponent;

  // No count for readers who asked not to be tracked, for local or private
  // addresses (unless data-vc-allow-local: GoatCounter's allow_local, set
  // for the local preview only), for pages inside a frame. The total is
  // still shown.
  var tracked = !(
    nav.doNotTrack === '1' || w.doNotTrack === '1' || nav.globalPrivacyControl === true ||
    loc.protocol === 'file:' || w.self !== w.top || (!d.vcAllowLocal &&
    /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.0\.0\.0$|\[(::1?\]|f[cd]|fe[89ab]))|\.localhost$/i
      .test(loc.hostname))
  );

  // GoatCounter's parameters: path, title, referrer, bot flag (153: driven
  // by WebDriver; counted apart by GoatCounter), cache buster.
  function count() {
    var url = d.vcHit + (d.vcHit.indexOf('?') < 0 ? '?' : '&') +
      'p=' + enc(path) + '&t=' + enc(document.title) + '&r=' + enc(document.referrer) +
      '&b=' + (nav.webdriver ? 153 : 0) + '&rnd=' + Math.random().toString(36).slice(2);
    try {
      if (nav.sendBeacon && nav.sendBeacon(url)) return;
    } catch (e) { /* fall back to the image */ }
    new Image().src = url;
  }

  // "12\u202f345", "12,345" or 12345 → "12.345"; anything else → "".
  function format(value) {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string' || !/^\d{1,3}([\u202f\u00a0 ,.]?\d{3})*$/.test(value)) return '';
    return value.replace(/\D/g, '').replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, '.');
  }

  // GET a count as JSON; calls done(formatted) only on a good, timely answer.
  function get(url, done) {
    if (!w.fetch) return;
    var ctl = w.AbortController && new AbortController();
    var late = 0;
    var timer = setTimeout(function () {
      late = 1;
      if (ctl) ctl.abort();
    }, timeout);
    fetch(url, { credentials: 'omit', signal: ctl ? ctl.signal : undefined })
      .then(function (r) {
        if (!r.ok) throw 0;
        return r.json();
      })
      .then(function (json) {
        var n = !late && json && format(json.count);
        if (n) done(n);
      })
      .catch(function () { /* 403, timeout, no CORS, not JSON, blocked: stay hidden */ })
      .then(function () { clearTimeout(timer); });
  }

  function show(selector, row) {
    return function (n) {
      box.querySelector(selector).textContent = n;
      row.hidden = false;
    };
  }

  if (tracked) {
    // A prerendered page counts when it is shown; a page restored from the
    // back/forward cache does not run this script again, so it is not
    // counted twice.
    if (document.prerendering) document.addEventListener('prerenderingchange', count, { once: true });
    else count();
  }
  if (d.vcTotal) get(d.vcTotal, show('[data-vc-value]', box));
  var pageRow = box.querySelector('[data-vc-page-row]');
  if (d.vcPage && pageRow) get(d.vcPage.replace('{path}', enc(path)), show('[data-vc-page-value]', pageRow));
})();
