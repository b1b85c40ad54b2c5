class ValidationError extends Error {
  constructor(message) { super(message); this.name = "ValidationError"; }
}
function validate(x) { if (x < 0) throw new ValidationError("negative input: " + x); return x; }
console.log(validate(1));
validate(-5);
