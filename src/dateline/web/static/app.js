// dateline: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Hovering any piece of a statement lights up all its pieces and its entry in the side panel.
  function linkAttributions() {
    var pieces = document.querySelectorAll("[data-a]");
    if (!pieces.length) return;
    function toggle(id, on) {
      document.querySelectorAll('[data-a="' + id + '"]').forEach(function (el) {
        el.classList.toggle("active", on);
      });
    }
    pieces.forEach(function (el) {
      var id = el.getAttribute("data-a");
      el.addEventListener("mouseenter", function () { toggle(id, true); });
      el.addEventListener("mouseleave", function () { toggle(id, false); });
    });
  }

  // The paste box: read a chosen or dropped text file into the textarea.
  function pasteBox() {
    var form = document.getElementById("paste-form");
    if (!form) return;
    var area = document.getElementById("paste-text");
    var file = document.getElementById("paste-file");
    function isText(f) { return /\.(txt|md|markdown)$/i.test(f.name) || /^text\/plain/.test(f.type); }
    function load(f) {
      if (!f || !isText(f)) return false;
      var reader = new FileReader();
      reader.onload = function () { area.value = reader.result; file.value = ""; };
      reader.readAsText(f);
      return true;
    }
    file.addEventListener("change", function () { load(file.files[0]); });
    area.addEventListener("dragover", function (e) { e.preventDefault(); area.classList.add("dragging"); });
    area.addEventListener("dragleave", function () { area.classList.remove("dragging"); });
    area.addEventListener("drop", function (e) {
      area.classList.remove("dragging");
      var f = e.dataTransfer && e.dataTransfer.files[0];
      if (f && load(f)) e.preventDefault();
    });
    form.addEventListener("submit", function () {
      form.classList.add("busy");
      var button = document.getElementById("analyze-button");
      if (button) button.textContent = "Analyzing…";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkAttributions();
    pasteBox();
  });
})();
