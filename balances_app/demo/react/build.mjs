// Bundle the demo's React page and the test harness from the npm packages, as a platform would.
import { build } from "esbuild";

await build({
  entryPoints: { demo: "src/demo.jsx", harness: "src/harness.js" },
  outdir: "dist",
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
