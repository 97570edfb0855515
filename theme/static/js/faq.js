/* Hỏi & đáp (faq.html): a link to one question ends in its anchor
   (/hoi-dap/#<slug>, shared on Zalo or by e-mail). Once that question is
   off the page (hidden, deleted, its Slug changed without Old_slug), the
   link opened the top of a page of fifty questions with nothing said, and
   the reader looked for an answer that is not there. The server never sees
   the part after «#», so the not-found page cannot help: this script (ours,
   this page only, no inline code) shows the notice above the list and moves
   the focus to it. Without JavaScript the notice stays hidden. */
(function () {
  'use strict';
  var notice = document.querySelector('[data-faq-gone]');
  if (!notice) return;
  function check() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* a malformed address: as written */ }
    var gone = id !== '' && id !== 'top' && !document.getElementById(id);
    notice.hidden = !gone;
    if (gone) notice.focus();
  }
  check();
  window.addEventListener('hashchange', check);
})();
