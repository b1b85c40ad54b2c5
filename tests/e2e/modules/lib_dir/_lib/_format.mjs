import { PREFIX } from "./_inner/_consts.mjs";
export const format = (s) => `${PREFIX}${s}`;
