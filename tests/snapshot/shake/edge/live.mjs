export let live = 0;
export function inc() { live++; }
export let neverRead = 5;
export function resetNever() { neverRead = 0; }
