/*
 * The words a search found, highlighted on the page it opens, in Danish.
 *
 * A search result opens its page with ?h=<the query>. Material's own
 * highlighter (search.highlight) marks the query's letters exactly as typed,
 * anywhere, so ?h=loegstrup marked no "Løgstrup" and ?h=velfaerdsstat marked
 * letters inside a web address. This script runs before Material's bundle
 * (overrides/main.html): it takes h out of the address, so Material's
 * highlighter does not run (and the address a reader copies is the page's
 * own), and marks each word of the text that folds (danskFold, dansk.js) to
 * a query word, or begins with it ("Løgstrups" for "loegstrup"), or that a
 * query word begins with and differs from by an ending of at most three
 * letters ("samskabelse" for "samskabelsen"). Addresses shown as text
 * ("https://…", or a link reading "loegstrup.au.dk"), code and headings'
 * permalinks are left alone.
 *
 * Why hand-written: Material's highlighter has no setting for folding.
 */
/* global danskFold */
(function () {
  var url = new URL(location.href)
  var query = url.searchParams.get("h")
  if (!query) return
  url.searchParams.delete("h")
  history.replaceState(history.state, "", url.href)

  var WORD = /[\p{L}\p{N}]+/gu
  var terms = (query.match(WORD) || [])
    .map(function (word) { return danskFold(word.toLowerCase()) })
    .filter(function (term) { return term.length > 1 })
  if (!terms.length) return

  function wanted(word) {
    var folded = danskFold(word.toLowerCase())
    return terms.some(function (term) {
      return folded.indexOf(term) === 0 ||
        (folded.length >= 4 && term.indexOf(folded) === 0 && term.length - folded.length <= 3)
    })
  }

  var SKIPPED = "code, pre, script, style, mark, .headerlink, .md-source-file, .citer"
  var ADDRESS = /^\s*(https?:\/\/|www\.)/
  var LINKED_ADDRESS = /^\s*\S+\.\S+\s*$/ /* a link's text that is an address: "loegstrup.au.dk" */
  var article = document.querySelector("article.md-content__inner")
  if (!article) return
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
  var found = []
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var parent = node.parentElement
    if (!parent || parent.closest(SKIPPED) || ADDRESS.test(node.textContent)) continue
    var link = parent.closest("a[href^='http']")
    if (link && (ADDRESS.test(link.textContent) || LINKED_ADDRESS.test(link.textContent))) continue
    found.push(node)
  }
  found.forEach(function (text) {
    var content = text.textContent
    var parts = []
    var last = 0
    content.replace(WORD, function (word, at) {
      if (wanted(word)) {
        parts.push(document.createTextNode(content.slice(last, at)))
        var mark = document.createElement("mark")
        mark.setAttribute("data-md-highlight", "")
        mark.textContent = word
        parts.push(mark)
        last = at + word.length
      }
      return word
    })
    if (!parts.length) return
    parts.push(document.createTextNode(content.slice(last)))
    text.replaceWith.apply(text, parts)
  })
})()
