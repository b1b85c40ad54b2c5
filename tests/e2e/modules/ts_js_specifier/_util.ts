export interface Greeting { text: string }
export type Shout = (s: string) => string;
export const shout: Shout = (s: string): string => s.toUpperCase() + "!";
export function greet(name: string): Greeting { return { text: `hello ${name}` }; }
export enum Level { Low = 1, High = 10 }
