// Text is text: fail if the frontend parses strings as HTML anywhere (innerHTML and friends).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment)\b/;
const offenders = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|js)$/.test(name)) {
      readFileSync(path, "utf8")
        .split("\n")
        .forEach((line, i) => banned.test(line) && offenders.push(`${path}:${i + 1}: ${line.trim()}`));
    }
  }
}
walk("js");
if (offenders.length) {
  console.error(`HTML parsing of strings is banned in js/ (use textContent):\n${offenders.join("\n")}`);
  process.exit(1);
}
console.log("no HTML strings in js/");
