export * from "./_a.mjs";
export * from "./_b.mjs";
export * as nsA from "./_a.mjs";
export { b as renamedB } from "./_b.mjs";
export { default as aDefault2 } from "./_a.mjs";
export { a as shared } from "./_a.mjs";
