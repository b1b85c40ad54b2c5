// Source-phase imports: a JavaScript module has no source representation, so
// `import source` of one is a SyntaxError when linking (before anything runs)
// and `import.source()` rejects with one; neither evaluates the module.
try {
  await import.source("./_plain.mjs");
} catch (e) {
  console.log("import.source:", e.name);
}
try {
  await import("./_static_source.mjs");
} catch (e) {
  console.log("import source declaration:", e.name);
}
console.log("_plain evaluated:", globalThis.plainEvaluated === true);
const plain = await import("./_plain.mjs");
console.log("_plain evaluated after import():", globalThis.plainEvaluated, plain.kind);
