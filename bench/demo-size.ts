/**
 * The demo scenario on its own; `npm run bench -- demo` runs the same.
 * Run: node --import tsx bench/demo-size.ts
 */
import { demoScenario } from "./demo.js";

demoScenario();
