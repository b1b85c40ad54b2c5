import source plainSource from "./_plain.mjs";
console.log("_static_source: evaluated (unexpected)", plainSource);
