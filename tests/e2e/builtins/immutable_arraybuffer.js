// Immutable ArrayBuffers (immutable-arraybuffer proposal): transferToImmutable,
// sliceToImmutable, and every write path refusing them.
"use strict";
const src = new Uint8Array([1, 2, 3, 4]).buffer;
const ib = src.transferToImmutable();
console.log(src.detached, ib.immutable, ib.resizable, ib.byteLength, ib.maxByteLength, new ArrayBuffer(1).immutable);
const ta = new Uint8Array(ib);
console.log(Array.from(ta), JSON.stringify(Object.getOwnPropertyDescriptor(ta, 0)));
const tries = {
  assign: () => { ta[0] = 9; },
  fill: () => ta.fill(0),
  set: () => ta.set([7]),
  sort: () => ta.sort(),
  reverse: () => ta.reverse(),
  copyWithin: () => ta.copyWithin(0, 1),
  dataView: () => new DataView(ib).setUint8(0, 1),
  atomics: () => Atomics.store(new Int32Array(new ArrayBuffer(4).transferToImmutable()), 0, 1),
  defineOther: () => Object.defineProperty(ta, 0, { value: 5 }),
  transfer: () => ib.transfer(),
  resize: () => ib.resize(1),
  setFromHex: () => ta.setFromHex("ff"),
};
for (const [name, f] of Object.entries(tries)) {
  try { f(); console.log(name, "no error"); } catch (e) { console.log(name, e.name); }
}
console.log(Array.from(ta), Reflect.set(ta, 0, 1), Reflect.defineProperty(ta, 0, { value: 1 }));
console.log(Object.isFrozen(Object.freeze(new Uint8Array(ib))), ta.map((x) => x * 2).join(), ta.subarray(1).join());
const sl = new Uint8Array([5, 6, 7, 8]).buffer.sliceToImmutable(1, -1);
console.log(sl.immutable, Array.from(new Uint8Array(sl)));
console.log(ArrayBuffer.prototype.transferToImmutable.length, ArrayBuffer.prototype.sliceToImmutable.length);
