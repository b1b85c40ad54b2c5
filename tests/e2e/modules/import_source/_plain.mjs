globalThis.plainEvaluated = true;
export const kind = "plain module";
