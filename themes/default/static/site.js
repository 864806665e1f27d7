// Progressive enhancements only: every page works without this file.
const SCHEME_KEY = "scholarsite-scheme";

function currentScheme() {
  const chosen = document.documentElement.dataset.scheme;
  if (chosen === "dark" || chosen === "light") return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function setUpSchemeToggle() {
  const button = document.querySelector(".scheme-toggle");
  if (!button) return;
  const show = () => button.setAttribute("aria-pressed", String(currentScheme() === "dark"));
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    const next = currentScheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.scheme = next;
    try { localStorage.setItem(SCHEME_KEY, next); } catch (error) { /* private mode: this page only */ }
    show();
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
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
