// A rejection that is handled later in the same tick is not an unhandled rejection.
const p = Promise.reject(new Error("handled later"));
p.catch((e) => console.log("handled:", e.message));
console.log("exit code must be 0");
