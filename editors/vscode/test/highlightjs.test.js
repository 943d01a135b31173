// The highlight.js definition that the guide ships (docs/js/highlight-arch.js), run on a
// fixture under highlight.js 11 and under 10.1.1, the version mdBook bundles: kinds, keywords,
// strings, comments, arrows and values get their classes, and the vocabulary is the TextMate
// grammar's.

"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const arch = require("../../../docs/js/highlight-arch.js");
const fixture = fs.readFileSync(path.join(__dirname, "highlightjs", "fixture.arch"), "utf8");
const grammar = require("../syntaxes/arch.tmLanguage.json");

const versions = [
  ["11", require("highlight.js/lib/core"), (h, code) => h.highlight(code, { language: "arch" })],
  ["10.1.1", require("highlight.js-10/lib/core"), (h, code) => h.highlight("arch", code)],
];

const unescape = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The `[class, text]` of every innermost span of highlight.js's HTML. */
function spans(html) {
  return [...html.matchAll(/<span class="hljs-([\w-]+)">([^<]*)<\/span>/g)].map((m) => [m[1], unescape(m[2])]);
}

/** The classes that highlight.js gives `text` in the highlighted `code`. */
function classesOf(found, text) {
  return found.filter(([, t]) => t === text).map(([c]) => c);
}

/** The words of a `(a|b|c)` alternation in the TextMate grammar's pattern `match`. */
function words(match, after) {
  const start = match.indexOf(after) + after.length;
  return match.slice(start, match.indexOf(")", start)).split("|");
}

for (const [version, hljs, highlight] of versions) {
  hljs.registerLanguage("arch", arch);
  const run = (code) => spans(highlight(hljs, code).value);

  test(`highlight.js ${version}: the fixture's constructs get their classes`, () => {
    const found = run(fixture);
    const expect = (text, cls) =>
      assert.ok(classesOf(found, text).includes(cls), `${JSON.stringify(text)} should be ${cls}, got ${JSON.stringify(classesOf(found, text))}`);
    expect("# The guide's highlighting: every construct of the language once.", "comment");
    for (const k of ["title", "description", "direction", "allow", "on"]) expect(k, "keyword");
    for (const k of ["flow", "client", "zone", "cluster", "host", "web_server", "database", "service", "dns"]) expect(k, "type");
    for (const n of ["checkout", "user", "analytics-job", "az-a", "webs", "web-1", "w1", "sql", "worker"]) expect(n, "title");
    expect('"Pastebin"', "string");
    expect('"Nginx \\"1\\""', "string");
    expect('"www.foobar.com A 8.8.8.8"', "string");
    for (const a of ["access", "trusted", "failure_domain", "setup", "zone", "role", "ip", "availability", "instances", "zones", "x-team", "records", "flows"]) expect(a, "attr");
    for (const v of ["write", "true", "active-active", "primary", "media", "right"]) expect(v, "literal");
    for (const n of ["10.0.0.5", "99.95%", "2..4"]) expect(n, "number");
    for (const op of ["->", "~>", "|"]) expect(op, "operator");
    for (const p of ["https", "replication"]) expect(p, "built_in");
    expect("no-monitoring", "symbol");
  });

  test(`highlight.js ${version}: references, comments and strings are not mistaken`, () => {
    const found = run(fixture);
    // Endpoints of links, `replicates`/`zone` targets and `zones`/`flows` lists are references.
    assert.deepStrictEqual(classesOf(run("a -> b\n"), "a"), []);
    assert.deepStrictEqual(classesOf(run("host h { zone = az-a }\n"), "az-a"), []);
    assert.deepStrictEqual(classesOf(run("service s { zones = [az-a] }\n"), "az-a"), []);
    // Digits inside an identifier are no number; `allow =` in a firewall is a key.
    assert.deepStrictEqual(classesOf(run("web-01 -> db-2\n"), "01"), []);
    assert.deepStrictEqual(classesOf(run("firewall fw { allow = [\"tcp/443\"] }\n"), "allow"), ["attr"]);
    // An arrow in a comment or a string stays in it.
    assert.deepStrictEqual(classesOf(run('a -> b "x -> y" # c -> d\n'), "->"), ["operator"]);
    // Keywords are never kinds or names.
    assert.deepStrictEqual(classesOf(run("direction right\n"), "right"), ["literal"]);
    assert.deepStrictEqual(classesOf(run('allow no-https "r"\n'), "allow"), ["keyword"]);
    assert.ok(!classesOf(found, "user").includes("type"));
  });

  test(`highlight.js ${version}: every kind and key of the TextMate grammar`, () => {
    const declaration = grammar.repository.declaration.patterns;
    const kinds = [
      ...words(declaration[0].match, "\\s*("),
      ...words(declaration[1].match, "\\s*("),
      ...words(declaration[2].match, "\\s*("),
    ];
    assert.ok(kinds.includes("load_balancer") && kinds.includes("group") && kinds.includes("flow"), kinds.join());
    for (const kind of kinds) {
      assert.deepStrictEqual(classesOf(run(`${kind} x "X"\n`), kind), ["type"], kind);
    }
    const keys = words(grammar.repository.attribute.patterns[3].begin, "(?:");
    assert.ok(keys.includes("failure_domain") && keys.includes("instances"), keys.join());
    for (const key of keys) {
      assert.deepStrictEqual(classesOf(run(`service s { ${key} = 1 }\n`), key), ["attr"], key);
    }
  });
}
