// Tree-shaking sample: `gannet compile --tree-shake main.ts` must print the same as `gannet run main.ts`.
import { add, PI } from "./lib/math.ts";
import { greet } from "./lib/strings.ts";
import * as colors from "./lib/colors.ts";
import { unusedImport } from "./lib/unused.ts";
import "./lib/side.ts";
import { Shape } from "./lib/shapes.ts";

export function main(): void {
  console.log(add(2, 3), PI.toFixed(2));
  console.log(greet("shaker"));
  console.log(Object.keys(colors).sort().join(","));
  const s = new Shape(3);
  console.log(s.area().toFixed(1));
}

main();
const lazy = await import("./lib/lazy.ts");
console.log(lazy.later());
