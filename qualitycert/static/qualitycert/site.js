// The site's only script, loaded from our origin (the Content-Security-Policy
// allows no inline script): a language menu that switches on change.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
