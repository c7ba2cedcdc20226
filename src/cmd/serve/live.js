// jaring serve's live reload, added to preview pages only: the page loads
// again after each rebuild; a failed rebuild's problems, as the terminal
// shows them, cover the page (the last site that built) until it is fixed.
(() => {
  const events = new EventSource("/__jaring/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (event) => {
    document.getElementById("jaring-problems")?.remove();
    const overlay = document.createElement("section");
    overlay.id = "jaring-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "jaring-problems-title");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1rem;" +
      "background:#18181b;color:#fafafa;font:14px/1.5 monospace;";
    const title = document.createElement("h2");
    title.id = "jaring-problems-title";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#fca5a5;";
    title.textContent =
      "The site does not build. Below this is the last version that did; fix the problems and save.";
    const hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.style.cssText = "min-width:44px;min-height:32px;margin-bottom:.5rem;";
    hide.addEventListener("click", () => overlay.remove());
    const problems = document.createElement("pre");
    problems.style.cssText = "margin:0;white-space:pre;overflow-x:auto;";
    problems.textContent = event.data;
    overlay.append(title, hide, problems);
    document.body.append(overlay);
    hide.focus();
  });
})();
