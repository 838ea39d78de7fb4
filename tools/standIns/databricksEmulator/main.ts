import { command, CommandLine, EXIT, LongRunningContext, runAsProcess, UsageError } from "../../common/cli";
import { parseFaultHeader } from "./faults";
import { SEED_JOBS, SEED_WAREHOUSES } from "./seed";
import { isLoopbackHost } from "../loopback";
import { startEmulator } from "./server";
import { KNOWN_USER, mintTestToken } from "./tokens";

/**
 * npm run emulator -- --port N [--host 127.0.0.1] [--allow-remote] [--workspace-host H] [--fault F]...
 *
 * Starts the Databricks workspace emulator, prints one line of JSON with its address, a test token
 * of a known user and the seeded jobs and warehouses, and runs until Ctrl+C (SIGINT) or SIGTERM.
 * --fault applies to every API request, in the X-Emulator-Fault header's form (429;retry-after=2,
 * 503, slow=1500, drop, malformed); rules per operation go through POST /__emulator/faults.
 */

const OPTIONS = {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "allow-remote": { type: "boolean" },
    "workspace-host": { type: "string" },
    fault: { type: "string", multiple: true },
} as const;

function emulatorOptions({ options }: CommandLine<typeof OPTIONS>): Parameters<typeof startEmulator>[0] {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError("--port must be a port number (0 picks a free one)");
    if (!isLoopbackHost(options.host) && !options["allow-remote"]) {
        throw new UsageError(
            `--host ${options.host} is not a loopback address; the emulator binds to loopback only unless --allow-remote is given`,
        );
    }
    const faults = options.fault.flatMap((text) => {
        try {
            return parseFaultHeader(text).map((fault) => ({ fault }));
        } catch (error) {
            throw new UsageError((error as Error).message);
        }
    });
    return { port, host: options.host, workspaceHost: options["workspace-host"], faults };
}

export const main = command({
    name: "emulator",
    usage: "Usage: npm run emulator -- --port N [--host 127.0.0.1] [--allow-remote] [--workspace-host HOST] [--fault 429;retry-after=2 | 503 | slow=1500 | drop | malformed]",
    options: OPTIONS,
    async run(commandLine, context: LongRunningContext) {
        const emulator = await startEmulator(emulatorOptions(commandLine));
        // Armed before the line that tells a caller the emulator is ready: a SIGTERM sent right after it still closes.
        const stopped = context.untilStopped();
        context.stdout(
            `${JSON.stringify({
                baseUrl: emulator.baseUrl,
                host: emulator.host,
                user: KNOWN_USER,
                token: mintTestToken(),
                jobs: Object.values(SEED_JOBS).map((job) => ({
                    job_id: job.job_id,
                    name: job.name,
                    outcome: job.outcome,
                })),
                warehouses: SEED_WAREHOUSES.map((warehouse) => ({ id: warehouse.id, name: warehouse.name })),
            })}\n`,
        );
        context.stderr(`Databricks workspace emulator on ${emulator.baseUrl}; Ctrl+C stops it.\n`);
        await stopped;
        await emulator.close();
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
