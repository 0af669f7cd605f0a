// Marks a module as server-only. The `server-only` npm package can't be used here: the custom
// server (server.ts) imports lib modules in plain Node for its sockets, where that package
// throws. This guard fails instead if such a module is ever executed in a browser.
if (typeof window !== "undefined") {
  throw new Error("A server-only module was imported into client code");
}
export {};
