// Preloaded into a measured process (node --expose-gc --import): SIGUSR2 runs a full GC, so a
// benchmark can tell memory the process holds from garbage V8 has not collected yet.
process.on("SIGUSR2", () => globalThis.gc?.());
