// Duplicate named capture groups in different alternatives (ES2025).
const re = /(?<year>\d{4})-(?<month>\d{2})|(?<month>\d{2})\/(?<year>\d{4})/;
for (const s of ["2024-05", "07/1999"]) {
  const { year, month } = s.match(re).groups;
  console.log(year, month);
}
console.log(JSON.stringify(/(?:(?<x>a)|(?<x>b))\k<x>/.exec("bb")), /(?:(?<x>a)|(?<x>b))\k<x>/.test("ab"));
console.log("12/2020".replace(re, "$<month>.$<year>"), Object.keys(re.exec("2024-05").groups));
