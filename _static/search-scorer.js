/*
 * How the search box ranks its results (conf.py: html_search_scorer). Sphinx puts this file into
 * language_data.js, which the search page loads after searchtools.js, so this Scorer is the one used.
 *
 * Sphinx's own scores stand, with two changes that let the pages' `.. index::` entries say what
 * each page is about:
 *
 * 1. A glossary definition comes right after a page that indexes the same word. Both are index
 *    entries of the same score, and Sphinx would list the glossary first only because "Glossary"
 *    sorts before "I want ...". Someone who types "WebSocket" wants the page that shows one; the
 *    definition follows it.
 * 2. A question of several words counts the index entries it contains. Sphinx matches an index
 *    entry only against the whole question, so "put Twisted behind nginx" never meets the entry
 *    "nginx"; here each entry of a page's `.. index::` directives found in the question, as whole
 *    words, raises that page's full-text result above pages that merely mention the words. A
 *    glossary term counts for half as much: "what is a Deferred" finds the definition, but "Athena
 *    COMET" finds the page about what replaced them before the glossary that defines both.
 * 3. A page is listed once, at its best result. Sphinx lists a page's index entry or glossary term
 *    ("reactor", at its place in the page) and the page's full-text result apart, so the glossary
 *    came twice in a row; the search below keeps the best of each page's results.
 * 4. Among results of equal score, the page about the guide itself (Contributing) comes last: it
 *    speaks of every scenario, and "which tool" should not find it second by the alphabet.
 */

var Scorer = {
  // Sphinx's defaults (sphinx/themes/basic/static/searchtools.js), unchanged.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // What one index entry found in the question adds to a page's full-text result: more than the
  // difference between a word in a title (15) and a word in the text (5), even for a glossary term,
  // which adds half. Sphinx 8.1 (Python 3.10) does not take "what" for a stop word, so "what is a
  // Deferred" meets every scenario page's "What the original cheat-sheet said" as a title word.
  indexedWord: 22,
  definedWord: 11,

  aboutTheGuide: ["guide/contributing"],

  score: ([docName, title, anchor, descr, score, filename, kind]) => {
    if (anchor.startsWith("#term-")) return score - 1; // 1.
    if (kind !== "text") return score;
    if (Scorer.aboutTheGuide.includes(docName)) score -= 1; // 4.
    const question = ` ${Scorer._words(new URLSearchParams(window.location.search).get("q") || "")} `;
    const doc = Search._index.docnames.indexOf(docName);
    for (const [entry, places] of Object.entries(Search._index.indexentries)) {
      if (!question.includes(` ${Scorer._words(entry)} `)) continue;
      for (const [file, id] of places) {
        if (file !== doc) continue;
        score += String(id).startsWith("term-") ? Scorer.definedWord : Scorer.indexedWord; // 2.
        break;
      }
    }
    return score;
  },

  // "Server-Sent Events?" and "server-sent events" compare equal: lower case, words only.
  _words: (text) => text.toLowerCase().split(/[^\p{Letter}\p{Number}_]+/u).filter((w) => w).join(" "),
};

// 3. Sphinx's search returns its results worst first (the page shows them by pop()): keep, for
// each page, the last one, its best.
if (typeof Search !== "undefined" && Search._performSearch) {
  const performSearch = Search._performSearch;
  Search._performSearch = (...args) => {
    const seen = new Set();
    return performSearch(...args).reverse().filter(([docName]) => !seen.has(docName) && seen.add(docName)).reverse();
  };
}
