const data = { user: { name: "Ada", address: null, greet() { return "hi " + this.name; }, tags: ["x"] } };
console.log(data.user?.name, data.nobody?.name, data.user.address?.city, data.user?.["name"]);
console.log(data.user.greet?.(), data.user.missing?.(), data.user?.tags?.[0], data.user?.tags?.[5]?.length);
let evaluated = false;
const nothing = null;
console.log(nothing?.a.b.c.d, nothing?.[(evaluated = true)], evaluated);
console.log((nothing?.a)?.b, typeof nothing?.a);
try { (nothing?.a).b; } catch (e) { console.log("parenthesized breaks chain:", e.name); }
console.log(delete data?.user.tags, data.user.tags, delete nothing?.x);
const fnMaybe = undefined;
console.log(fnMaybe?.(1, 2));
console.log(0 ?? "default", "" ?? "default", false ?? "default", null ?? "default", undefined ?? "default");
console.log(0 || "or", 0 ?? "nullish", (null || 0) ?? "x");
let a = null, b = 0, c = 1;
a ??= "set a"; b ||= "set b"; c &&= "set c";
console.log(a, b, c);
let calls = 0;
const target = { get v() { return "present"; }, set v(x) { calls++; } };
target.v ??= "never"; target.v ||= "never"; 
console.log(calls, target.v);
const counts = {};
for (const w of ["a", "b", "a"]) { counts[w] ??= 0; counts[w]++; }
console.log(JSON.stringify(counts));
const frozen = Object.freeze({ x: 1 });
frozen.x ||= 2;
console.log(frozen.x);
let sideEffect = 0;
let notNull = "keep";
notNull ??= (sideEffect++, "replaced");
console.log(notNull, sideEffect);
class WithPriv { #p = { q: 1 }; read(o) { return o?.#p.q; } }
console.log(new WithPriv().read(new WithPriv()), new WithPriv().read(null));
const arr = null;
console.log(arr?.length ?? "no array", [1, 2]?.length ?? "no array");
console.log(data.user.greet?.call({ name: "other" }));
console.log(data?.user?.name?.toUpperCase?.()?.toLowerCase());
