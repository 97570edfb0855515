/* The not-found page (404.html): a web server answers it at any missing
   address, so a reader who followed an old link (the union's former site,
   an article renamed before Old_slug existed, a link cut short) lands here.
   The address's last part is usually the article's title without marks
   (/Tin-Tuc/left22/2587_Lien-hiep-Hoi-khen-thuong-…,
   /lien-hiep-hoi/thai-binh-…-6817.html): this script (ours, this page only,
   no inline code) turns it into a search link, which the search page runs
   (it reads words without marks, tests/test_search.py). Without JavaScript
   the item stays hidden and the page is as before. An address in another
   mix of case first tries its lower-case spelling (below). */
(function () {
  'use strict';
  var item = document.querySelector('[data-not-found-search]');
  if (!item) return;
  // An old address in another mix of case than the one carried over
  // (/TIN-TUC/… or /tin-tuc/… for /Tin-Tuc/…; the old site ignored case):
  // every carried-over address is also written in lower case, but a
  // case-sensitive host (GitHub Pages, nginx) answered 404. If the address
  // in lower case (past the site's own path) is there, go to it.
  var site = new URL(item.getAttribute('data-not-found-search'), location.href).pathname.replace(/tim-kiem\/$/, '');
  try {
    var path = decodeURI(location.pathname);
    var lower = path.slice(0, site.length) + path.slice(site.length).toLowerCase();
    if (path.indexOf(site) === 0 && lower !== path) {
      fetch(encodeURI(lower), { method: 'HEAD' }).then(function (response) {
        if (response.ok) location.replace(encodeURI(lower) + location.search);
      }, function () { /* offline: the search link stays */ });
    }
  } catch (error) { /* a malformed address: the search link only */ }
  var parts = location.pathname.split('/').filter(Boolean);
  var last = parts.length ? parts[parts.length - 1] : '';
  try { last = decodeURIComponent(last); } catch (error) { /* keep it as written */ }
  var words = last
    .replace(/\.(html?|aspx?|php)$/i, '')   // a page's suffix
    .replace(/^\d+_/, '')                    // the old site's number before the title
    .replace(/-\d+$/, '')                    // … or after it
    .split(/[\s\-_+.,]+/)
    .filter(function (word) { return /\p{L}/u.test(word); })
    .slice(0, 12)
    .map(function (word) { return word.toLowerCase(); });
  if (words.length < 2) return;
  var query = words.join(' ');
  var link = item.querySelector('a');
  link.href = item.getAttribute('data-not-found-search') + '?q=' + encodeURIComponent(query);
  link.querySelector('[data-query]').textContent = query;
  item.hidden = false;
})();
