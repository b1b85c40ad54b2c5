export function later(): string {
  return "loaded lazily";
}
export function alsoKept(): string {
  return "namespace of a dynamic import: every export kept";
}
