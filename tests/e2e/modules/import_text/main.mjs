// `with { type: "text" }`: the file's contents as the default export.
import text from "./_note.txt" with { type: "text" };
import * as ns from "./_note.txt" with { type: "text" };
import json from "./_data.json" with { type: "json" };
import jsonText from "./_data.json" with { type: "text" };

console.log(JSON.stringify(text));
console.log(ns.default === text, Object.keys(ns).join(","));
console.log(typeof json, json.n);
console.log(typeof jsonText, jsonText.trim());
const again = await import("./_note.txt", { with: { type: "text" } });
console.log("import() gives the same module:", again === ns);
try {
  await import("./_note.txt", { with: { type: "text", mode: "x" } });
} catch (e) {
  console.log("unsupported attribute:", e.name);
}
