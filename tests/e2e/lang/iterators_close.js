function makeIterable(name, n) {
  return {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next() { i++; return i <= n ? { value: i, done: false } : { value: undefined, done: true }; },
        return(v) { console.log(`${name}: return() called after ${i}`); return { done: true, value: v }; },
      };
    },
  };
}
for (const x of makeIterable("break", 5)) { if (x === 2) break; }
function early() { for (const x of makeIterable("return", 5)) { if (x === 3) return x; } }
console.log("early returned", early());
try { for (const x of makeIterable("throw", 5)) { throw new Error("loop error " + x); } } catch (e) { console.log(e.message); }
for (const x of makeIterable("exhausted", 2)) {}
console.log("no return() on exhaustion");
const [a, b] = makeIterable("destructure", 5);
console.log(a, b);
const [all1, ...restAll] = makeIterable("rest", 3);
console.log(all1, restAll.join(","));
outer: for (const x of makeIterable("outer", 3)) {
  for (const y of makeIterable("inner", 3)) { if (y === 2) continue outer; }
}
function* g() { try { yield 1; yield 2; } finally { console.log("generator finally"); } }
for (const v of g()) { console.log("gen value", v); break; }
const arrIt = [1, 2, 3][Symbol.iterator]();
console.log(JSON.stringify(arrIt.next()), typeof arrIt.return);
const arr = [1, 2, 3];
const seen = [];
for (const x of arr) { seen.push(x); if (x === 1) arr.push(4); }
console.log(seen.join(","));
const m = new Map([["a", 1]]);
const mseen = [];
for (const [k] of m) { mseen.push(k); if (k === "a") m.set("b", 2); }
console.log(mseen.join(","));
console.log(Array.from(makeIterable("from", 3)).join(","));
console.log(Array.from({ length: 3 }, (_, i) => i * i).join(","));
const iterResult = makeIterable("manual", 1)[Symbol.iterator]();
console.log(JSON.stringify(iterResult.next()), JSON.stringify(iterResult.next()));
try { for (const x of 5) {} } catch (e) { console.log("not iterable:", e.name); }
const throwingNext = { [Symbol.iterator]() { return { next() { throw new Error("next threw"); }, return() { console.log("not called"); } }; } };
try { for (const x of throwingNext) {} } catch (e) { console.log(e.message); }
