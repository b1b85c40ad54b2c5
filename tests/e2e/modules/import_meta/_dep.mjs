export const depUrl = import.meta.url;
export const depMeta = import.meta;
