console.log("_throws: evaluated");
export const x = 1;
throw new Error("boom");
