export const label = "static";
