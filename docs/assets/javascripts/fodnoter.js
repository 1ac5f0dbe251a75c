/*
 * Previews of notes and terms: a citation ("Allentoft 2017") shows its reference
 * from Kilder, a glossary term its definition, without leaving the sentence.
 * Every link with the class footnote-ref previews the element its #address
 * names (a note, or a definition the page keeps in .begreb-forklaringer).
 *
 * With a mouse: the preview opens when the pointer is on the link and stays
 * while the pointer moves into it (so "Læs mere i Begreber" can be clicked);
 * a click follows the link. With a keyboard: focus opens it, Escape closes it.
 * On a touch screen the first tap opens the preview without leaving the
 * sentence, and a second tap on the same link follows it.
 *
 * Why hand-written, in place of Material's content.footnote.tooltips: Material
 * builds a tooltip for every such link when the page loads (a chapter has some
 * seventy), which kept a phone's main thread busy for 0.1–0.3 s (Lighthouse,
 * total blocking time); these previews are made when one is opened, from one
 * set of listeners on the document.
 */
(function () {
  "use strict"
  var touch = window.matchMedia("(hover: none)")
  var preview = null // the open preview
  var owner = null // the link it belongs to
  var closing = 0

  function target(link) {
    var hash = link.hash ? decodeURIComponent(link.hash.slice(1)) : ""
    return hash && document.getElementById(hash)
  }

  function open(link) {
    if (owner === link) return
    close()
    var source = target(link)
    if (!source) return
    preview = document.createElement("div")
    preview.className = "forhaandsvisning md-typeset"
    preview.id = "forhaandsvisning"
    var copy = source.cloneNode(true) // a note's <li>, a definition's <div> or <p>: what is inside
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (e) { e.removeAttribute("id") })
    while (copy.firstChild) preview.appendChild(copy.firstChild)
    document.body.appendChild(preview)
    place(preview, link)
    owner = link
    link.setAttribute("aria-describedby", preview.id)
    preview.addEventListener("mouseenter", function () { clearTimeout(closing) })
    preview.addEventListener("mouseleave", later)
  }

  function place(box, link) {
    var rect = link.getClientRects()[0] || link.getBoundingClientRect()
    var width = Math.min(document.documentElement.clientWidth - 16, 360)
    box.style.width = width + "px"
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8))
    var below = window.innerHeight - rect.bottom
    var top = below >= box.offsetHeight + 8 || below >= rect.top
      ? rect.bottom + 6
      : rect.top - box.offsetHeight - 6
    box.style.left = left + window.scrollX + "px"
    box.style.top = Math.max(window.scrollY + 8, top + window.scrollY) + "px"
  }

  function close() {
    clearTimeout(closing)
    if (owner) owner.removeAttribute("aria-describedby")
    if (preview) preview.remove()
    preview = owner = null
  }

  function later() {
    clearTimeout(closing)
    closing = setTimeout(close, 250)
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest("a.footnote-ref") : null
  }

  document.addEventListener("mouseover", function (event) {
    if (touch.matches) return
    var link = linkOf(event)
    if (link) { clearTimeout(closing); open(link) }
  })
  document.addEventListener("mouseout", function (event) {
    if (linkOf(event) && !(event.relatedTarget instanceof Node && preview && preview.contains(event.relatedTarget)))
      later()
  })
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event)
    if (link && !touch.matches) open(link) // on a touch screen the tap itself decides (click)
    else if (!link && !(preview && preview.contains(event.target))) close()
  })
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && preview) { var link = owner; close(); link.focus() }
  })
  document.addEventListener("click", function (event) {
    var link = linkOf(event)
    if (link && touch.matches && owner !== link) {
      event.preventDefault() // the first tap previews; the second follows the link
      open(link)
    } else if (!link && preview && !preview.contains(event.target)) {
      close()
    }
  }, true)
})()
