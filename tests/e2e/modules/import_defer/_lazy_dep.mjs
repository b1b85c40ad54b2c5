console.log("_lazy_dep: evaluated");
