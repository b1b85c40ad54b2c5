import "./_shared.mjs";
console.log("eval _first");
