// Loaded first, with <script type="module" async>, so it runs as soon as it arrives: it starts the core's worker
// (which downloads and compiles the wasm) while the rest of the page's modules are still on their way. main.js
// imports the same instance.

import { createCore } from "./core-client.js";

export const core = createCore();
