export const a = "a";
export const shared = "shared from a";
export default "default of a";
