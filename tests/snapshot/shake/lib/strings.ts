export * from "./strings_impl.ts";
export { shout as yell } from "./strings_impl.ts";
