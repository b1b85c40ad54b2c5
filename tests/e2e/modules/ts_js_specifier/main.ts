import { shout, greet, Level, type Greeting } from "./_util.js";
import type { Shout } from "./_util.js";
import Reporter from "./_lib/_more.js";
const g: Greeting = greet("ts");
const s: Shout = shout;
console.log(g.text, s("loud"), Level.High, Level[1]);
console.log(new Reporter("level").report(Level.High));
export {};
