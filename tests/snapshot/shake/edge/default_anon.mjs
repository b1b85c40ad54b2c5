export default function () { return "anonymous default"; }
export function extra() { return "extra"; }
