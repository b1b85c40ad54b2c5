// A module with a direct eval: nothing in it is removed (eval may name anything).
function helper() { return "helper"; }
export function evalUser(name) { return eval("'eval ran for ' + " + JSON.stringify(name)); }
export function notUsedButEvalPresent() { return helper(); }
