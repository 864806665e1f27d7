// Renders a CSL-JSON file in APA with citeproc-js; prints {id: plain-text entry} as JSON.
// Usage: node citeproc_apa.js publications.json   (NODE_PATH must reach tools/node_modules)
"use strict";
const fs = require("fs");
const CSL = require("citeproc");
const styles = require("@citation-js/plugin-csl/lib/styles.json");
const locales = require("@citation-js/plugin-csl/lib/locales.json");

const items = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const engine = new CSL.Engine(
  { retrieveLocale: (lang) => locales[lang] || locales["en-US"], retrieveItem: (id) => byId[id] },
  styles.apa, "en-US");
engine.setOutputFormat("text");
engine.updateItems(Object.keys(byId));
const [meta, entries] = engine.makeBibliography();
const rendered = {};
meta.entry_ids.forEach((ids, index) => { rendered[ids[0]] = entries[index].trim(); });
process.stdout.write(JSON.stringify(rendered));
