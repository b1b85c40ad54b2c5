export class Base { who() { return "base"; } }
export class Child extends Base { who() { return "child of " + super.who(); } }
export class Lonely extends Base { static count = 1; }
export class Computed { [Symbol.iterator]() {} }
export const tag = "tag";
export class WithStatic { static { console.log("static block runs"); } }
