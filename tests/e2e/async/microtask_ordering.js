console.log("script start");
setTimeout(() => console.log("setTimeout 0"), 0);
Promise.resolve().then(() => console.log("promise 1")).then(() => console.log("promise 2"));
queueMicrotask(() => console.log("queueMicrotask"));
async function async1() {
  console.log("async1 start");
  await async2();
  console.log("async1 end");
}
async function async2() { console.log("async2"); }
async1();
new Promise((resolve) => { console.log("promise executor"); resolve(); }).then(() => console.log("promise then"));
console.log("script end");
