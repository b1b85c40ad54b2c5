console.log("_dyn: evaluated");
export const answer = 7;
