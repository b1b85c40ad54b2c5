function infinite(n) { return infinite(n + 1) + 1; }
try {
  infinite(0);
  console.log("no error?!");
} catch (e) {
  console.log("caught:", `${e.name}: ${e.message}`);
  console.log(e instanceof RangeError);
}
function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
console.log("depth 5000 ok:", deep(5000));
const mutualA = (n) => mutualB(n);
const mutualB = (n) => mutualA(n + 1);
try { mutualA(0); } catch (e) { console.log("mutual:", e instanceof RangeError); }
let depth = 0;
function measure() { depth++; measure(); }
try { measure(); } catch (e) { console.log("measured more than 1000 frames:", depth > 1000); }
const selfRef = {};
selfRef.toString = function () { return String(this); };
try { String(selfRef); } catch (e) { console.log("toString recursion:", e.name); }
function recurseInFinally(n) { try { return recurseInFinally(n + 1); } finally { } }
try { recurseInFinally(0); } catch (e) { console.log("through finally:", e.name); }
class Deep { constructor(n) { this.child = new Deep(n + 1); } }
try { new Deep(0); } catch (e) { console.log("constructor recursion:", e.name); }
console.log("still running:", deep(100));
