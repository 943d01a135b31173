// Tokenizes every shipped design and the guide's designs with the TextMate grammar, and checks
// that the grammar understands each of them: no kind, attribute key or escape that it does not
// know, and every statement's first word classified.

"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.resolve(__dirname, "..", "..", "..");
const grammarPath = path.resolve(__dirname, "..", "syntaxes", "arch.tmLanguage.json");

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath),
  });
  return registry.loadGrammar("source.arch");
}

/** Every token of `text` as `{ line, text, scopes }`. */
function tokenize(grammar, text) {
  const tokens = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) {
      tokens.push({ line: index + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

function designs() {
  const files = fs
    .readdirSync(path.join(root, "examples"))
    .filter((f) => f.endsWith(".arch"))
    .map((f) => path.join(root, "examples", f));
  const language = path.join(root, "tests", "fixtures", "language");
  for (const f of fs.readdirSync(language).filter((f) => f.endsWith(".arch"))) {
    files.push(path.join(language, f));
  }
  files.push(path.join(root, "docs", "tiny.arch"));
  return files;
}

test("the shipped designs exist", () => {
  assert.ok(designs().length >= 7, designs().join(", "));
});

test("every shipped design tokenizes with known kinds, keys and escapes only", async () => {
  const grammar = await loadGrammar();
  for (const file of designs()) {
    const name = path.relative(root, file);
    const tokens = tokenize(grammar, fs.readFileSync(file, "utf8"));
    for (const t of tokens) {
      const leaf = t.scopes[t.scopes.length - 1];
      const where = `${name}:${t.line}: ${JSON.stringify(t.text)} is ${leaf}`;
      assert.ok(!leaf.startsWith("invalid."), where);
      assert.ok(!leaf.endsWith(".unknown.arch"), where);
      assert.notStrictEqual(leaf, "storage.type.arch", where);
    }
    const kinds = tokens.filter((t) => t.scopes.some((s) => s.startsWith("storage.type.")));
    assert.ok(kinds.length > 0, `${name}: no declaration was recognised`);
  }
});

test("a link's endpoints are references and its arrow an operator", async () => {
  const grammar = await loadGrammar();
  const tokens = tokenize(grammar, "app-1, app-2 -> db-1 | db-2 ~> mon : mysql");
  const scopeOf = (text) => tokens.find((t) => t.text === text).scopes.at(-1);
  assert.strictEqual(scopeOf("app-1"), "variable.other.element.arch");
  assert.strictEqual(scopeOf("db-2"), "variable.other.element.arch");
  assert.strictEqual(scopeOf("->"), "keyword.operator.arrow.request.arch");
  assert.strictEqual(scopeOf("~>"), "keyword.operator.arrow.no-request.arch");
  assert.strictEqual(scopeOf("|"), "keyword.operator.alternative.arch");
  assert.strictEqual(scopeOf("mysql"), "support.type.protocol.arch");
});
