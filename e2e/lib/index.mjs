// One import for test files: import { startRedis, startServer, connectClients, ... } from "../lib/index.mjs".
export * from "./redis.mjs";
export * from "./server.mjs";
export * from "./clients.mjs";
export * from "./php.mjs";
export * from "./spy.mjs";
export * from "./reference.mjs";
export * from "./wait.mjs";
export { registerCleanup } from "./cleanup.mjs";
export * from "./companion.mjs";
export * from "./livefeed.mjs";
