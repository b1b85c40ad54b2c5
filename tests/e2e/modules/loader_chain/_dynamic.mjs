export const value = "dynamic, loaded at run time";
