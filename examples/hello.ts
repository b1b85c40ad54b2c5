interface Greeter {
  name: string;
  greet(who: string): string;
}

function area(radius: number): number {
  return Math.PI * radius ** 2;
}

class Gannet implements Greeter {
  constructor(public name: string, private wingspanCm: number) {}
  greet(who: string): string {
    return `Hello, ${who}! I am ${this.name}, wingspan ${this.wingspanCm} cm.`;
  }
}

const bird = new Gannet("Gannet", 180);
console.log(bird.greet("world"));
console.log(`A circle of radius 2 has area ${area(2).toFixed(2)}`);
