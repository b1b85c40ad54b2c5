export const rootName = "lib_dir";
