export const b = "b";
export const shared = "shared from b";
