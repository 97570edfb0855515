/* The not-found page (404.html): a web server answers it at any missing
   address, so a reader who followed an old link (the union's former site,
   an article renamed before Old_slug existed, a link cut short) lands here.
   The address's last part is usually the article's title without marks
   (/Tin-Tuc/left22/2587_Lien-hiep-Hoi-khen-thuong-…,
   /lien-hiep-hoi/thai-binh-…-6817.html): this script (ours, this page only,
   no inline code) turns it into a search link, which the search page runs
   (it reads words without marks, tests/test_search.py). Without JavaScript
   the item stays hidden and the page is as before. An address in another
   mix of case, or with a sign a chat left after it, first tries the
   spellings a carried-over address has (below). */
(function () {
  'use strict';
  var item = document.querySelector('[data-not-found-search]');
  if (!item) return;
  // A letter of any script. Not the literal /\p{L}/u: a syntax error before
  // Chrome 64 (an Android WebView that never updates, Samsung Internet 8,
  // Firefox < 78), which lost the whole script there: no other spelling
  // tried, no search link. Built here, with Latin and Vietnamese letters
  // where the browser does not know \p{L}.
  var letter = /[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/;
  try { letter = new RegExp('\\p{L}', 'u'); } catch (error) { /* an old browser: the letters above */ }
  // An old address in another mix of case than the one carried over
  // (/TIN-TUC/… or /tin-tuc/… for /Tin-Tuc/…; the old site ignored case):
  // every carried-over address is also written in lower case, but a
  // case-sensitive host (GitHub Pages, nginx) answered 404. If the address
  // in lower case (past the site's own path) is there, go to it.
  var site = new URL(item.getAttribute('data-not-found-search'), location.href).pathname.replace(/tim-kiem\/$/, '');
  var path = location.pathname;
  try { path = decodeURI(location.pathname); } catch (error) { /* a malformed address: as written */ }
  // A link copied from the end of a sentence in a Facebook or Zalo post
  // keeps its «)» or «.» (…-6817.html), …-6817.html.), and a page's
  // address may get a «/» after it: the address without them.
  var cleaned = path.replace(/[).,;:\]»>"']+$/, '').replace(/(\.(?:html?|aspx?|php))\/+$/i, '$1');
  function lowered(address) {
    return address.slice(0, site.length) + address.slice(site.length).toLowerCase();
  }
  // A listing's later page that is no more (…/trang/31/ of a listing that
  // now has 20, or of a section renamed since: its first page is a
  // redirect page then): the listing's first page.
  var later = (item.getAttribute('data-listing-page') || '').replace(/\/+$/, '')
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{base_name}/', '(?:(.*)/)?').replace('{number}', '\\d+');
  var listing = later.indexOf('\\d+') >= 0 &&
    new RegExp('^' + later + '$').exec(cleaned.slice(site.length).replace(/\/+$/, ''));
  var first = listing ? [site + (listing[1] ? listing[1] + '/' : '')] : [];
  var tries = [cleaned, lowered(cleaned), lowered(path)].concat(first).filter(function (address, at, all) {
    return address !== path && all.indexOf(address) === at && address.indexOf(site) === 0;
  });
  (function next() {  // the first spelling that is there, one request at a time
    var address = tries.shift();
    if (!address) return;
    fetch(encodeURI(address), { method: 'HEAD' }).then(function (response) {
      if (response.ok) location.replace(encodeURI(address) + location.search);
      else next();
    }, function () { /* offline: the search link stays */ });
  })();
  var parts = cleaned.split('/').filter(Boolean);
  var last = parts.length ? parts[parts.length - 1] : '';
  // An old listing's page (…/cuoc-thi-van-ban/page-2.htm): its section's name.
  if (/^page-?\d+(\.\w+)?$/i.test(last) && parts.length > 1) last = parts[parts.length - 2];
  var words = last
    .replace(/\.(html?|aspx?|php|jpe?g|png|gif|pdf|docx?|xlsx?)$/i, '')   // a page's or a file's suffix
    .replace(/^\d+_/, '')                    // the old site's number before the title
    .replace(/-\d+$/, '')                    // … or after it
    .split(/[\s\-_+.,]+/)
    .filter(function (word) { return letter.test(word); })
    .slice(0, 12)
    .map(function (word) { return word.toLowerCase(); });
  if (words.length < 2) return;
  var query = words.join(' ');
  var link = item.querySelector('a');
  link.href = item.getAttribute('data-not-found-search') + '?q=' + encodeURIComponent(query);
  link.querySelector('[data-query]').textContent = query;
  item.hidden = false;
})();
