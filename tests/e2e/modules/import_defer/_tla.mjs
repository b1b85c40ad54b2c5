console.log("_tla: start");
await null;
console.log("_tla: end");
export const ready = true;
