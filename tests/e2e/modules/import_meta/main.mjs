import { depUrl, depMeta } from "./_dep.mjs";
const url = import.meta.url;
console.log(typeof import.meta, Object.getPrototypeOf(import.meta), typeof url);
console.log(url.startsWith("file://"), url.endsWith("/import_meta/main.mjs"), depUrl.endsWith("/import_meta/_dep.mjs"));
console.log(import.meta === import.meta, depMeta === import.meta);
console.log(url.slice(0, url.lastIndexOf("/")) === depUrl.slice(0, depUrl.lastIndexOf("/")));
import.meta.custom = "writable";
console.log(import.meta.custom);
