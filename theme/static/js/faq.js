/* Hỏi & đáp (faq.html): a link to one question ends in its anchor
   (/hoi-dap/#<slug>, shared on Zalo or by e-mail). Once that question is
   off the page (hidden, deleted, its Slug changed without Old_slug), the
   link opened the top of a page of fifty questions with nothing said, and
   the reader looked for an answer that is not there. The server never sees
   the part after «#», so the not-found page cannot help: this script (ours,
   this page only, no inline code) shows the notice above the list and moves
   the focus to it. Without JavaScript the notice stays hidden.

   A question the address names (opened from a shared link, or its heading
   tapped) is also the one shared and printed: the page's canonical link
   carries its anchor (Chrome on Android and Safari share the canonical
   address, not the one shown: «Chia sẻ» sent the top of the page), the
   paper it alone, with its address under it (.faq-one, style.css: printed,
   one answer was the whole page, every question of five years). An earlier
   anchor (Old_slug) names the question after it, by its anchor of today. */
(function () {
  'use strict';
  var notice = document.querySelector('[data-faq-gone]');
  if (!notice) return;
  var list = document.querySelector('.faq');
  var canonical = document.querySelector('link[rel="canonical"]');
  var canonicalHref = canonical && canonical.getAttribute('href').split('#')[0];
  var source = document.querySelector('.print-source');
  var sourceText = source && source.textContent.split('#')[0];
  var shown = null;
  // The question an element of the list stands for: itself, or the one
  // after its earlier anchors (empty elements before it).
  function questionOf(element) {
    while (element && element.parentNode === list && !/(^| )faq-item( |$)/.test(element.className)) {
      element = element.nextElementSibling;
    }
    return element && element.parentNode === list ? element : null;
  }
  function check() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* a malformed address: as written */ }
    var target = id !== '' && id !== 'top' ? document.getElementById(id) : null;
    var gone = id !== '' && id !== 'top' && !target;
    notice.hidden = !gone;
    if (gone) notice.focus();
    var question = target && list ? questionOf(target) : null;
    if (shown) shown.className = shown.className.replace(/ faq-here/g, '');
    shown = question;
    if (question) question.className += ' faq-here';
    if (list) list.className = list.className.replace(/ faq-one/g, '') + (question ? ' faq-one' : '');
    var where = question ? '#' + question.id : '';
    if (canonical) canonical.setAttribute('href', canonicalHref + where);
    if (source) source.textContent = sourceText + where;
  }
  check();
  window.addEventListener('hashchange', check);
})();
