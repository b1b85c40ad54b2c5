const name = "world", n = 3;
console.log(`hello ${name}!`, `${n} + ${n} = ${n + n}`, `nested ${`inner ${n * 2}`}`);
console.log(`multi
line`);
console.log(`${{ toString() { return "custom"; } }}`, `${[1, [2, 3]]}`, `${null} ${undefined}`);
function tag(strings, ...values) {
  return JSON.stringify({ strings: [...strings], raw: strings.raw, values });
}
console.log(tag`a${1}b${2}c`);
console.log(tag`${"only"}`);
console.log(tag`line\nbreak \u0041`);
function cooked(strings) { return strings[0] === undefined ? "undefined cooked, raw=" + strings.raw[0] : strings[0]; }
console.log(cooked`\unicode`);
function identity(strings) { return strings; }
const sites = [];
for (let i = 0; i < 2; i++) sites.push(identity`same site`);
console.log(sites[0] === sites[1], identity`x` === identity`x`, Object.isFrozen(sites[0]), Array.isArray(sites[0].raw));
console.log(String.raw`\t${1}\n`, String.raw({ raw: ["a", "b", "c"] }, 1, 2, 3));
const html = (s, ...v) => s.reduce((acc, str, i) => acc + str + (i < v.length ? `<${v[i]}>` : ""), "");
console.log(html`x=${1}, y=${"two"}.`);
const obj = { fn(s, v) { return this === obj ? "this ok " + v : "wrong"; } };
console.log(obj.fn`a${42}`);
console.log(`a${1}`.length, typeof `x`, `\``, `$`, `$\{x}`, `${"$"}{x}`);
