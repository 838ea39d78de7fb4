import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { Clock } from "./clock";
import { FaultInjector, FaultRule } from "./faults";
import { Workspace } from "./http/apiRequest";
import { createRequestListener, RequestLogEntry } from "./http/requestHandler";
import { Sleeps } from "./http/sleeps";
import { JobStore } from "./jobs";
import {
    JobSpec,
    RunDurations,
    SEED_JOBS,
    SEED_TABLES,
    SEED_WAREHOUSES,
    TableSpec,
    WarehouseSpec,
    WORKSPACE_ID,
} from "./seed";
import { SqlStore, StatementTimings } from "./sql/statementStore";
import { KNOWN_USER, mintTestToken, OTHER_KNOWN_USER, TestTokenClaims } from "./tokens";

export type { RequestLogEntry } from "./http/requestHandler";

/**
 * The Databricks workspace emulator: an HTTP server on loopback that serves every Databricks
 * operation the connector declares, at the same paths, with the workspace's authentication,
 * errors and run life cycle. Start it with startEmulator(); `npm run emulator` runs it as a process.
 * This module is its life cycle: it builds the workspace, listens, and closes; http/ answers requests.
 */

export interface EmulatorOptions {
    /** 0 (the default) picks a free port. */
    port?: number;
    /** The address to bind; 127.0.0.1 by default. Anything but a loopback address must be asked for. */
    host?: string;
    /** The clock of runs and statements; Date.now by default, manualClock().now in tests. */
    now?: Clock;
    /** The host in run page URLs; the emulator's own host:port by default. */
    workspaceHost?: string;
    workspaceId?: string;
    /** The user names the workspace knows; KNOWN_USER and OTHER_KNOWN_USER by default. */
    users?: string[];
    /** The jobs; the seed (SEED_JOBS) by default. */
    jobs?: JobSpec[];
    /** Phase durations for every job, over the seed's own. */
    runDurations?: Partial<RunDurations>;
    warehouses?: WarehouseSpec[];
    tables?: TableSpec[];
    statementTimings?: Partial<StatementTimings>;
    rowsPerChunk?: number;
    /** Fault rules from the start. */
    faults?: FaultRule[];
    /** The random numbers behind fault rates. */
    random?: () => number;
}

export interface RunningEmulator {
    /** http://127.0.0.1:PORT */
    baseUrl: string;
    /** 127.0.0.1:PORT */
    host: string;
    port: number;
    /** Jobs and runs: configureJob, addJob, runs, lifeCycleStateOf, ... */
    jobs: JobStore;
    /** Warehouses, tables, statements, statement timings, rows per chunk. */
    sql: SqlStore;
    /** Fault rules: add, remove, clear, list. */
    faults: FaultInjector;
    /** The user names the workspace knows (add or delete to change who is authorized). */
    users: Set<string>;
    /** Every request answered, in order. */
    requests: RequestLogEntry[];
    now(): number;
    /** A test token for this workspace (a known user by default), issued at the emulator's time. */
    token(claims?: TestTokenClaims): string;
    close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const bindHost = options.host ?? "127.0.0.1";
    let address = "";
    const workspace = createWorkspace(options, () => options.workspaceHost ?? address);
    const users = new Set(options.users ?? [KNOWN_USER, OTHER_KNOWN_USER]);
    const faults = new FaultInjector(options.random);
    for (const rule of options.faults ?? []) faults.add(rule);
    const requests: RequestLogEntry[] = [];

    const server: Server = createServer(createRequestListener({ workspace, users, faults, requests }));
    await listen(server, options.port ?? 0, bindHost);
    const port = (server.address() as AddressInfo).port;
    const hostPart = bindHost.includes(":") ? `[${bindHost}]` : bindHost;
    address = `${hostPart}:${port}`;

    const { jobs, sql, now, sleeps } = workspace;
    return {
        baseUrl: `http://${address}`,
        host: address,
        port,
        jobs,
        sql,
        faults,
        users,
        requests,
        now,
        token: (claims) => mintTestToken(claims, now()),
        close: async () => {
            if (sleeps.isStopped) return;
            sleeps.stopAll();
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        },
    };
}

/** The jobs, warehouses and tables of the options, or the seed's. */
function createWorkspace(options: EmulatorOptions, workspaceHost: () => string): Workspace {
    const now: Clock = options.now ?? Date.now;
    const jobs = new JobStore(now, workspaceHost, options.workspaceId ?? WORKSPACE_ID);
    for (const spec of options.jobs ?? Object.values(SEED_JOBS)) {
        jobs.addJob(
            options.runDurations ? { ...spec, durations: { ...spec.durations, ...options.runDurations } } : spec,
        );
    }
    const sql = new SqlStore(now, options.warehouses ?? SEED_WAREHOUSES, options.tables ?? SEED_TABLES);
    sql.timings = { ...sql.timings, ...options.statementTimings };
    if (options.rowsPerChunk !== undefined) sql.rowsPerChunk = options.rowsPerChunk;
    return { jobs, sql, now, sleeps: new Sleeps() };
}

function listen(server: Server, port: number, host: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
}
