import { Level } from "../_util.js";
export default class Reporter {
  constructor(private readonly prefix: string) {}
  report(level: Level): string { return `${this.prefix}: ${Level[level]}`; }
}
