/*
 * Previews on a touch screen: the first tap on a note marker (or a glossary
 * term, also a .footnote-ref) shows the reference or the definition in
 * Material's preview without leaving the sentence; a second tap on the same
 * marker follows it, to the note in Kilder or the entry on Begreber. With a
 * mouse or a keyboard nothing changes (hover and focus preview, a click jumps).
 */
(function () {
  "use strict"
  var touch = window.matchMedia("(hover: none)")
  var armed = null
  document.addEventListener("click", function (event) {
    var marker = event.target instanceof Element && event.target.closest("a.footnote-ref")
    if (!marker || !touch.matches) return
    if (marker !== armed) {
      event.preventDefault()
      armed = marker
      marker.focus() // Material opens the preview on focus
    } else {
      armed = null
    }
  }, true)
})()
