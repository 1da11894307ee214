// Helper of scripts/check_compat.py (run by node with NODE_PATH=tests/node/node_modules).
// Reads {"browsers": [...], "css": [paths], "js": [paths], "ecma": 2017} on stdin and writes JSON:
//   css: every feature doiuse reports against the browsers (feature, title, missing, partial, line);
//   js:  a parse at the ECMAScript level, and uses of newer built-ins the parse cannot see.
"use strict";
const fs = require("fs");
const postcss = require("postcss");
const doiuse = require("doiuse");
const acorn = require("acorn");

// built-ins newer than the oldest core we support (Chromium 69), by the property or global name
const NEWER_APIS = {
  Segmenter: "Intl.Segmenter (Chromium 87)", replaceAll: "String.prototype.replaceAll (Chromium 85)",
  hasOwn: "Object.hasOwn (Chromium 93)", allSettled: "Promise.allSettled (Chromium 76)",
  fromEntries: "Object.fromEntries (Chromium 73)", matchAll: "String.prototype.matchAll (Chromium 73)",
  findLast: "Array.prototype.findLast (Chromium 97)", findLastIndex: "Array.prototype.findLastIndex (Chromium 97)",
  globalThis: "globalThis (Chromium 71)", structuredClone: "structuredClone (Chromium 98)",
  any: "Promise.any (Chromium 85)",
};

function walk(node, visit) {
  if (!node || typeof node.type !== "string") return;
  visit(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
    else if (value && typeof value.type === "string") walk(value, visit);
  }
}

function checkJs(path, ecma) {
  const source = fs.readFileSync(path, "utf8");
  let tree;
  try {
    tree = acorn.parse(source, { ecmaVersion: ecma, sourceType: "script", locations: true });
  } catch (e) {
    return { file: path, error: e.message, apis: [] };
  }
  const apis = [];
  walk(tree, (node) => {
    let name = null;
    if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
      name = node.property.name;
      if (name === "any" && !(node.object.type === "Identifier" && node.object.name === "Promise")) name = null;
    } else if (node.type === "Identifier" && (node.name === "globalThis" || node.name === "structuredClone")) {
      name = node.name;
    }
    if (name && Object.prototype.hasOwnProperty.call(NEWER_APIS, name)) {
      apis.push({ api: NEWER_APIS[name], line: node.loc.start.line });
    }
  });
  return { file: path, error: null, apis };
}

async function checkCss(path, browsers) {
  const found = [];
  const plugin = doiuse({
    browsers,
    onFeatureUsage: (usage) => {
      const start = (usage.usage && usage.usage.source && usage.usage.source.start) || {};
      found.push({ file: path, feature: usage.feature, title: usage.featureData.title,
                   missing: usage.featureData.missing || "", partial: usage.featureData.partial || "",
                   line: start.line || 0, column: start.column || 0 });
    },
  });
  await postcss([plugin]).process(fs.readFileSync(path, "utf8"), { from: path });
  return found;
}

async function main() {
  const job = JSON.parse(fs.readFileSync(0, "utf8"));
  const css = [];
  for (const path of job.css) css.push(...(await checkCss(path, job.browsers)));
  const js = job.js.map((path) => checkJs(path, job.ecma));
  process.stdout.write(JSON.stringify({ css, js }));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
