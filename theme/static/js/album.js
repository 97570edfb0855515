/* Album viewer: a full-screen view of an album's photos (album.html).
 *
 * - Without it (or without <dialog>) every thumbnail is a plain link to its
 *   large photo. With it, a click opens the photo in a modal <dialog>:
 *   previous/next buttons, ← → Home End keys, a horizontal swipe, Esc or the
 *   close button or the browser's Back to leave; focus then returns to the
 *   thumbnail of the photo last shown. A click with a modifier key still
 *   opens the link.
 * - aria: thumbnails say aria-haspopup="dialog"; the dialog is labelled,
 *   modal (the page behind is inert), and its caption ("Ảnh 3/30: …") is a
 *   polite live region, so moving on is announced. The count is heard in
 *   words, «Ảnh 3 trong số 30: …» (a visually hidden copy; the shown one is
 *   aria-hidden): «3/10» is a date's shape, heard «ngày 3 tháng 10». It is filled once the
 *   dialog is open (filled while closed, the first photo went unannounced)
 *   and emptied when it closes (the same photo opened again is announced).
 * - Each photo has an address, the article's with «#anh-3» (the figure's
 *   id, album.html): shown in the address bar while the photo is open (the
 *   history entry the viewer pushes, replaced as the reader moves on), so a
 *   reader shares the photo and not the top of a 133-photo article; the
 *   page's canonical link carries it too meanwhile (Chrome on Android and
 *   Safari share the canonical address, not the one shown). Opened at that
 *   address (a shared link, or the address typed into an open article) the
 *   viewer opens on the photo; Back closes it, as after a click, and leaves
 *   the article at that thumbnail. Without JavaScript the address scrolls to
 *   the thumbnail.
 * - CSP: no inline script or style; the dialog is built from elements and
 *   styled by classes (style.css). Loaded with defer on album pages only.
 */
