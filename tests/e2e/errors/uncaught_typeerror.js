console.log("before the error");
const notAFunction = 42;
notAFunction();
console.log("never printed");
