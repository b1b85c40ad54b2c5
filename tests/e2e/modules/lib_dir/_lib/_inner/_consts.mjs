import { rootName } from "../../_root.mjs";
export const PREFIX = `[${rootName}] `;
