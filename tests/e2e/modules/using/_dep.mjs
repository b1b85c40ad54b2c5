using r = { [Symbol.dispose]() { console.log("dep: disposed"); } };
export const name = "dep";
console.log("dep: body");
