function onlyTypeof() {}
export function usesTypeof() { return typeof onlyTypeof; }
function a() { return b(); }
function b() { return a(); }
export function deadCycle() { return a(); }
var re = 1;
var re = 2;
export { re as redeclared };
