export function thisInFunction() { return this; }
export const topThis = this;
