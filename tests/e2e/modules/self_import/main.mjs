// A module that imports itself gets its own (already evaluated) namespace;
// the last expression statement is not the module's result, so the import
// does not wait on its own promise.
export let count = 0;
count++;
console.log("evaluated", count);
import("./main.mjs").then((self) => console.log("self import sees count", self.count, self[Symbol.toStringTag]));
