// Edge cases for --tree-shake: each must behave exactly as without shaking.
import { first } from "./edge/order_a.mjs";
import { live, inc } from "./edge/live.mjs";
import { pick } from "./edge/star.mjs";
import data from "./edge/data.json" with { type: "json" };
import { Child, tag } from "./edge/classes.mjs";
import { usesTypeof } from "./edge/refs.mjs";
import * as unusedNs from "./edge/ns_unused.mjs";
import { viaCycle } from "./edge/cycle_a.mjs";
import { evalUser } from "./edge/evals.mjs";
import def from "./edge/default_expr.mjs";
import anon from "./edge/default_anon.mjs";

console.log(first());
inc();
inc();
console.log("live", live);
console.log(pick);
console.log(data.name);
console.log(new Child().who(), tag);
console.log(usesTypeof());
console.log(viaCycle());
console.log(evalUser("helper"));
console.log(def, anon());
