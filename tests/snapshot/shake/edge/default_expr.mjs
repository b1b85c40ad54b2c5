export default "default value";
export const other = (() => { console.log("iife in default_expr runs"); return 1; })();
