// Helper for misc.ts: only imported with `import type`, so it must never be loaded.
export type Nothing = never;
throw new Error("type-only import was evaluated");
