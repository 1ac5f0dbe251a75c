/*
 * Danish search for Material for MkDocs: a thin wrapper around Material's own
 * search worker (why hand-written: Material 9 offers no setting for this).
 *
 * Material's search with `lang: da` stems the index with lunr's Danish
 * stemmer, but it appends a wildcard to every query term, and lunr skips the
 * stemmer for wildcard terms. So "samskabelsen" or "relationerne" only found
 * pages containing that exact form, and "laering" never found "læring".
 * This wrapper, loaded instead of Material's worker (overrides/main.html):
 *
 * 1. folds æ/ae/ä, ø/oe/ö and å/aa to one letter each (danskFold, in ../dansk.js) in the
 *    index, after Material's Danish pipeline (trimmer, stop words, stemmer) has run;
 * 2. stems and folds each word of a query with the same Danish stemmer before
 *    Material's worker sees it, so the wildcard applies to the stem.
 *
 * Material's worker, its lunr and lunr-languages are used unchanged.
 */
/* global lunr, danskFold */

const QUERY = 2 /* Material's SearchMessageType.QUERY */
const params = new URL(self.location.href).searchParams

/* Material's worker registers its message listener; ours must run first. */
self.addEventListener("message", event => {
  const message = event.data
  if (message && message.type === QUERY && typeof message.data === "string")
    message.data = danishQuery(message.data)
})
importScripts(params.get("worker"))
importScripts("../dansk.js") /* danskFold: the one folding of Danish letters, shared with the page */
const fold = danskFold

function foldToken(token) {
  return token.update(fold)
}
lunr.Pipeline.registerFunction(foldToken, "foldDanishLetters")

/* Add the fold once per index, after the pipeline lunr.da has set up. */
const add = lunr.Builder.prototype.add
lunr.Builder.prototype.add = function (doc, attributes) {
  if (!this.pipeline._stack.includes(foldToken)) {
    this.pipeline.add(foldToken)
    this.searchPipeline.add(foldToken)
  }
  return add.call(this, doc, attributes)
}

function stem(word) {
  if (!lunr.da || !lunr.da.stemmer)
    return word
  return lunr.da.stemmer(new lunr.Token(word)).toString()
}

/* Stem and fold every plain word; leave operators and field names alone. */
function danishQuery(query) {
  return query.replace(/[\p{L}\p{N}]+(?![:\p{L}\p{N}])/gu, word => {
    const lower = word.toLowerCase()
    return fold(stem(lower))
  })
}
