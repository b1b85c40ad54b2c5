export * from "./_a.mjs";
export * from "./_b.mjs";
