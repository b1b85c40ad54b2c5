console.log("_sync: evaluated");
export const syncValue = "sync ready";
