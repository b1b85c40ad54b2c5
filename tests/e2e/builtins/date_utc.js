// Only UTC-based APIs: output must not depend on the machine's time zone.
const d = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123));
console.log(d.toISOString(), d.getTime(), d.valueOf() === +d, JSON.stringify(d));
console.log(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
console.log(new Date(0).toISOString(), new Date(-1).toISOString(), new Date(8.64e15).toISOString());
console.log(Date.parse("2000-01-01T00:00:00Z"), Date.parse("2000-01-01T00:00:00.500+01:00"), Date.parse("2000-01-01"), Date.UTC(1970, 0, 1));
console.log(new Date("2020-06-15T12:00:00Z").getTime(), new Date(2e12).getUTCFullYear());
const invalid = new Date("not a date");
console.log(invalid.getTime(), String(invalid), isNaN(invalid));
try { invalid.toISOString(); } catch (e) { console.log("invalid toISOString:", e.name); }
console.log(JSON.stringify({ when: invalid }), new Date(8.64e15 + 1).getTime());
const m = new Date(Date.UTC(2024, 0, 31));
m.setUTCMonth(1);
console.log(m.toISOString());
m.setUTCDate(0);
console.log(m.toISOString(), m.setUTCHours(25), m.toISOString());
console.log(new Date(Date.UTC(99, 0)).getUTCFullYear(), new Date(Date.UTC(-1, 0)).toISOString(), new Date(Date.UTC(10000, 0)).toISOString());
console.log(typeof Date.now(), Date.now() > 1.6e12, typeof Date(), new Date(2024, 0) instanceof Date);
const d2 = new Date(d);
console.log(d2.getTime() === d.getTime(), d2 !== d, d - new Date(Date.UTC(2024, 1, 29)), new Date(d.getTime() + 86400000).toISOString().slice(0, 10));
console.log(new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999) + 1).toISOString(), Object.prototype.toString.call(d));
console.log(d.toUTCString());
