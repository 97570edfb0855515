/* Video cards (plugins/core/videos.py): a YouTube card is a plain link to
   the video on youtube.com, and nothing is asked of YouTube until the
   reader clicks it. Then this script (ours, loaded only on pages that hold
   a card, no inline code) puts youtube-nocookie.com's player in its place;
   plugins/headers allows that origin in frame-src on those pages only.
   A click with a modifier key (new tab) keeps the plain link. */
(function () {
  'use strict';
  var PLAYER = 'https://www.youtube-nocookie.com/embed/';
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-youtube]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var id = link.getAttribute('data-youtube');
    if (!/^[A-Za-z0-9_-]{11}$/.test(id)) return;
    event.preventDefault();
    var start = parseInt(link.getAttribute('data-start'), 10);
    var frame = document.createElement('iframe');
    frame.className = 'video-card__frame';
    frame.src = PLAYER + id + '?autoplay=1' + (start > 0 ? '&start=' + start : '');
    frame.title = link.getAttribute('data-title') || 'Video YouTube';
    frame.setAttribute('allow', 'autoplay; encrypted-media; picture-in-picture; fullscreen');
    frame.setAttribute('allowfullscreen', '');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();
