/* Names for two widgets Django's admin scripts build without one (axe: serious):
   - the box of an autocomplete field (select2): its combobox is named by the field's label;
   - the magnifier icon of a two-list selection box: an aria-label on a plain span is not
     allowed, so the icon becomes an image with that name.
   Runs after Django's own scripts (they build these on "load"); nothing else changes. */
(function () {
  "use strict";

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var box = select.nextElementSibling;
      var combobox = box && box.querySelector(".select2-selection");
      if (!label || !combobox) {
        return;
      }
      // Select2 names the box by the chosen value only (empty before a choice): the
      // field's label first, then the value.
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var names = (combobox.getAttribute("aria-labelledby") || "").split(/\s+/);
      if (names.indexOf(label.id) === -1) {
        combobox.setAttribute("aria-labelledby", [label.id].concat(names).join(" ").trim());
      }
      // The chosen value inside it is a read-only textbox of its own: the same name.
      var value = combobox.querySelector(".select2-selection__rendered[id]");
      if (value && !value.hasAttribute("aria-labelledby")) {
        value.setAttribute("aria-labelledby", label.id + " " + value.id);
      }
    });
  }

  function nameFilterIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function label() {
    nameAutocompletes(document);
    nameFilterIcons(document);
  }

  window.addEventListener("load", function () {
    window.setTimeout(label, 0);
  });
  document.addEventListener("formset:added", function () {
    window.setTimeout(label, 0);
  });
})();
