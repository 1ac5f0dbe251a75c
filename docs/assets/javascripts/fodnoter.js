/*
 * Citations on a touch screen: the first tap on a note marker shows the
 * reference in Material's preview without leaving the sentence; a second tap
 * on the same marker follows it to the note in Kilder. With a mouse or a
 * keyboard nothing changes (hover and focus show the preview, a click jumps).
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
