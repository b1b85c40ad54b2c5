console.log("a syntax error anywhere means nothing runs");
const ok = 1;
const broken = (1 + ;
console.log("never printed");
