console.log("about to throw a string");
throw "custom failure value";
