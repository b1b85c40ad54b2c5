import { format } from "./_lib/_format.mjs";
import { format as viaParent } from "../lib_dir/_lib/_format.mjs";
import * as inner from "./_lib/_inner/../_inner/_consts.mjs";
console.log(format("nested relative imports work"));
console.log(format === viaParent, inner.PREFIX);
