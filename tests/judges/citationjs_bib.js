// Reads a BibTeX file with citation-js (plugin-bibtex); prints the CSL-JSON it understood.
// Usage: node citationjs_bib.js publications.bib   (NODE_PATH must reach tools/node_modules)
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");

// Not strict mode: it rejects @misc, a standard BibTeX type, as "invalid". The test compares
// what was understood with what the pages say, entry by entry, instead.
const cite = new Cite(fs.readFileSync(process.argv[2], "utf8"), { forceType: "@bibtex/text" });
process.stdout.write(JSON.stringify(cite.data));
