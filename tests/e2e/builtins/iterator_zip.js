// Iterator.zip / Iterator.zipKeyed (joint-iteration proposal).
const j = (it) => JSON.stringify([...it]);
console.log(j(Iterator.zip([[1, 2, 3], ["a", "b"]])));
console.log(j(Iterator.zip([[1, 2, 3], ["a", "b"]], { mode: "longest", padding: [0, "-"] })));
console.log(j(Iterator.zip([[1], [2, 3]], { mode: "longest" })));
try { [...Iterator.zip([[1], [2, 3]], { mode: "strict" })]; } catch (e) { console.log(e.name); }
console.log(j(Iterator.zip([[1, 2], [3, 4]], { mode: "strict" })));
console.log(j(Iterator.zipKeyed({ x: [1, 2], y: new Set([3, 4, 5]) })));
const r = Iterator.zipKeyed({ a: [1], b: [] }, { mode: "longest", padding: { b: "pad" } }).next().value;
console.log(Object.getPrototypeOf(r), JSON.stringify(r));
const log = [];
const mk = (name) => ({ next() { return { done: false, value: name }; }, return() { log.push(name); return {}; } });
const z = Iterator.zip([mk("p"), mk("q")]);
console.log(JSON.stringify(z.next().value), JSON.stringify(z.return()), log.join());
try { Iterator.zip([1]); } catch (e) { console.log(e.name); }
try { Iterator.zip([], { mode: "loose" }); } catch (e) { console.log(e.name); }
console.log(Iterator.zip.length, Iterator.zipKeyed.name, String(Iterator.zip([])));
