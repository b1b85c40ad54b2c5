console.log("before");
Promise.reject(new Error("nobody handles this"));
queueMicrotask(() => console.log("microtasks still drain"));
