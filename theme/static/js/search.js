/* Search page (/tim-kiem/): runs the reader's query against the Pagefind
 * bundle built with the site and lists the results.
 *
 * - Loaded only on the search page, with `defer`; no inline script or style.
 *   Pagefind (ES module + WebAssembly, no worker) is imported on first use
 *   (by pagefind-import.js: this file stays ES2017, see NOT_WORD), so
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
 * - A document number typed as written (45/KH-LHH) is searched as the pairs
 *   of its letters and digits (45kh khlhh), which each document carries
 *   (plugins/core/rules.py number_pairs), as is "45 kh lhh".
 * - The form is a plain GET form (q, loai, chuyen-muc): the URL is the
 *   state; loai (Bài viết, Văn bản or Hỏi & đáp) is Pagefind's "type"
 *   filter. Documents and questions have no category: with «Văn bản» or
 *   «Hỏi & đáp» the category list is disabled and not applied (both
 *   together found nothing, and the reader was told the words matched
 *   nothing). What the status says names the filters applied, and with no
 *   result what to choose instead.
 * - A Hỏi & đáp question is a page only the index reads (faq_search.html):
 *   its result opens its place on the Hỏi & đáp page, its `url` metadata.
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
  // What the status says is read aloud once the reader has stopped typing
  // this long: a screen reader's user types a key a second or slower (a
  // phone's keyboard by touch), so each key searched and the live region
  // said «Đang tìm…» and «46 kết quả cho «h».» after every letter, over
  // the letters the screen reader echoes. Shown at once all the same.
  var QUIET_MS = 1500;
  var EXCERPT_WORDS = 24;
  // How much a page's length lowers its score (Pagefind's default 0.75).
  // Documents are short pages among long articles: at 0.75 a long article
  // with "Hội thảo" in its title fell below a short one mentioning it once
  // (1.91 vs 1.98 on the test site once two documents were indexed); at 0.5
  // the title wins (2.26 vs 1.63), and the d/đ orders hold.
  var PAGE_LENGTH_WEIGHT = 0.5;
  var PAIRS_MARKER = "\u241e"; // ends the hidden pairs (search_hooks.html)
  // Invisible characters a pasted query brings (zero-width space, word
  // joiner, BOM, soft hyphen): the build drops them from the pages
  // (plugins/core/rules.py, without_invisible), and «hội\u200b thảo»
  // found nothing.
  var INVISIBLE = /[\u200b\u2060\ufeff\u00ad]/g;
  // The eth «Ð» «ð» (U+00D0, U+00F0) a PDF's text holds for «Đ» «đ»: the
  // build reads a page's text so (rules.without_invisible), and «Ðoàn»
  // pasted into the box found nothing.
  var ETH = /[\u00d0\u00f0]/g;

  var root = document.getElementById("tim-kiem");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.elements.q;
  var category = form.elements["chuyen-muc"];
  var type = form.elements.loai;
  var status = root.querySelector("[data-search-status]");
  var said = root.querySelector("[data-search-said]"); // the live region: what is read aloud
  var list = root.querySelector("[data-search-results]");
  var more = root.querySelector("[data-search-more]");
  var fallback = root.querySelector("[data-search-fallback]");
  var numbers = new Intl.NumberFormat("vi-VN");

  var pagefind = null; // Promise of the Pagefind module, once loaded
  var generation = 0; // the latest search; older ones are dropped
  var pending = []; // merged results not shown yet
  var shown = ""; // the query of the results shown
  var baseTitle = document.title; // «Tìm kiếm – …»: the tab and history say what was searched
  var total = 0; // how many results the search found
  var where = ""; // the filters applied, as the status names them
  var asked = null; // {query, filters} of the results shown
  var shownIds = new Set(); // Pagefind ids of the results shown
  var broken = false; // a fragment failed: Pagefind keeps the failure
  var supported = canSearch();
  var timer = null;
  // Letters, digits and marks of any script (\p{…}). Written as literals
  // they are a syntax error before Chrome 64 and Firefox 78, which lost the
  // whole script on a phone whose WebView never updates: the page said
  // nothing after «Tìm», not even that the browser is too old. Built here,
  // where the search can run (canSearch: Chrome 97, Safari 16).
  var NOT_WORD, WORD_RUN, NOT_WORDS, NOT_PAIRED, NOT_IN_RUN, HAS_WORD, LETTER, MARKS;
  try {
    if (supported) {
      NOT_WORD = new RegExp("[^\\p{L}\\p{N}]+", "u");
      WORD_RUN = new RegExp("([\\p{L}\\p{N}]+)", "u");
      NOT_WORDS = new RegExp("[^\\p{L}\\p{N}]+", "gu");
      NOT_PAIRED = new RegExp("[^\\p{L}\\p{N}\\p{M}]+", "gu");
      NOT_IN_RUN = new RegExp("[^\\p{L}\\p{N}\\p{M}\\s]", "u");
      HAS_WORD = new RegExp("[\\p{L}\\p{N}]", "u");
      LETTER = new RegExp("\\p{L}", "u");
      MARKS = new RegExp("\\p{M}", "gu");
    }
  } catch (error) {
    supported = false;
  }
  var quietAt = 0; // when typing has paused long enough to read the status aloud
  var sayTimer = null;

  /* Can this browser run Pagefind? Its WebAssembly returns several values
   * (Chrome 85, Safari 13.1) and may be compiled only where the policy's
   * 'wasm-unsafe-eval' is known (Chrome 97, Safari 16): elsewhere the search
   * failed on every try with «thử lại sau». A 16-byte module of that kind,
   * validated and compiled. */
  function canSearch() {
    try {
      var bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 0, 2, 127, 127]);
      return typeof WebAssembly === "object" && WebAssembly.validate(bytes) && !!new WebAssembly.Module(bytes);
    } catch (error) {
      return false;
    }
  }

  /* Pagefind, loaded once; `fresh`: a new instance (one keeps a failed
   * fragment failed). */
  function loadPagefind(fresh) {
    if (fresh && pagefind) {
      var old = pagefind;
      pagefind = null;
      return old.then(function (module) { return module.destroy(); })
        .catch(function () {})
        .then(function () { return loadPagefind(); });
    }
    if (!pagefind) {
      // import() is in pagefind-import.js (a module search.html loads before
      // this script): here it was a syntax error before Chrome 63 and
      // Safari 11.1, the whole script lost. Missing: that file did not load.
      var importing = typeof window.importPagefind === "function"
        ? window.importPagefind(root.dataset.bundle + "pagefind.js")
        : Promise.reject(new Error("pagefind-import.js did not load"));
      pagefind = importing.then(function (module) {
        // noWorker: run the WebAssembly on this page; the worker script
        // would be 12 KB more to download before the first result.
        return Promise.resolve(module.options({ noWorker: true, ranking: { pageLength: PAGE_LENGTH_WEIGHT } }))
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; }); // try again next time
    }
    return pagefind;
  }

  /* Lower case, tone and vowel marks dropped, đ → d (and the eth «ð» a
   * PDF's text holds for it: «12/QÐ-LHH» pasted): as plugins/search fold(). */
  function fold(word) {
    return word.toLowerCase().replace(/[đð]/g, "d").normalize("NFD")
      .replace(MARKS, "").normalize("NFC");
  }

  /* A word typed in Telex with the Vietnamese keyboard off (Unikey set
   * to E, a new computer): «hooij» is «hội», «thaor» «thảo», «nguowif»
   * «người». A Vietnamese syllable never ends in s, f, r, x or j, and has
   * no «dd», «aa», «ee», «oo» nor «w»: those are Telex's keys. The tone
   * goes where Unikey puts it by default (a marked vowel; ơ of ươ; the
   * last vowel before a final consonant; the middle of three; the first
   * of two: «hòa», «thúy»). The word itself when it is no Telex of a
   * syllable («press», «covid»). */
  var TELEX_TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
  var SYLLABLE = /^(ngh|ng|nh|ch|gh|gi(?=[aăâeêoôơuưy])|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?([aăâeêioôơuưy]+)(ch|ng|nh|[cmnpt])?$/;
  function fromTelex(word) {
    var lower = word.toLowerCase();
    if (!/^[a-z]+$/.test(lower)) return word;
    var tone = "";
    var letters = "";
    for (var i = 0; i < lower.length; i++) {
      if (TELEX_TONES[lower[i]] && /[aeiouy]/.test(letters)) tone = TELEX_TONES[lower[i]];
      else letters += lower[i];
    }
    var marked = letters.replace(/^dd/, "đ").replace(/aa/, "â").replace(/ee/, "ê").replace(/oo/, "ô")
      .replace(/uw?ow/, "ươ").replace(/aw/, "ă").replace(/ow/, "ơ").replace(/uw/, "ư");
    if (marked.indexOf("w") >= 0) {  // a w typed after the syllable («truongw»), or alone («tw»: tư)
      marked = marked.replace("w", "");
      var base = marked.replace(/^(qu|gi(?=[aeiouy]))/, "");
      var turned = base.replace(/uo/, "ươ");
      if (turned === base) turned = base.replace(/[uoa](?!.*[uoa])/, function (v) { return { u: "ư", o: "ơ", a: "ă" }[v]; });
      if (turned === base && !/[aeiouy]/.test(base)) turned = base + "ư";
      marked = marked.slice(0, marked.length - base.length) + turned;
    }
    var parts = SYLLABLE.exec(marked);
    if (!parts || (marked === lower && !tone)) return word;
    var vowels = parts[2];
    var at = vowels.indexOf("ơ") >= 0 ? vowels.indexOf("ơ") : vowels.search(/[ăâêôư]/);
    if (at < 0) at = parts[3] ? vowels.length - 1 : vowels.length >= 3 ? 1 : 0;
    vowels = vowels.slice(0, at + 1) + tone + vowels.slice(at + 1);
    return ((parts[1] || "") + vowels + (parts[3] || "")).normalize("NFC");
  }

  /* The query with each word read as Telex (`fromTelex`). */
  function fromTelexQuery(query) {
    return query.split(" ").map(fromTelex).join(" ");
  }

  /* A document number: a word with a digit and a "/" (45/KH-LHH, 30/2020/NĐ-CP). */
  function isNumber(word) {
    return /\d/.test(word) && word.indexOf("/") >= 0;
  }

  /* The joined pairs of the query, as plugins/search joined_pairs() writes
   * them: "Hội thảo tư vấn" → "hoithao thaotu tuvan"; punctuation breaks a
   * run, except inside a document number, whose parts pair among
   * themselves only (45/KH-LHH → 45kh khlhh; «quyết định 12/QĐ-LHH» →
   * quyetdinh 12qd qdlhh: «dinh12» is on no page that shows the number in
   * its facts). "" for a single word. */
  function joinedPairs(query) {
    var pairs = [];
    var runs = [];
    var text = [];
    query.split(/\s+/).forEach(function (word) {
      if (!isNumber(word)) return text.push(word);
      runs.push(text.join(" "), word.replace(NOT_PAIRED, " "));
      text = [];
    });
    runs.push(text.join(" "));
    runs.forEach(function (part) {
      part.split(NOT_IN_RUN).forEach(function (run) {
        var words = run.split(NOT_WORD).filter(Boolean).map(fold);
        for (var i = 0; i + 1 < words.length; i++) pairs.push(words[i] + words[i + 1]);
      });
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
    // A number's «/» typed or copied with spaces around it («Số 7 /KH-LHH»,
    // a PDF's text): the number, which its pairs find first (7/TB-LHH, with
    // «số 7» too, was listed before it).
    query = query.replace(/(\d)\s*\/\s*(?=\S)/g, "$1/");
    var pairs = joinedPairs(query);
    // A «&», «-» or «:» alone is no word: its exact search found nothing,
    // which emptied «KH & CN».
    var words = query.split(/\s+/).filter(function (word) { return HAS_WORD.test(word); });
    function byWords() {
      // One word may be a beginning («hộ» finds «hội»); of two or more,
      // the last (allFound), the others whole.
      var terms = words.length > 1 ? words.map(variants) : [];
      var searching = searchTerms(module, variants(words.join(" ")), filters, words.length === 1);
      return allFound(module, terms, searching, true);
    }
    // A number alone is found by its pairs or not at all: its words one by
    // one listed the documents that have «01» in a date for «01/KH-LHH».
    var lone = words.length === 1 && isNumber(words[0]);
    if (!pairs) return words.length ? byWords() : Promise.resolve([]);
    var each = pairs.split(" ").map(function (pair) { return [{ term: pair, weight: 1 }]; });
    return exactFirst(module, query, filters, allFound(module, each, searchTerms(module, [{ term: pairs, weight: 1 }], filters))
      .then(function (merged) { return merged.length || lone ? merged : byWords(); }));
  }

  /* `searching`'s results, the documents whose number was searched first:
   * «45/KH-LHH» listed first the plan that amends it, whose title cites
   * it. A document's page alone holds its whole number joined (45khlhh:
   * plugins/documents); a number typed with spaces («45 kh lhh») is the
   * whole query joined. Nothing is added: only the order changes. */
  function exactFirst(module, query, filters, searching) {
    var wholes = query.split(/\s+/).filter(isNumber);
    if (/\d/.test(query)) wholes.push(query);
    wholes = wholes.map(function (word) { return fold(word).replace(NOT_WORDS, ""); })
      .filter(function (whole, i, all) { return LETTER.test(whole) && all.indexOf(whole) === i; });
    if (!wholes.length) return searching;
    return searching.then(function (merged) {
      if (merged.length < 2) return merged;
      return Promise.all(wholes.map(function (whole) {
        return module.search('"' + whole + '"', { filters: filters });
      })).then(function (responses) {
        var exact = new Set();
        responses.forEach(function (response) {
          if (response) response.results.forEach(function (result) { exact.add(result.id); });
        });
        return merged.filter(function (entry) { return exact.has(entry.result.id); })
          .concat(merged.filter(function (entry) { return !exact.has(entry.result.id); }));
      });
    });
  }

  /* `searching`'s results, or none if a term (a list of variants) is not
   * a whole word of the index: Pagefind drops it or reads a beginning of
   * it («xyzabc hội» listed every «hội» page). Quoted: exact; no download.
   * The last term may be a beginning of a word, as one word alone may
   * (`begins`): it is the word being typed, and each pause in it said
   * «Không tìm thấy» («hội th» before «thảo», «kỳ lân gi»). */
  function allFound(module, terms, searching, typed) {
    return searching.then(function (merged) {
      if (!merged.length || !terms.length) return merged;
      return Promise.all(terms.map(function (term, i) {
        // A typed word with a digit may be a part of the page's word
        // (30/2020 of 30/2020/NĐ-CP) or a number typed without its Đ
        // (12/QD-LHH): no exact match; Pagefind's own reading decides.
        var digit = typed && /\d/.test(term[0].term);
        var beginning = i === terms.length - 1 && !digit;
        return searchTerms(module, term.map(function (variant) {
          return { term: digit || beginning ? variant.term : '"' + variant.term + '"', weight: 1 };
        }), {}, beginning);
      }))
        .then(function (found) {
          return found.every(function (results) { return results.length; }) ? merged : [];
        });
    });
  }

  /* Whether a result's page has a word beginning with each word of `term`
   * (folded; the hidden pairs count: «hoithao»). Finding no word that
   * begins so, Pagefind reads a shorter beginning it has: «covid» listed
   * a page with «cơ», nothing of it marked. */
  function begins(result, term) {
    var wanted = fold(term).split(NOT_WORD).filter(Boolean);
    return result.data().then(function (data) {
      var words = fold(data.content || "").split(NOT_WORD);
      return wanted.every(function (part) {
        return words.some(function (word) { return word.lastIndexOf(part, 0) === 0; });
      });
    });
  }

  /* Runs every term and merges the results: one entry per page, with its
   * best weighted score, best first. `checked`: a term counts only if its
   * best result really has its words' beginnings (one word: `begins`);
   * all its results are Pagefind's reading of a shorter word otherwise. */
  function searchTerms(module, terms, filters, checked) {
    var runs = terms.map(function (variant) {
      return module.search(variant.term, { filters: filters }).then(function (response) {
        var answer = { response: response, weight: variant.weight };
        if (!checked || !response || !response.results.length) return answer;
        return begins(response.results[0], variant.term).then(function (real) {
          return real ? answer : { response: null };
        });
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

  /* The query as the pages read: NFC, no invisible characters, one space
   * between words (the status said «hội    thảo»). */
  function typed() {
    return input.value.normalize("NFC").replace(INVISIBLE, "").replace(ETH, function (eth) { return eth === "Ð" ? "Đ" : "đ"; })
      .replace(/\s+/g, " ").trim();
  }

  /* Shows the status; reads it aloud now, or once typing pauses (QUIET_MS). */
  function say(text) {
    status.textContent = text;
    clearTimeout(sayTimer);
    var wait = quietAt - Date.now();
    if (wait > 0) sayTimer = setTimeout(function () { said.textContent = status.textContent; }, wait);
    else said.textContent = text;
  }

  /* The category applies to articles only: documents and questions have none. */
  function chosenCategory() {
    if (!category) return "";
    category.disabled = !!type && !!type.value && type.value !== "Bài viết";
    return category.disabled ? "" : category.value;
  }

  /* The filters as the status names them («trong văn bản», «trong bài viết
   * thuộc chuyên mục «X»»), and what to choose when nothing is found. */
  function filtersSaid(kind, chosen) {
    var said = kind === "Văn bản" ? " trong văn bản" : kind === "Bài viết" ? " trong bài viết"
      : kind === "Hỏi & đáp" ? " trong Hỏi & đáp" : "";
    if (chosen) said += (kind ? "" : " trong bài viết") + " thuộc chuyên mục «" + chosen + "»";
    return said;
  }

  function widerChoice(kind, chosen) {
    if (chosen) return " Hãy chọn «Tất cả chuyên mục» để tìm rộng hơn.";
    if (kind) return " Hãy chọn «" + type.options[0].text + "» để tìm rộng hơn.";
    return "";
  }

  function counted() {
    var count = list.children.length;
    return (count < total ? "Đã hiện " + numbers.format(count) + " trong " : "")
      + numbers.format(total) + " kết quả cho «" + shown + "»" + where + ".";
  }

  /* The excerpt: EXCERPT_WORDS words of the page text (after the hidden
   * pairs), from a little before the first place where the query's words
   * follow each other (else the first query word), with <mark> around each
   * word equal to a query word once both are folded (hoi marks Hội). A word
   * is a run of letters and digits: «15/10/2023,» is 15, 10 and 2023, so
   * «15/10», «156.000» and «covid» mark the date, the sum and «COVID-19»
   * (whole, they matched no query word: nothing marked, and the excerpt
   * began at the top of the page). Text nodes only: nothing of the page
   * is parsed as HTML. */
  function excerptNodes(content, query) {
    var at = content.indexOf(PAIRS_MARKER);
    var words = content.slice(at + 1).trim().split(/\s+/).filter(Boolean);
    var wanted = query.split(NOT_WORD).filter(Boolean).map(fold);
    var spots = []; // each word's runs, folded, in page order: {at: its word, run}
    words.forEach(function (word, i) {
      word.split(NOT_WORD).forEach(function (run) { if (run) spots.push({ at: i, run: fold(run) }); });
    });
    // Where the query's words follow each other, a dash or other sign
    // between them passed over («Đoàn kết – Đổi mới»).
    var hit = -1;
    for (var i = 0; hit < 0 && i < spots.length; i++) {
      if (wanted.every(function (w, k) { return spots[i + k] && spots[i + k].run === w; })) hit = spots[i].at;
    }
    var first = spots.find(function (spot) { return wanted.indexOf(spot.run) >= 0; });
    if (hit < 0 && first) hit = first.at;
    var start = Math.max(0, Math.min(hit - 4, words.length - EXCERPT_WORDS));
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var fragment = document.createDocumentFragment();
    var text = start > 0 ? "…" : "";
    for (var j = start; j < end; j++) {
      // Signs and runs alternate (split keeps the runs): the runs at odd places.
      words[j].split(WORD_RUN).forEach(function (piece, k) {
        if (k % 2 && wanted.indexOf(fold(piece)) >= 0) {
          fragment.appendChild(document.createTextNode(text));
          fragment.appendChild(element("mark", "", piece));
          text = "";
        } else {
          text += piece;
        }
      });
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
    // A question's page is the index's only: its url is its place on Hỏi & đáp.
    link.href = (data.meta && data.meta.url) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = data.meta || {};
    var facts = [["date", meta.date], ["category", meta.category],
      ["number", meta.number && "Số " + meta.number],
      // A document no longer in force (Replaced_by:, Expired:): still found, marked.
      ["status", meta.status]].filter(function (fact) { return fact[1]; });
    if (facts.length) {
      var line = element("p", "search-result-meta");
      facts.forEach(function (fact, i) {
        if (i) line.appendChild(document.createTextNode(" · "));
        line.appendChild(element("span", "search-result-" + fact[0], fact[1]));
      });
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
    var first = null;
    /* The next `count` results, off `pending` once shown (a failed
     * fragment leaves them for the next «Xem thêm»). */
    function show(count) {
      var entries = pending.slice(0, count);
      return Promise.all(entries.map(function (entry) { return entry.result.data(); }))
        .then(function (all) {
          if (current !== generation) return;
          pending.splice(0, entries.length);
          entries.forEach(function (entry) { shownIds.add(entry.result.id); });
          all.forEach(function (data) {
            var item = renderResult(data, shown);
            list.appendChild(item);
            first = first || item.querySelector("a");
          });
        });
    }
    return show(1)
      .then(function () { return current === generation && show(PAGE_SIZE - 1); })
      .then(function () {
        if (current !== generation) return null;
        more.hidden = pending.length === 0;
        return first;
      });
  }

  function run() {
    var query = typed();
    var kind = type ? type.value : "";
    var chosen = chosenCategory();
    var current = ++generation;
    shown = query;
    pending = [];
    shownIds = new Set();
    list.textContent = "";
    list.hidden = true;
    more.hidden = true;
    fallback.hidden = true;
    document.title = query ? "«" + query + "» – " + baseTitle : baseTitle;
    if (!query) {
      say("");
      return;
    }
    if (!supported) {
      say("Trình duyệt này quá cũ nên không chạy được chức năng tìm kiếm — hãy cập nhật trình duyệt "
        + "(hoặc mở trang bằng Chrome, Safari mới).");
      fallback.hidden = false;
      return;
    }
    say("Đang tìm…");
    var filters = {};
    if (chosen) filters.category = chosen;
    if (kind) filters.type = kind;
    asked = { query: query, filters: filters };
    where = filtersSaid(kind, chosen);
    var telex = "";
    loadPagefind(broken)
      .then(function (module) {
        return searchAll(module, query, filters).then(function (merged) {
          // Nothing found: typed in Telex with the Vietnamese keyboard off?
          var read = fromTelexQuery(query);
          if (merged.length || read === query || current !== generation) return merged;
          return searchAll(module, read, filters).then(function (found) {
            if (found.length) {
              telex = read;
              shown = read;
              asked.query = read;
            }
            return found;
          });
        });
      })
      .then(function (merged) {
        if (current !== generation) return;
        broken = false;
        if (!merged.length) {
          // What to try next: the wider filter, else the spelling and fewer
          // words, and the ways the menu and the archive offer (the
          // fallback line): «Không tìm thấy» alone left a reader nowhere.
          say("Không tìm thấy kết quả nào cho «" + query + "»" + where + "."
            + (widerChoice(kind, chosen) || " Hãy kiểm tra chính tả, hoặc thử ít từ hơn."));
          fallback.hidden = false;
          return;
        }
        total = merged.length;
        pending = merged;
        list.hidden = false;
        return showMore(current).then(function () {
          if (current !== generation) return;
          say((telex ? "Không tìm thấy «" + query + "»; có phải bạn gõ Telex khi chưa bật tiếng Việt? " : "")
            + numbers.format(total) + " kết quả cho «" + shown + "»" + where + ".");
        });
      })
      .catch(function () {
        if (current !== generation) return;
        broken = true;
        say("Không tải được chức năng tìm kiếm (mạng chậm hoặc mất kết nối). Vui lòng thử lại sau.");
        fallback.hidden = false;
      });
  }

  /* Keeps the address in step with the form, so reload and back work. */
  function remember() {
    var params = new URLSearchParams();
    if (typed()) params.set("q", typed());
    if (type && type.value) params.set("loai", type.value);
    if (chosenCategory()) params.set("chuyen-muc", category.value);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    quietAt = 0; // «Tìm» or Enter: what it finds is read at once
    remember();
    run();
    // On a touch screen the keyboard stayed open over the results (on a
    // 390 × 664 phone none showed): «Tìm» closes it. A mouse and keyboard
    // keep the focus in the box.
    if (window.matchMedia && matchMedia("(pointer: coarse)").matches) input.blur();
  });
  function later() {
    clearTimeout(timer);
    quietAt = Date.now() + QUIET_MS;
    timer = setTimeout(function () { remember(); run(); }, DEBOUNCE_MS);
  }
  /* A word still being composed (Gboard's and iOS's Vietnamese keyboards
   * underline it until a space; an IME on a computer) is searched once it
   * is committed: each pause inside it searched a half-written syllable
   * («hộ», «hội t»), said «Không tìm thấy» and downloaded its index
   * chunks. «Tìm» or Enter commits the word and submits. */
  input.addEventListener("input", function (event) {
    clearTimeout(timer);
    if (!event.isComposing) later();
  });
  input.addEventListener("compositionend", later);
  input.addEventListener("focus", function () {
    if (supported) loadPagefind().catch(function () {}); // warm up while the reader types
  }, { once: true });
  [category, type].forEach(function (select) {
    if (select) select.addEventListener("change", function () { quietAt = 0; remember(); run(); });
  });
  /* After a failure: the search again in a new instance, less the shown. */
  function retried(current) {
    if (!broken) return Promise.resolve();
    return loadPagefind(true)
      .then(function (module) { return searchAll(module, asked.query, asked.filters); })
      .then(function (merged) {
        if (current !== generation) return;
        broken = false;
        pending = merged.filter(function (entry) { return !shownIds.has(entry.result.id); });
      });
  }

  more.addEventListener("click", function () {
    var current = generation;
    quietAt = 0;
    retried(current).then(function () { return showMore(current); }).then(function (first) {
      if (current === generation) say(counted());
      if (first) first.focus();
    }).catch(function () {
      if (current !== generation) return;
      broken = true;
      more.hidden = false; // what was not shown stays: the button tries again
      say("Không tải được thêm kết quả (mạng chậm hoặc mất kết nối). Bấm «Xem thêm kết quả» để thử lại.");
    });
  });

  var params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").normalize("NFC");
  [[category, "chuyen-muc"], [type, "loai"]].forEach(function (pair) {
    var wanted = (params.get(pair[1]) || "").normalize("NFC");
    if (!pair[0] || !wanted) return;
    Array.prototype.forEach.call(pair[0].options, function (option) {
      if (option.value === wanted) pair[0].value = wanted;
    });
  });
  chosenCategory();
  if (typed()) run();
})();
