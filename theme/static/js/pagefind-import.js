/* The search page's import of Pagefind (an ES module), loaded by
   search.html as type="module" before search.js, which calls it.
   import() is a syntax error before Chrome 63 and Safari 11.1: in
   search.js it lost the whole script on a phone whose WebView never
   updates (nothing said after «Tìm»). Here it loses only this file, on
   browsers where search.js says the search cannot run (canSearch). */
window.importPagefind = function (url) {
  return import(url);
};
