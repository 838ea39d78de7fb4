/** Runs pcf-scripts with telemetry off, on any OS: `tsx tools/build/pcf.ts start watch`. */
import { spawn } from "node:child_process";
import { PCF_SCRIPTS, pcfEnvironment } from "./pcfBuild";

const child = spawn(process.execPath, [PCF_SCRIPTS, ...process.argv.slice(2)], {
    env: pcfEnvironment(),
    stdio: "inherit",
});
child.on("close", (code) => process.exit(code ?? 1));
