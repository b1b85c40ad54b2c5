export interface HasArea {
  area(): number;
}
export class Shape implements HasArea {
  constructor(private r: number) {}
  area(): number {
    return this.r * this.r * 3;
  }
}
export class Square extends Shape {}
export enum Kind {
  Round,
  Flat,
}
