// Search: a dialog over the Pagefind index in pagefind/. Nothing is fetched until a visitor
// opens it (the button, "/" or Ctrl/Cmd-K); without JavaScript the button stays hidden.
(() => {
  const button = document.querySelector("[data-search-index]");
  if (!button || typeof HTMLDialogElement !== "function") return;
  const bundle = new URL(button.dataset.searchIndex, document.baseURI); // …/pagefind/, works under /repo/
  const siteRoot = new URL("../", bundle);
  const FILTERS = [["year", "Year"], ["type", "Type"], ["category", "Category"]];
  const SHOWN = 20;
  let dialog, input, statusLine, list, engine, opener, asked = 0;
  const selects = {};

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  }

  function makeDialog() {
    dialog = element("dialog", { class: "search-dialog", "aria-labelledby": "search-title" });
    const frame = element("div", { class: "search-frame" });
    const top = element("div", { class: "search-top" });
    top.append(element("h2", { id: "search-title" }, "Search the papers"));
    const close = element("button", { type: "button", class: "search-close" }, "Close");
    close.addEventListener("click", () => dialog.close());
    top.append(close);
    const form = element("form", { class: "search-form", role: "search", "aria-label": "Papers" });
    form.append(element("label", { for: "search-input" }, "Words to find"));
    input = element("input", { id: "search-input", type: "search", autocomplete: "off", spellcheck: "false",
                               enterkeyhint: "search", "aria-describedby": "search-status" });
    form.append(input);
    const filters = element("div", { class: "search-filters" });
    form.append(filters);
    form.addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", run);
    statusLine = element("p", { id: "search-status", class: "search-status", role: "status" });
    list = element("ol", { class: "search-results", "aria-label": "Results" });
    frame.append(top, form, statusLine, list);
    dialog.append(frame);
    // A click on the backdrop (outside the frame) closes the dialog, like Escape does.
    dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); dialog.close(); } // also from a search field or a select
    });
    dialog.addEventListener("close", () => { if (opener && opener.isConnected) opener.focus(); });
    document.body.append(dialog);
    return filters;
  }

  async function loadEngine(filters) {
    statusLine.textContent = "Loading the search index…";
    try {
      engine = await import(new URL("pagefind.js", bundle).href);
      await engine.options({ excerptLength: 24, baseUrl: siteRoot.pathname });
      await engine.init();
      const known = await engine.filters();
      for (const [key, label] of FILTERS) {
        const values = Object.keys(known[key] || {});
        if (!values.length) continue;
        values.sort((a, b) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b)));
        const wrapper = element("label", { class: "search-filter" }, label + " ");
        const select = element("select", { "data-filter": key });
        select.append(element("option", { value: "" }, "Any"));
        for (const value of values) select.append(element("option", { value }, value));
        select.addEventListener("change", run);
        wrapper.append(select);
        filters.append(wrapper);
        selects[key] = select;
      }
      statusLine.textContent = "Type a word, or choose a filter.";
      run(); // words typed while the index loaded
    } catch (error) {
      engine = null;
      statusLine.textContent = "Search is not available: the site has no search index.";
    }
  }

  function chosenFilters() {
    const chosen = {};
    for (const [key, select] of Object.entries(selects)) if (select.value) chosen[key] = select.value;
    return chosen;
  }

  // Pagefind's excerpts mark the matched words with <mark>; only text and those marks are kept.
  function excerptNode(html) {
    const paragraph = element("p", { class: "search-excerpt" });
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
    for (const part of parsed.childNodes) {
      if (part.nodeName === "MARK") paragraph.append(element("mark", {}, part.textContent));
      else paragraph.append(document.createTextNode(part.textContent));
    }
    return paragraph;
  }

  async function run() {
    if (!engine) return;
    const ticket = ++asked;
    const term = input.value.trim();
    const filters = chosenFilters();
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      statusLine.textContent = "Type a word, or choose a filter.";
      return;
    }
    const found = await engine.search(term || null, { filters });
    const results = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket !== asked) return; // a newer query is on its way
    list.replaceChildren(...results.map((data) => {
      const item = element("li");
      const link = element("a", { href: new URL(data.url, siteRoot).href },
                           (data.meta && data.meta.title) || data.url);
      item.append(link, excerptNode(data.excerpt || ""));
      return item;
    }));
    const count = found.results.length;
    statusLine.textContent = count === 0 ? "No paper matches." :
      `${count} ${count === 1 ? "paper" : "papers"} found` + (count > SHOWN ? `; the first ${SHOWN} are shown.` : ".");
  }

  function open() {
    const active = document.activeElement;
    opener = active instanceof HTMLElement && active !== document.body ? active : button;
    if (!dialog) loadEngine(makeDialog());
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  button.hidden = false;
  button.addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    const shortcut = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
    if (shortcut || (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target))) {
      event.preventDefault();
      open();
    }
  });
})();
