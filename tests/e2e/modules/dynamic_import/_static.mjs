console.log("_static evaluated");
export const tag = "static";
