console.log("eval _shared (once)");
