/*
 * Syntax highlighting of the `.arch` language for highlight.js, the highlighter of mdBook.
 *
 * In a book (`additional-js = ["js/highlight-arch.js"]` in book.toml) it registers the
 * language `arch` (alias `arch-source`) and highlights the code blocks written in it. mdBook's
 * own script highlights a page's code before additional scripts run, so this one highlights
 * its blocks itself. Under Node it exports the language definition:
 * `hljs.registerLanguage("arch", require("./highlight-arch.js"))`.
 *
 * Written for highlight.js 10.1 (bundled by mdBook) and 11: modes use only `className`,
 * `begin`, `end` and `contains`. The vocabulary is the one of the TextMate grammar in
 * `editors/vscode/syntaxes/arch.tmLanguage.json`; the tests of `editors/vscode` check that
 * both agree.
 *
 * Classes: kinds `type`, declared names `title`, statement keywords `keyword`, attribute keys
 * `attr`, strings `string`, comments `comment`, numbers, percentages, IPv4 addresses and
 * ranges `number`, words and booleans in values `literal`, arrows `->` `~>` and `|`
 * `operator`, protocols `built_in`, rule names in `allow` `symbol`.
 */
(function () {
  "use strict";

  var ID = "[A-Za-z_](?:[A-Za-z0-9_]|-(?!>))*";
  var NOT_IN_ID = "(?<![A-Za-z0-9_-])";
  var ID_ENDS = "(?![A-Za-z0-9_]|-(?!>))";
  var RESERVED = "title|description|direction|allow|on";
  var KINDS = [
    // components
    "client", "dns", "cdn", "firewall", "load_balancer", "web_server", "app_server",
    "codebase", "database", "cache", "queue", "storage", "monitoring", "service",
    // containers
    "host", "zone", "cluster", "group",
    // named flows
    "flow",
  ];
  // Where a statement starts: a line's start or after `{` or `;`, then blanks.
  var START = "(?<=(?:^|[{;])[ \\t]*)";
  // What may follow `KIND ID`: a label, a body, the statement's end or a comment.
  var DECLARATION_ENDS = "(?=[ \\t]*(?:[\"{;#}]|$))";

  function arch(hljs) {
    var comment = hljs.COMMENT("#", "$");
    var string = {
      className: "string",
      begin: '"',
      end: '"|$',
      contains: [{ begin: "\\\\." }],
    };
    var number = {
      className: "number",
      begin:
        NOT_IN_ID +
        "(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\d+\\.\\.\\d+|\\d+(?:\\.\\d+)?%?)(?![A-Za-z0-9_.%]|-(?!>))",
    };
    var word = { className: "literal", begin: NOT_IN_ID + ID };
    var elementList = {
      // `zones = [az-a, az-b]`, `flows = [checkout]`: names of elements, not values.
      begin: "(?<=" + NOT_IN_ID + "(?:zones|flows)[ \\t]*=[ \\t]*)\\[",
      end: "\\]",
      contains: [comment, string],
    };
    var list = {
      begin: "\\[",
      end: "\\]",
      contains: [comment, string, number, word],
    };
    return {
      name: "Arch",
      aliases: ["arch-source"],
      keywords: { $pattern: ID, keyword: RESERVED.split("|").join(" ") },
      contains: [
        comment,
        string,
        { className: "attr", begin: NOT_IN_ID + ID + "(?=[ \\t]*=)" },
        {
          className: "type",
          begin:
            START +
            "(?:" + KINDS.join("|") + ")" +
            "(?=[ \\t]+" + ID + DECLARATION_ENDS + ")",
        },
        { className: "literal", begin: "(?<=" + NOT_IN_ID + "direction[ \\t]+)(?:down|right)" + ID_ENDS },
        { className: "symbol", begin: "(?<=" + NOT_IN_ID + "allow[ \\t]+)(?!on" + ID_ENDS + ")" + ID },
        {
          className: "title",
          begin:
            "(?<=(?:^|[{;])[ \\t]*(?!(?:" + RESERVED + ")" + ID_ENDS + ")" + ID + "[ \\t]+)" +
            ID + DECLARATION_ENDS,
        },
        { className: "operator", begin: "->|~>|\\|" },
        { className: "built_in", begin: "(?<=:[ \\t]*)" + ID },
        // `replicates = db-1`, `zone = az-a`: the name of an element, not a value.
        { begin: "(?<=" + NOT_IN_ID + "(?:replicates|zone)[ \\t]*=[ \\t]*)" + ID },
        elementList,
        list,
        number,
        { className: "literal", begin: "(?<==[ \\t]*)" + ID },
      ],
    };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = arch;
  } else if (typeof hljs === "object") {
    hljs.registerLanguage("arch", arch);
    var blocks = document.querySelectorAll("code.language-arch, code.language-arch-source");
    for (var i = 0; i < blocks.length; i++) {
      if (hljs.highlightElement) {
        hljs.highlightElement(blocks[i]);
      } else {
        hljs.highlightBlock(blocks[i]);
      }
    }
  }
})();
