console.log("order_log evaluated");
export const logged = true;
