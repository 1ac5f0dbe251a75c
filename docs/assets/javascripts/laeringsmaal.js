/*
 * On a phone a chapter's learning goals start folded, so the chapter's own text
 * begins on the first screen; a tap on "Læringsmål" opens them. Wider screens
 * and pages without script show them open (the box is written "???+", open).
 * The width is Material's breakpoint for the phone layout (the drawer menu).
 */
(function () {
  "use strict"
  if (!window.matchMedia("(max-width: 44.9375em)").matches) return
  document.querySelectorAll("details.laeringsmaal[open]").forEach(function (box) {
    box.removeAttribute("open")
  })
})()
