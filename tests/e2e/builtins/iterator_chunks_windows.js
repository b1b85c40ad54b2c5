// Iterator.prototype.chunks / windows (iterator-chunking proposal).
function* g(n) { for (let i = 0; i < n; i++) yield i; }
console.log(JSON.stringify([...g(7).chunks(3)]), JSON.stringify([...g(6).chunks(2)]));
console.log(JSON.stringify([...g(5).windows(3)]), JSON.stringify([...g(2).windows(3)]));
console.log(JSON.stringify([...g(2).windows(3, "allow-partial")]), JSON.stringify([...g(0).chunks(1)]));
const w = g(4).windows(2);
const a = w.next().value, b = w.next().value;
console.log(a !== b, JSON.stringify(a), JSON.stringify(b), w.toString());
for (const bad of [0, 1.5, "2", 2 ** 32]) {
  try { g(1).chunks(bad); } catch (e) { console.log(String(bad), e.name); }
}
try { g(1).windows(2, "partial"); } catch (e) { console.log(e.name); }
console.log(Iterator.prototype.chunks.length, Iterator.prototype.windows.length, Iterator.prototype.windows.name);
