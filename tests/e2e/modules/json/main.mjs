import data from "./_data.json" with { type: "json" };
console.log(data.name, data.version, data.tags.join("+"), data.nested.ok);
const dyn = await import("./_data.json", { with: { type: "json" } });
console.log(dyn.default === data, Object.keys(dyn).join(","));
data.version = 2;
const again = await import("./_data.json", { with: { type: "json" } });
console.log("shared instance:", again.default.version);
