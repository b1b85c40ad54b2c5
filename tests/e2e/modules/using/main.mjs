// Module top-level `using` / `await using`: disposed when the module body completes,
// after its imports' resources. (Expected output by hand: node 20 has no `using`.)
import { name } from "./_dep.mjs";
await using a = {
  async [Symbol.asyncDispose]() {
    await null;
    console.log("main: disposed a");
  },
};
using b = { [Symbol.dispose]() { console.log("main: disposed b"); } };
console.log("main: body, imported", name);
Promise.resolve().then(() => console.log("main: microtask queued by the body"));
