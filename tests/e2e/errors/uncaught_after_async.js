async function main() {
  console.log("async start");
  await null;
  console.log("after await");
  throw new RangeError("thrown after await");
}
main();
console.log("sync end");
