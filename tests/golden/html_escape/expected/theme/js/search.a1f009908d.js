/* Search page (/tim-kiem/): runs the reader's query against the Pagefind
 * bundle built with the site and lists the results.
 *
 * - Loaded only on the search page, with `defer`; no inline script or style.
 *   Pagefind (ES module + WebAssembly, no worker) is imported on first use, so
 *   the CSP needs `script-src 'self' 'wasm-unsafe-eval'` and
 *   `connect-src 'self'` (see README, "Search").
 * - A query of two words or more is searched as joined pairs without tone
 *   marks ("Hội thảo" → hoithao), which each article carries in a hidden
 *   element (plugins/search, joined_pairs): one small index chunk instead
 *   of megabytes. When no pair matches, the words are searched one by one.
 * - One word: Pagefind folds tone marks (hoi finds Hội) but not đ→d, so a
 *   word starting with d is also tried with đ; results are merged by score
 *   (see EXPANDED_WEIGHT_* for how exact matches stay first).
 * - Excerpts are built here from the page text after PAIRS_MARKER (Pagefind's
 *   would show the hidden pairs), the query words marked ignoring tone marks.
 * - The form is a plain GET form (q, chuyen-muc): the URL is the state.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var MAX_EXPANDED_WORDS = 3; // 2^3 = 8 searches at most
  // Weight of a result found by reading a typed d as đ. A word typed with
  // tone marks but d (dài) means d: exact matches stay first. A word typed
  // without any mark (dai) may be đ as well as d: equal footing.
  var EXPANDED_WEIGHT_TONED = 0.5;
  var EXPANDED_WEIGHT_TONELESS = 1;
  var DEBOUNCE_MS = 300;
  var EXCERPT_WORDS = 24;
  var PAIRS_MARKER = "\u241e"; // ends the hidden pairs (search_hooks.html)
  var NOT_WORD = /[^\p{L}\p{N}]+/u;

  var root = document.getElementById("tim-kiem");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.elements.q;
  var category = form.elements["chuyen-muc"];
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var more = root.querySelector("[data-search-more]");
  var numbers = new Intl.NumberFormat("vi-VN");

  var pagefind = null; // Promise of the Pagefind module, once loaded
  var generation = 0; // the latest search; older ones are dropped
  var pending = []; // merged results not shown yet
  var shown = ""; // the query of the results shown
  var timer = null;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(root.dataset.bundle + "pagefind.js").then(function (module) {
        // noWorker: run the WebAssembly on this page; the worker script
        // would be 12 KB more to download before the first result.
        return Promise.resolve(module.options({ noWorker: true }))
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; }); // try again next time
    }
    return pagefind;
  }

  /* Lower case, tone and vowel marks dropped, đ → d: as plugins/search fold(). */
  function fold(word) {
    return word.toLowerCase().replace(/đ/g, "d").normalize("NFD")
      .replace(/\p{M}/gu, "").normalize("NFC");
  }

  /* The joined pairs of the query, as plugins/search joined_pairs() writes
   * them: "Hội thảo tư vấn" → "hoithao thaotu tuvan"; punctuation breaks a
   * run. "" for a single word. */
  function joinedPairs(query) {
    var pairs = [];
    query.split(/[^\p{L}\p{N}\p{M}\s]/u).forEach(function (run) {
      var words = run.split(NOT_WORD).filter(Boolean).map(fold);
      for (var i = 0; i + 1 < words.length; i++) pairs.push(words[i] + words[i + 1]);
    });
    return pairs.join(" ");
  }

  /* The query as typed, plus each combination of its first words starting
   * with d read as đ: [{term, weight}]. "dai hoi" gives "dai hoi" (1) and
   * "đai hoi" (1); "dài hội" gives "dài hội" (1) and "đài hội" (0.5). */
  function variants(query) {
    var words = query.split(/\s+/).filter(Boolean);
    var positions = [];
    words.forEach(function (word, i) {
      if (/^[dD]/.test(word) && positions.length < MAX_EXPANDED_WORDS) positions.push(i);
    });
    var out = [];
    for (var mask = 0; mask < 1 << positions.length; mask++) {
      var changed = words.slice();
      var weight = 1;
      positions.forEach(function (at, bit) {
        if (mask & (1 << bit)) {
          var toned = /[\u0300-\u036f]/.test(changed[at].normalize("NFD"));
          weight *= toned ? EXPANDED_WEIGHT_TONED : EXPANDED_WEIGHT_TONELESS;
          changed[at] = (changed[at][0] === "D" ? "Đ" : "đ") + changed[at].slice(1);
        }
      });
      out.push({ term: changed.join(" "), weight: weight });
    }
    return out;
  }

  /* Joined pairs first (one small index chunk), the words one by one when
   * no pair matches. */
  function searchAll(module, query, filters) {
    var pairs = joinedPairs(query);
    if (!pairs) return searchTerms(module, variants(query), filters);
    return searchTerms(module, [{ term: pairs, weight: 1 }], filters).then(function (merged) {
      return merged.length ? merged : searchTerms(module, variants(query), filters);
    });
  }

  /* Runs every term and merges the results: one entry per page, with its
   * best weighted score, best first. */
  function searchTerms(module, terms, filters) {
    var runs = terms.map(function (variant) {
      return module.search(variant.term, { filters: filters }).then(function (response) {
        return { response: response, weight: variant.weight };
      });
    });
    return Promise.all(runs).then(function (answers) {
      var best = new Map();
      answers.forEach(function (answer) {
        if (!answer.response) return; // superseded inside Pagefind
        answer.response.results.forEach(function (result) {
          var score = result.score * answer.weight;
          var seen = best.get(result.id);
          if (!seen || score > seen.score) best.set(result.id, { score: score, result: result });
        });
      });
      return Array.from(best.values()).sort(function (a, b) { return b.score - a.score; });
    });
  }

  function say(text) {
    status.textContent = text;
  }

  /* The excerpt: EXCERPT_WORDS words of the page text (after the hidden
   * pairs), from a little before the first place where the query's words
   * follow each other (else the first query word), with <mark> around each
   * word equal to a query word once both are folded (hoi marks Hội). Text
   * nodes only: nothing of the page is parsed as HTML. */
  function excerptNodes(content, query) {
    var at = content.indexOf(PAIRS_MARKER);
    var words = content.slice(at + 1).trim().split(/\s+/).filter(Boolean);
    var wanted = query.split(NOT_WORD).filter(Boolean).map(fold);
    var folded = words.map(function (word) { return fold(word.replace(NOT_WORD, " ").trim()); });
    var hit = -1;
    for (var i = 0; hit < 0 && i < folded.length; i++) {
      if (wanted.every(function (w, k) { return folded[i + k] === w; })) hit = i;
    }
    if (hit < 0) hit = folded.findIndex(function (w) { return wanted.indexOf(w) >= 0; });
    var start = Math.max(0, Math.min(hit - 4, words.length - EXCERPT_WORDS));
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var fragment = document.createDocumentFragment();
    var text = start > 0 ? "…" : "";
    for (var j = start; j < end; j++) {
      var parts = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(words[j]);
      if (parts[2] && wanted.indexOf(fold(parts[2])) >= 0) {
        fragment.appendChild(document.createTextNode(text + parts[1]));
        fragment.appendChild(element("mark", "", parts[2]));
        text = parts[3];
      } else {
        text += words[j];
      }
      text += j + 1 < end ? " " : "";
    }
    fragment.appendChild(document.createTextNode(text + (end < words.length ? " …" : "")));
    return fragment;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function renderResult(data, query) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a", "", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = data.meta || {};
    if (meta.date || meta.category) {
      var line = element("p", "search-result-meta");
      if (meta.date) line.appendChild(element("span", "search-result-date", meta.date));
      if (meta.date && meta.category) line.appendChild(document.createTextNode(" · "));
      if (meta.category) line.appendChild(element("span", "search-result-category", meta.category));
      item.appendChild(line);
    }
    var excerpt = element("p", "search-result-excerpt");
    excerpt.appendChild(excerptNodes(data.content || "", query));
    item.appendChild(excerpt);
    return item;
  }

  /* Shows the next PAGE_SIZE results; returns the first new link. The
   * first result's fragment is fetched alone, so it shows as soon as it
   * arrives; the others follow together. */
  function showMore(current) {
    var batch = pending.splice(0, PAGE_SIZE);
    var first = null;
    function show(entries) {
      return Promise.all(entries.map(function (entry) { return entry.result.data(); }))
        .then(function (all) {
          if (current !== generation) return;
          all.forEach(function (data) {
            var item = renderResult(data, shown);
            list.appendChild(item);
            first = first || item.querySelector("a");
          });
        });
    }
    return show(batch.slice(0, 1))
      .then(function () { return current === generation && show(batch.slice(1)); })
      .then(function () {
        if (current !== generation) return null;
        more.hidden = pending.length === 0;
        return first;
      });
  }

  function run() {
    var query = input.value.normalize("NFC").trim();
    var chosen = category ? category.value : "";
    var current = ++generation;
    shown = query;
    pending = [];
    list.textContent = "";
    list.hidden = true;
    more.hidden = true;
    if (!query) {
      say("");
      return;
    }
    say("Đang tìm…");
    var filters = chosen ? { category: chosen } : {};
    loadPagefind()
      .then(function (module) { return searchAll(module, query, filters); })
      .then(function (merged) {
        if (current !== generation) return;
        if (!merged.length) {
          say("Không tìm thấy kết quả nào cho «" + query + "».");
          return;
        }
        var total = merged.length;
        pending = merged;
        list.hidden = false;
        return showMore(current).then(function () {
          if (current !== generation) return;
          say(numbers.format(total) + " kết quả cho «" + query + "».");
        });
      })
      .catch(function () {
        if (current !== generation) return;
        say("Không tải được chức năng tìm kiếm. Vui lòng thử lại sau.");
      });
  }

  /* Keeps the address in step with the form, so reload and back work. */
  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    if (category && category.value) params.set("chuyen-muc", category.value);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember();
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(); run(); }, DEBOUNCE_MS);
  });
  input.addEventListener("focus", function () {
    loadPagefind().catch(function () {}); // warm up while the reader types
  }, { once: true });
  if (category) {
    category.addEventListener("change", function () { remember(); run(); });
  }
  more.addEventListener("click", function () {
    showMore(generation).then(function (first) { if (first) first.focus(); });
  });

  var params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").normalize("NFC");
  if (category && params.get("chuyen-muc")) {
    var wanted = params.get("chuyen-muc").normalize("NFC");
    Array.prototype.forEach.call(category.options, function (option) {
      if (option.value === wanted) category.value = wanted;
    });
  }
  if (input.value.trim()) run();
})();
