const buf = new ArrayBuffer(8);
const u8 = new Uint8Array(buf);
const dv = new DataView(buf);
dv.setUint32(0, 0x01020304);
dv.setUint32(4, 0x01020304, true);
console.log(buf.byteLength, Array.from(u8).join(), dv.getUint16(0), dv.getUint16(0, true), dv.getInt8(0));
const u16 = new Uint16Array(buf, 2, 2);
console.log(u16.length, u16.byteOffset, u16.byteLength, u16.BYTES_PER_ELEMENT, Uint16Array.BYTES_PER_ELEMENT);
const wrap = new Uint8Array([255, 256, 257, -1, 1.9]);
console.log(wrap.join(), new Int8Array([127, 128, 255]).join(), new Uint8ClampedArray([300, -5, 1.5, 2.5]).join());
const f32 = new Float32Array([1.1, 0.5]);
console.log(f32[0], f32[1], new Float64Array([1.1])[0], new Int32Array([2 ** 31]).join(), new Uint32Array([-1]).join());
const big = new BigInt64Array([2n ** 63n, -1n]);
console.log(big.join(), new BigUint64Array([-1n]).join());
const sub = u8.subarray(2, 4);
sub[0] = 99;
console.log(u8[2], sub.length, u8.slice(2, 4).buffer === buf, sub.buffer === buf);
const copy = new Uint8Array(4);
copy.set([1, 2], 1);
copy.set(new Uint8Array([9]), 3);
console.log(copy.join(), Uint8Array.from("123", Number).join(), Uint8Array.of(4, 5).join());
const ta = new Int16Array([5, -3, 10, 0]);
console.log(ta.map((x) => x * 2).join(), ta.filter((x) => x > 0).join(), ta.sort().join(), ta.reduce((a, b) => a + b), ta.indexOf(10), ta.includes(-3));
console.log(Object.prototype.toString.call(ta), ta instanceof Int16Array, ArrayBuffer.isView(ta), ArrayBuffer.isView(buf), Array.isArray(ta));
console.log(new Float64Array([NaN, -0, Infinity]).map((x) => x).join(), new Float64Array([3, -1, NaN, -0, 0]).sort().join());
try { new Uint8Array(-1); } catch (e) { console.log("negative length:", e.name); }
try { new Uint16Array(buf, 1); } catch (e) { console.log("misaligned:", e.name); }
console.log(buf.slice(4).byteLength, new Uint8Array(buf.slice(6)).join(), new Uint8Array(3).fill(7, 1).join());
const dv2 = new DataView(new ArrayBuffer(16));
dv2.setFloat64(0, Math.PI);
dv2.setBigInt64(8, -2n);
console.log(dv2.getFloat64(0), String(dv2.getBigInt64(8)), String(dv2.getBigUint64(8)), dv2.getUint8(8), dv2.getFloat32(0).toFixed(4));
try { dv2.getUint32(14); } catch (e) { console.log("out of bounds:", e.name); }
const resizable = [...new Uint8Array([1, 2, 3]).entries()].map(([i, v]) => i * v).join();
console.log(resizable, [...new Uint8Array([1, 2]).keys()].join());
