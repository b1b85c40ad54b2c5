import { nothing } from "./_does_not_exist.mjs";
console.log("never printed", nothing);
