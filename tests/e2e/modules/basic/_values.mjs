const value = { kind: "default object" };
export default value;
export const named = "named from values";
