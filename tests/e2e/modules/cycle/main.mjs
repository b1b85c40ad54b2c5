import { a, bump, readB } from "./_a.mjs";
import { b, bFn, setB } from "./_b.mjs";
console.log("main: a =", a, "b =", b);
bump();
setB("b-set");
console.log("main after updates: a =", a, "b =", b, "readB() =", readB());
console.log(bFn());
