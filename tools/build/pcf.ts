/** Runs pcf-scripts with telemetry off, on any OS: `tsx tools/build/pcf.ts start watch`. */
import { spawn } from "node:child_process";
import { command, EXIT, LongRunningContext, runAsProcess, UsageError } from "../common/cli";
import { PCF_SCRIPTS, pcfEnvironment } from "./pcfBuild";

export const main = command({
    name: "tools/build/pcf.ts",
    usage: "Usage: tsx tools/build/pcf.ts <pcf-scripts command> [its arguments]...   (npm start, npm run start:watch, npm run refreshTypes)",
    options: {},
    // Everything goes on to pcf-scripts.
    passThrough: true,
    run({ positionals }, context: LongRunningContext) {
        if (positionals.length === 0) throw new UsageError("Name the pcf-scripts command, e.g. start.");
        const child = spawn(process.execPath, [PCF_SCRIPTS, ...context.argv], {
            env: pcfEnvironment(context.env),
            stdio: "inherit",
        });
        // Ctrl+C reaches pcf-scripts from the terminal as well; a SIGTERM to this process alone is passed on.
        void context.untilStopped().then(() => child.kill("SIGTERM"));
        return new Promise<number>((resolve, reject) => {
            child.once("error", reject);
            child.once("close", (code) => resolve(code ?? EXIT.failed));
        });
    },
});

if (require.main === module) runAsProcess(main);
