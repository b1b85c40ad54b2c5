function f1() { try { return "try"; } finally { console.log("finally runs"); } }
console.log(f1());
function f2() { try { return "try"; } finally { return "finally"; } }
console.log(f2());
function f3() { try { throw new Error("lost"); } finally { return "finally swallowed error"; } }
console.log(f3());
function f4() { try { throw new Error("first"); } catch (e) { throw new Error("from catch"); } finally { console.log("f4 finally"); } }
try { f4(); } catch (e) { console.log(e.message); }
function f5() { try { throw new Error("orig"); } finally { throw new Error("finally error"); } }
try { f5(); } catch (e) { console.log(e.message); }
function f6() { let x = 1; try { return x; } finally { x = 2; } }
console.log(f6());
function f7() { const o = { v: 1 }; try { return o; } finally { o.v = 2; } }
console.log(f7().v);
for (let i = 0; i < 3; i++) { try { if (i === 1) continue; if (i === 2) break; console.log("body", i); } finally { console.log("finally", i); } }
try { JSON.parse("{"); } catch { console.log("optional catch binding"); }
function nested() {
  try {
    try { throw new Error("inner"); } finally { console.log("inner finally"); }
  } catch (e) { console.log("outer caught", e.message); return "nested done"; } finally { console.log("outer finally"); }
}
console.log(nested());
function countFinally() { let i = 0; while (true) { try { if (++i === 3) return i; } finally { if (i < 3) continue; } } }
console.log(countFinally());
function breakInFinally() { for (;;) { try { return "returned"; } finally { break; } } return "break won"; }
console.log(breakInFinally());
const r = (() => { try { throw 1; } catch (e) { return "catch " + e; } finally { console.log("after catch"); } })();
console.log(r);
try { try { throw "x"; } catch (e) { throw e + "y"; } } catch (e) { console.log(e); }
let completion = eval("try { 'try value' } finally { 'finally value' }");
console.log(completion);
function* genFinally() { try { yield 1; } finally { console.log("gen cleanup"); } }
for (const _ of genFinally()) break;
try { null.x; } catch ({ name, constructor }) { console.log(name, constructor === TypeError); }
