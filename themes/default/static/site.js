// Progressive enhancements only: every page works without this file.
const SCHEME_KEY = "scholarsite-scheme";
// One press moves to the next choice: light → dark → the system's setting → light.
const SCHEMES = ["light", "dark", "system"];
const SCHEME_WORDS = {light: "Light", dark: "Dark", system: "System"};

function chosenScheme() {
  const chosen = document.documentElement.dataset.scheme;
  return chosen === "dark" || chosen === "light" ? chosen : "system";
}

function setUpSchemeToggle() {
  const button = document.querySelector(".scheme-toggle");
  if (!button) return;
  const label = button.querySelector(".scheme-label");
  const show = () => {
    const now = chosenScheme();
    const next = SCHEMES[(SCHEMES.indexOf(now) + 1) % SCHEMES.length];
    button.dataset.current = now;
    if (label) label.textContent = SCHEME_WORDS[now];
    // The name starts with the visible words and says what a press does.
    button.setAttribute("aria-label", `${SCHEME_WORDS[now]} colour scheme; switch to ${next === "system" ? "the system's" : SCHEME_WORDS[next].toLowerCase()}`);
  };
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    const next = SCHEMES[(SCHEMES.indexOf(chosenScheme()) + 1) % SCHEMES.length];
    if (next === "system") delete document.documentElement.dataset.scheme;
    else document.documentElement.dataset.scheme = next;
    try {
      if (next === "system") localStorage.removeItem(SCHEME_KEY);
      else localStorage.setItem(SCHEME_KEY, next);
    } catch (error) { /* private mode: this page only */ }
    show();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpSchemeToggle();
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    if (!navigator.clipboard) continue;
    const status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copyTarget);
      try {
        await navigator.clipboard.writeText(source.textContent);
        if (status) status.textContent = "Copied to the clipboard.";
      } catch {
        if (status) status.textContent = "Copying failed; select the text instead.";
      }
    });
  }
});
