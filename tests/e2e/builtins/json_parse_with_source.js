// JSON.rawJSON / JSON.isRawJSON and the reviver's { source } context (json-parse-with-source).
const seen = [];
const v = JSON.parse('{"big": 12345678901234567890, "s": "a\\u0062", "arr": [1.0, true], "d": 1, "d": 2}',
  (k, v, ctx) => { seen.push(`${k}=${JSON.stringify(ctx)}`); return k === "big" ? BigInt(ctx.source) : v; });
console.log(seen.join(" "));
console.log(typeof v.big, String(v.big), v.d);
const raw = JSON.rawJSON("12345678901234567890");
console.log(JSON.isRawJSON(raw), JSON.isRawJSON({}), Object.getPrototypeOf(raw), Object.isFrozen(raw));
console.log(JSON.stringify({ n: raw, list: [JSON.rawJSON('"x"'), JSON.rawJSON("null")] }));
for (const bad of ["", " 1", "{}", "[1]", "1 2"]) {
  try { JSON.rawJSON(bad); } catch (e) { console.log(JSON.stringify(bad), e.name); }
}
// The source is dropped once the reviver replaces a value before it is visited.
console.log(JSON.stringify(JSON.parse("[1, 2]", function (k, v, { source }) {
  if (k === "0") this[1] = 3;
  return k === "" ? v : `${v}:${source}`;
})));
console.log(JSON.rawJSON.length, JSON.isRawJSON.name);
