"""In-page checks that need a real browser: keyboard use and reflow.

Used through ``gates``; kept apart only to keep each module short.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urldefrag

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Installed into the page before tabbing.  It lists the elements the keyboard
# should reach, in tab order, with how each looks unfocused, and logs every
# focus change with the style at that moment, so the whole walk costs one
# round trip per Tab.  Transitions are finished before styles are read, so a
# ring that fades in is judged by its final state.
_FOCUS_PLAN_JS = r"""() => {
  const describe = (el) => {
    if (!el || el === document.body) return 'the page body';
    let text = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
    if (el.classList.length) text += '.' + [...el.classList].join('.');
    if (el.hasAttribute('href')) text += `[href="${el.getAttribute('href')}"]`;
    const label = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
    return label ? `${text} "${label.slice(0, 40)}"` : text;
  };
  const ring = (el) => {
    for (const a of el.getAnimations()) { try { a.finish(); } catch (e) {} }
    const s = getComputedStyle(el);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
            color: s.outlineColor, shadow: s.boxShadow};
  };
  const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  const shown = (r) => (r.style !== 'none' && r.width > 0 && !transparent(r.color))
                       || r.shadow !== 'none';
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, '
                 + 'summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const reachable = [...document.querySelectorAll(selector)].filter((el) =>
      el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]')
      && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  // A group of radio buttons is one tab stop: its checked button, else its first (HTML's
  // focus navigation; arrow keys move within the group).
  const groupStop = (el) => {
    if (el.type !== 'radio' || !el.name) return true;
    const group = reachable.filter((other) => other.type === 'radio' && other.name === el.name
                                              && other.form === el.form);
    return el.checked || (!group.some((other) => other.checked) && group[0] === el);
  };
  const stops = reachable.filter(groupStop);
  const positive = stops.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  const plan = positive.concat(stops.filter((el) => el.tabIndex === 0))
                       .map((el) => ({el, before: ring(el)}));
  let log = [], offset = 0;
  document.addEventListener('focusin', (e) => log.push({el: e.target, ring: ring(e.target)}), true);
  // Skip ahead: focus stop `i` from script (keyboard modality is kept, so it
  // still shows :focus-visible) and compare the Tabs that follow from i + 1.
  window.__focusJump = (i) => { plan[i].el.focus(); log = []; offset = i + 1; };
  window.__focusReport = (presses) => {
    const problems = [];
    for (let k = 0; k < presses && offset + k < plan.length; k++) {
      if (k >= log.length) {
        problems.push(`Tab stop ${offset + k + 1}: expected ${describe(plan[offset + k].el)} but `
                      + `focus is on ${describe(document.activeElement)}`);
        break;
      }
      const i = offset + k, want = plan[i], got = log[k];
      if (got.el !== want.el) {
        problems.push(`Tab stop ${i + 1}: expected ${describe(want.el)} but focus went to `
                      + describe(got.el));
        break;  // the order is off; later comparisons would all be noise
      }
      const r = got.ring;
      if (!shown(r) || JSON.stringify(r) === JSON.stringify(want.before))
        problems.push(`Tab stop ${i + 1}: ${describe(want.el)} has no visible focus indicator `
                      + `(outline ${r.style} ${r.width}px ${r.color}; box-shadow ${r.shadow})`);
    }
    return problems;
  };
  return plan.length;
}"""


def _fresh_load(page: Page) -> str:
    """Reload without the fragment so focus starts at the top of the document."""
    url = urldefrag(page.url).url
    page.goto(url)
    return url


def skip_link_problems(page: Page) -> list[str]:
    """First Tab must reach a visible skip link; Enter must move focus into #main."""
    url = _fresh_load(page)
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const el = document.activeElement, r = el.getBoundingClientRect();
        return {skip: el.matches('a.skip-link[href="#main"]'),
                visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                         && r.top < innerHeight && r.left < innerWidth,
                what: el.outerHTML.slice(0, 120)};
    }""")
    if not first["skip"]:
        return [f"{url}: first Tab focuses {first['what']!r}, not a.skip-link[href='#main']"]
    problems = [] if first["visible"] else [f"{url}: skip link is focused but not on screen"]
    page.keyboard.press("Enter")
    landed = page.evaluate("""() => {
        const main = document.querySelector('main#main');
        if (!main) return 'there is no <main id="main">';
        if (main.getAttribute('tabindex') !== '-1') return '<main id="main"> lacks tabindex="-1"';
        const el = document.activeElement;
        return main.contains(el) ? null : 'focus is on ' + el.outerHTML.slice(0, 120);
    }""")
    if landed:
        problems.append(f"{url}: after Enter on the skip link {landed}")
    return problems


def focus_ring_problems(page: Page, max_stops: int = 120) -> list[str]:
    """Tab through the focusable elements; each must get focus in turn and show a ring.

    Pages with more than ``max_stops`` stops (a 300-paper list has ~1000) are
    checked at both ends, the first and last ``max_stops / 2`` stops: long
    lists repeat one template, and a Tab costs a browser round trip.
    """
    url = _fresh_load(page)
    count = page.evaluate(_FOCUS_PLAN_JS)
    head = count if count <= max_stops else max_stops // 2
    problems = _tab_and_report(page, head)
    if head < count and not problems:
        page.evaluate("(i) => window.__focusJump(i)", count - max_stops // 2 - 1)
        problems = _tab_and_report(page, max_stops // 2)
    return [f"{url}: {problem}" for problem in problems]


def _tab_and_report(page: Page, presses: int) -> list[str]:
    for _ in range(presses):
        page.keyboard.press("Tab")
    return page.evaluate("(presses) => window.__focusReport(presses)", presses)


def reflow_problems(page: Page) -> list[str]:
    """Content wider than the viewport (WCAG 1.4.10 Reflow, which axe does not check).

    To say where the fix goes it names the likely causes: words and media too
    wide for half the viewport that reach past its edge.  (Everything they
    stretch sticks out too, but is not the cause.)
    """
    found = page.evaluate("""() => {
        const root = document.documentElement, limit = root.clientWidth + 1;
        if (root.scrollWidth <= limit) return null;
        const name = (el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}`
                             + ` "${el.textContent.trim().slice(0, 40)}"`;
        const pen = document.createElement('canvas').getContext('2d');
        const widest = (node) => {
            const s = getComputedStyle(node.parentElement);
            pen.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
            return Math.max(0, ...node.textContent.split(/\\s+/).map((w) => pen.measureText(w).width));
        };
        const causes = [], range = document.createRange();
        const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (text.nextNode() && causes.length < 3) {
            range.selectNodeContents(text.currentNode);
            if (range.getBoundingClientRect().right > limit && widest(text.currentNode) > limit / 2)
                causes.push(name(text.currentNode.parentElement));
        }
        for (const el of document.body.querySelectorAll('img, svg, video, canvas, iframe, pre, table'))
            if (el.getBoundingClientRect().width > limit / 2 && el.getBoundingClientRect().right > limit)
                causes.push(name(el));
        return `${root.scrollWidth}px wide in a ${root.clientWidth}px viewport`
               + (causes.length ? '; likely cause: ' + causes.slice(0, 3).join(', ') : '');
    }""")
    return [f"{page.url}: scrolls sideways: {found}"] if found else []
