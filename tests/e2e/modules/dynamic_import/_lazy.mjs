console.log("_lazy evaluated");
export const value = "lazy value";
export default function lazyDefault() { return "lazy default"; }
