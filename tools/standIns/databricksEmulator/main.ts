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

const USAGE = `Usage: npm run emulator -- --port N [--host 127.0.0.1] [--allow-remote] [--workspace-host HOST] [--fault 429;retry-after=2 | 503 | slow=1500 | drop | malformed]`;

interface Arguments {
    port: number;
    host: string;
    allowRemote: boolean;
    workspaceHost?: string;
    faults: string[];
}

function parseArguments(argv: string[]): Arguments {
    const result: Arguments = { port: 0, host: "127.0.0.1", allowRemote: false, faults: [] };
    for (let index = 0; index < argv.length; index += 1) {
        const argument = argv[index];
        const value = (): string => {
            const next = argv[index + 1];
            if (next === undefined) throw new Error(`${argument} needs a value`);
            index += 1;
            return next;
        };
        if (argument === "--port") {
            const port = Number(value());
            if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be a port number (0 picks a free one)");
            result.port = port;
        } else if (argument === "--host") result.host = value();
        else if (argument === "--allow-remote") result.allowRemote = true;
        else if (argument === "--workspace-host") result.workspaceHost = value();
        else if (argument === "--fault") result.faults.push(value());
        else if (argument === "--help" || argument === "-h") {
            process.stdout.write(`${USAGE}\n`);
            process.exit(0);
        } else throw new Error(`Unknown argument ${argument}`);
    }
    if (!isLoopbackHost(result.host) && !result.allowRemote) {
        throw new Error(`--host ${result.host} is not a loopback address; the emulator binds to loopback only unless --allow-remote is given`);
    }
    return result;
}

async function main(): Promise<void> {
    let args: Arguments;
    try {
        args = parseArguments(process.argv.slice(2));
        args.faults.forEach(parseFaultHeader);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
        process.exit(2);
    }
    const emulator = await startEmulator({
        port: args.port,
        host: args.host,
        workspaceHost: args.workspaceHost,
        faults: args.faults.flatMap((text) => parseFaultHeader(text).map((fault) => ({ fault }))),
    });
    process.stdout.write(
        `${JSON.stringify({
            baseUrl: emulator.baseUrl,
            host: emulator.host,
            user: KNOWN_USER,
            token: mintTestToken(),
            jobs: Object.values(SEED_JOBS).map((job) => ({ job_id: job.job_id, name: job.name, outcome: job.outcome })),
            warehouses: SEED_WAREHOUSES.map((warehouse) => ({ id: warehouse.id, name: warehouse.name })),
        })}\n`,
    );
    process.stderr.write(`Databricks workspace emulator on ${emulator.baseUrl}; Ctrl+C stops it.\n`);
    const stop = (): void => {
        emulator.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

void main();
