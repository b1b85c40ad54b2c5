export const x = 1;
export function y() { return 2; }
