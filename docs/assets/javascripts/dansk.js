/*
 * Danish letters folded to one spelling, for the search (workers/search-da.js,
 * which loads this file with importScripts) and for the words a search result
 * highlights on its page (fremhaevning.js): the index, the query and the page
 * are folded alike.
 *
 * One spelling for every way a Danish reader types a letter: æ, ae, ä and a are
 * all "a"; ø, oe, ö and o are all "o"; å, aa and a are all "a"; ü is "y"; é is "e".
 * So "logstrup", "loegstrup" and "lögstrup" find Løgstrup, and "velfard" and
 * "aldrerad" find velfærd and ældreråd.
 */
/* exported danskFold */
function danskFold(text) {
  return text
    .replace(/[æä]/g, "a").replace(/[øö]/g, "o").replace(/å/g, "a")
    .replace(/ü/g, "y").replace(/é/g, "e")
    .replace(/ae/g, "a").replace(/oe/g, "o").replace(/aa/g, "a")
}
