/*
 * "Citér denne side": the day the reader copies or downloads the reference is
 * its access date ("Hentet …", BibTeX urldate, RIS Y2). The HTML carries the
 * build date (data-accessed on the block), so a reference is never without a
 * date; this script puts the reader's own day in its place in the visible
 * reference, the copy button's text and the two downloads, on load and again
 * at each click (a page can stay open overnight). A chapter's print-only
 * handout cover (partials/handout-cover.html) carries the same reference.
 * The block: overrides/partials/cite-block.html; the texts:
 * scripts/relationel_velfaerd/citation_metadata.py.
 */
(function () {
  "use strict"
  var MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli",
    "august", "september", "oktober", "november", "december"]

  function pad(n) { return (n < 10 ? "0" : "") + n }
  function forms(day) {
    return {
      words: day.getDate() + ". " + MONTHS[day.getMonth()] + " " + day.getFullYear(),
      iso: day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate()),
      ris: day.getFullYear() + "/" + pad(day.getMonth() + 1) + "/" + pad(day.getDate())
    }
  }
  function fromIso(text) {
    var parts = text.split("-")
    return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]))
  }
  function swap(text, from, to) { return text.split(from).join(to) }
  function dataUrl(href, change) {
    var comma = href.indexOf(",")
    return href.slice(0, comma + 1) + encodeURIComponent(change(decodeURIComponent(href.slice(comma + 1))))
  }

  function update(block) {
    var was = forms(fromIso(block.getAttribute("data-accessed")))
    var now = forms(new Date())
    if (was.iso === now.iso) return
    var text = function (value) { return swap(value, "Hentet " + was.words + " fra", "Hentet " + now.words + " fra") }
    var reference = block.querySelector(".citer__reference")
    if (reference) reference.textContent = text(reference.textContent)
    var button = block.querySelector("[data-clipboard-text]")
    if (button) button.setAttribute("data-clipboard-text", text(button.getAttribute("data-clipboard-text")))
    block.querySelectorAll("a[href^='data:']").forEach(function (link) {
      link.setAttribute("href", dataUrl(link.getAttribute("href"), function (file) {
        file = swap(file, "urldate      = {" + was.iso + "}", "urldate      = {" + now.iso + "}")
        return swap(file, "Y2  - " + was.ris, "Y2  - " + now.ris)
      }))
    })
    block.setAttribute("data-accessed", now.iso)
  }

  function all() { document.querySelectorAll("[data-accessed]").forEach(update) }
  all()
  // Capture: before Material's clipboard handler reads the text and before a download starts.
  document.addEventListener("click", function (event) {
    var block = event.target instanceof Element && event.target.closest(".citer[data-accessed]")
    if (block) all()
  }, true)
})()