(function () {
  "use strict";

  var SWIPE_PX = 40;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(className, label, text) {
    var node = element("button", className, text);
    node.type = "button";
    node.setAttribute("aria-label", label);
    return node;
  }

  function setUp(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.album-link"));
    if (!links.length) return;
    var dialog = element("dialog", "viewer");
    dialog.setAttribute("aria-label", "Xem ảnh");
    var close = button("viewer-close", "Đóng", "×");
    var figure = element("figure", "viewer-figure");
    var image = element("img", "viewer-image");
    image.draggable = false; // a mouse swipe must not drag the photo away
    var caption = element("figcaption", "viewer-caption");
    var count = element("span", "viewer-count"); // shown: «Ảnh 3/30: »
    count.setAttribute("aria-hidden", "true");
    var heard = element("span", "visually-hidden"); // heard: «Ảnh 3 trong số 30: »
    var text = element("span", "viewer-text");
    var previous = button("viewer-prev", "Ảnh trước", "‹");
    var next = button("viewer-next", "Ảnh sau", "›");
    caption.setAttribute("aria-live", "polite");
    caption.append(count, heard, text);
    figure.append(image, caption);
    dialog.append(close, figure, previous, next);
    document.body.appendChild(dialog);
    var index = 0;
    var canonical = document.querySelector('link[rel="canonical"]');
    var canonicalHref = canonical && canonical.getAttribute("href");
    var startX = null;
    var startY = null;

    function show(at) {
      index = (at + links.length) % links.length;
      var link = links[index];
      var thumbnail = link.querySelector("img");
      var words = link.parentNode.querySelector("figcaption");
      // On a slow link the photo before stayed on screen under the new
      // caption for seconds (a changed src keeps the old picture until the
      // new one arrives), or the screen stayed black: the new photo's
      // thumbnail, already here, shows in its place until it arrives.
      image.removeAttribute("src");
      image.style.backgroundImage = thumbnail ? 'url("' + (thumbnail.currentSrc || thumbnail.src) + '")' : "";
      image.src = link.href;
      image.alt = thumbnail ? thumbnail.alt : "";
      // «Ảnh 3/30: chú thích»: without the colon and space a screen reader
      // read the count and the caption as one word («Ảnh 3/30Chú thích»).
      var said = words ? words.textContent.trim() : "";
      count.textContent = "Ảnh " + (index + 1) + "/" + links.length + (said ? ": " : "");
      heard.textContent = "Ảnh " + (index + 1) + " trong số " + links.length + (said ? ": " : "");
      text.textContent = said;
      previous.hidden = next.hidden = links.length < 2;
      if (pushed) address(index);
    }

    // «#anh-3» for the photo at 2, -1 for an address naming no photo.
    function hash(at) { return "#" + links[at].parentNode.id; }
    function photoAt(where) {
      for (var at = 0; at < links.length; at++) if (where && hash(at) === where) return at;
      return -1;
    }
    function address(at) {
      history.replaceState({ viewer: true }, "", hash(at));
      if (canonical) canonical.setAttribute("href", canonicalHref.split("#")[0] + hash(at));
    }

    image.addEventListener("load", function () { image.style.backgroundImage = ""; });

    // A phone's Back (the gesture or the button) left the article with the
    // photo open, where a reader means to close the photo: opening pushes a
    // history entry (the same address), Back pops it and closes; closing
    // any other way takes the entry back off.
    // The entry carries the photo's address (see show).
    var pushed = false;

    function open(at) {
      if (!pushed) {
        history.pushState({ viewer: true }, "", hash(at));
        pushed = true;
      }
      dialog.showModal();
      show(at);
      close.focus();
    }

    links.forEach(function (link, at) {
      link.setAttribute("aria-haspopup", "dialog");
      link.addEventListener("click", function (event) {
        if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        open(at);
      });
    });
    // Opened at a photo's address: the entry becomes the article's (no
    // «#anh-…») and the viewer's is pushed on it, so Back closes the photo
    // as after a click. Reloaded with the photo open, the entry is already
    // the viewer's, over the article's.
    var first = photoAt(location.hash);
    if (first >= 0) {
      if (history.state && history.state.viewer) pushed = true;
      else history.replaceState(null, "", location.pathname + location.search);
      open(first);
      // Chromium then applies the address it loaded with (the thumbnail's,
      // not focusable): it took the focus away from the dialog, where the
      // keys work. It is done by the time the page has loaded.
      window.addEventListener("load", function () {
        if (dialog.open && !dialog.contains(document.activeElement)) close.focus();
      });
    }
    // The address changed to a photo's in an open article (typed, a link to
    // it, Forward): the browser made the entry; it is the viewer's.
    window.addEventListener("hashchange", function () {
      var at = photoAt(location.hash);
      if (at < 0 || dialog.open) return;
      pushed = true;
      open(at);
    });
    window.addEventListener("popstate", function () {
      if (!pushed) return;
      pushed = false;
      if (dialog.open) dialog.close();
    });
    close.addEventListener("click", function () { dialog.close(); });
    previous.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    dialog.addEventListener("keydown", function (event) {
      var to = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: links.length - 1 }[event.key];
      if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      show(to);
    });
    // Esc closes a modal dialog by itself; whatever closed it, focus goes
    // back to the thumbnail of the photo shown last.
    dialog.addEventListener("close", function () {
      image.removeAttribute("src");
      count.textContent = heard.textContent = text.textContent = "";
      links[index].focus();
      if (canonical) canonical.setAttribute("href", canonicalHref);
      if (pushed) {
        pushed = false;
        history.back();
      }
    });
    // A click on the black around the photo closes, as on most viewers.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target === figure) dialog.close();
    });
    dialog.addEventListener("pointerdown", function (event) {
      startX = event.clientX;
      startY = event.clientY;
    });
    dialog.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX;
      var dy = event.clientY - startY;
      startX = startY = null;
      if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
    });
  }

  if (typeof HTMLDialogElement !== "function") return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-album]"), setUp);
})();
