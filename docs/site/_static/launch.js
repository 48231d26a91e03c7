// "JupyterHub" launch links: the reader's own hub address, typed once and kept in this browser.
// Without JavaScript, or before a hub is given, the link goes to the instructions instead.
document.addEventListener("DOMContentLoaded", function () {
  var KEY = "nnteach-hub-url";
  function apply(hub) {
    document.querySelectorAll("a.nnteach-launch-hub").forEach(function (a) {
      if (hub) { a.href = hub.replace(/\/+$/, "") + a.dataset.hubPath; }
    });
  }
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
  apply(stored);
  document.querySelectorAll(".nnteach-hub-form").forEach(function (form) {
    form.hidden = false;
    if (stored) { form.elements.hub.value = stored; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var hub = form.elements.hub.value.trim();
      try { window.localStorage.setItem(KEY, hub); } catch (e) { /* storage disabled */ }
      apply(hub);
    });
  });
});
