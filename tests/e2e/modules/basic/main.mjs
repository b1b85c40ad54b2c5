import defaultFn, { PI, square as sq, mutable, setMutable, Calc, renamedExport } from "./_math.mjs";
import * as math from "./_math.mjs";
import values, { named } from "./_values.mjs";
import { default as alsoValues } from "./_values.mjs";
import Anon from "./_anon_default.mjs";
import answer from "./_expr_default.mjs";
console.log(PI, sq(4), defaultFn(), defaultFn.name, renamedExport, new Calc().add(2, 3));
console.log(values.kind, named, alsoValues === values);
console.log(new Anon().hello(), Anon.name, answer);
console.log(mutable);
setMutable("changed");
console.log(mutable, math.mutable);
console.log(Object.keys(math).join(","));
console.log(Object.prototype.toString.call(math), math[Symbol.toStringTag], Object.getPrototypeOf(math));
console.log(math.default === defaultFn, math.square === sq, "internal" in math, Object.isFrozen(math), Object.isSealed(math));
try { math.PI = 3; } catch (e) { console.log("assign to namespace:", e.name); }
try { math.newProp = 1; } catch (e) { console.log("extend namespace:", e.name); }
try { delete math.PI; } catch (e) { console.log("delete from namespace:", e.name); }
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(math, "PI")));
try { PI = 4; } catch (e) { console.log("assign to import:", e.name); }
