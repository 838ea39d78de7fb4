import { KNOWN_USER, OTHER_KNOWN_USER } from "./tokens";

/**
 * The seeded workspace: a few named jobs with parameters, chosen so that a test gets every outcome
 * the control shows (success, failure, timeout, cancel, a multi-task run with one failed task)
 * within a few seconds, two SQL warehouses and a few tables for the tiny SQL engine.
 */

/** How long each phase of a run lasts, in milliseconds. */
export interface RunDurations {
    queuedMs: number;
    pendingMs: number;
    runningMs: number;
    terminatingMs: number;
}

/** How a run of a job ends when nobody cancels it. */
export type RunOutcome = "success" | "failure" | "timeout";

export interface TaskSpec {
    task_key: string;
    notebook_path: string;
    depends_on?: string[];
    /** The notebook's dbutils.notebook.exit value when the task succeeds. */
    result?: string;
    /** The error when the task fails (the job's outcome is "failure" and this task is the failing one). */
    error?: string;
}

export interface JobSpec {
    /** Decimal digits: job IDs are int64 and one seeded job's ID is above 2^53. */
    job_id: string;
    name: string;
    description?: string;
    creator_user_name: string;
    parameters: Array<{ name: string; default: string }>;
    tasks: TaskSpec[];
    outcome: RunOutcome;
    /** The task that fails when outcome is "failure"; default the last task. */
    failing_task?: string;
    durations: RunDurations;
    /** The job's timeout; a run of an outcome "timeout" job ends TIMEDOUT after this. */
    timeout_seconds?: number;
    max_concurrent_runs?: number;
    queue_enabled?: boolean;
    created_time: number;
}

export interface WarehouseSpec {
    id: string;
    name: string;
    cluster_size: string;
    warehouse_type: "PRO" | "CLASSIC";
    enable_serverless_compute: boolean;
    state: "RUNNING" | "STOPPED";
    auto_stop_mins: number;
    creator_name: string;
}

export type SqlTypeName = "STRING" | "INT" | "LONG" | "DOUBLE" | "DECIMAL" | "BOOLEAN" | "DATE" | "TIMESTAMP";

export interface TableSpec {
    /** catalog.schema.table */
    name: string;
    columns: Array<{ name: string; type_name: SqlTypeName; type_text: string }>;
    rows: Array<Array<string | number | boolean | null>>;
}

const FIRST_JOB_CREATED = Date.UTC(2026, 0, 15, 8, 30, 0);

type SeededJobFields = Omit<JobSpec, "creator_user_name" | "created_time" | "parameters"> & {
    creator_user_name?: string;
    /** Parameter name → default, in the job's order. */
    parameters: Record<string, string>;
};

/**
 * A seeded job over the settings most seeded jobs share: created by KNOWN_USER, the n-th job a
 * minute after the one before, one run at a time, queued when busy, no timeout.
 */
function seededJob(
    order: number,
    { parameters, ...job }: SeededJobFields,
): JobSpec & Required<Pick<JobSpec, "timeout_seconds" | "max_concurrent_runs" | "queue_enabled">> {
    return {
        creator_user_name: KNOWN_USER,
        timeout_seconds: 0,
        max_concurrent_runs: 1,
        queue_enabled: true,
        created_time: FIRST_JOB_CREATED + order * 60_000,
        parameters: Object.entries(parameters).map(([name, value]) => ({ name, default: value })),
        ...job,
    };
}

/** The seeded jobs by a short name; IDs are strings so that the one above 2^53 stays exact. */
export const SEED_JOBS = {
    nightlySalesLoad: seededJob(0, {
        job_id: "684213907551001",
        name: "Nightly sales load",
        description: "Loads the day's sales for one region.",
        parameters: { region: "emea", as_of: "latest" },
        tasks: [{ task_key: "load_sales", notebook_path: "/Repos/data/sales/load", result: '{"rows_loaded": 1250}' }],
        outcome: "success",
        durations: { queuedMs: 200, pendingMs: 400, runningMs: 1200, terminatingMs: 200 },
        timeout_seconds: 3600,
    }),
    churnScoring: seededJob(1, {
        job_id: "684213907551002",
        name: "Customer churn scoring",
        description: "Scores customers with the current churn model; its notebook raises an error.",
        parameters: { model_version: "3" },
        tasks: [
            {
                task_key: "score",
                notebook_path: "/Repos/data/churn/score",
                error: "ValueError: model version 3 has no registered artifact",
            },
        ],
        outcome: "failure",
        durations: { queuedMs: 200, pendingMs: 300, runningMs: 800, terminatingMs: 200 },
    }),
    dailyRefreshPipeline: seededJob(2, {
        job_id: "684213907551003",
        name: "Daily refresh pipeline",
        description: "Ingest, transform and publish; the transform task fails, so publish never runs.",
        creator_user_name: OTHER_KNOWN_USER,
        parameters: { run_date: "2026-11-27" },
        tasks: [
            { task_key: "ingest", notebook_path: "/Repos/data/refresh/ingest", result: "ingested 42 files" },
            {
                task_key: "transform",
                notebook_path: "/Repos/data/refresh/transform",
                depends_on: ["ingest"],
                error: "AnalysisException: [UNRESOLVED_COLUMN] A column `amount_eur` cannot be resolved.",
            },
            {
                task_key: "publish",
                notebook_path: "/Repos/data/refresh/publish",
                depends_on: ["transform"],
                result: "published",
            },
        ],
        outcome: "failure",
        failing_task: "transform",
        durations: { queuedMs: 200, pendingMs: 400, runningMs: 1000, terminatingMs: 200 },
    }),
    warehouseVacuum: seededJob(3, {
        job_id: "684213907551004",
        name: "Warehouse vacuum",
        description: "Vacuums the warehouse tables; it always runs into its 2-second timeout.",
        parameters: { retain_hours: "168" },
        tasks: [{ task_key: "vacuum", notebook_path: "/Repos/data/maintenance/vacuum" }],
        outcome: "timeout",
        durations: { queuedMs: 200, pendingMs: 300, runningMs: 2000, terminatingMs: 200 },
        timeout_seconds: 2,
    }),
    longExport: seededJob(4, {
        job_id: "684213907551005",
        name: "Long export",
        description: "Exports the ledger for ten minutes: the job to cancel.",
        parameters: { format: "parquet", target: "abfss://exports@contosodata.dfs.core.windows.net/ledger" },
        tasks: [{ task_key: "export", notebook_path: "/Repos/data/export/ledger", result: "exported" }],
        outcome: "success",
        durations: { queuedMs: 200, pendingMs: 300, runningMs: 600_000, terminatingMs: 300 },
        max_concurrent_runs: 5,
    }),
    archivePartitions: seededJob(5, {
        job_id: "9007199254740993",
        name: "Archive partitions (large ID)",
        description: "A job whose ID is above 2^53, which a JSON number in JavaScript cannot hold exactly.",
        parameters: { partition: "2026-10" },
        tasks: [{ task_key: "archive", notebook_path: "/Repos/data/archive/partitions", result: "archived" }],
        outcome: "success",
        durations: { queuedMs: 100, pendingMs: 200, runningMs: 500, terminatingMs: 100 },
    }),
};

export type SeedJobName = keyof typeof SEED_JOBS;

export const SEED_WAREHOUSES: WarehouseSpec[] = [
    {
        id: "5e1f0a2b3c4d5e6f",
        name: "Starter Warehouse",
        cluster_size: "2X-Small",
        warehouse_type: "PRO",
        enable_serverless_compute: true,
        state: "RUNNING",
        auto_stop_mins: 10,
        creator_name: KNOWN_USER,
    },
    {
        id: "a1b2c3d4e5f60718",
        name: "Reporting Warehouse",
        cluster_size: "Small",
        warehouse_type: "CLASSIC",
        enable_serverless_compute: false,
        state: "RUNNING",
        auto_stop_mins: 45,
        creator_name: OTHER_KNOWN_USER,
    },
];

/** The default catalog and schema of a statement that names neither. */
export const DEFAULT_CATALOG = "main";
export const DEFAULT_SCHEMA = "default";

export const SEED_TABLES: TableSpec[] = [
    {
        name: "main.default.sales",
        columns: [
            { name: "order_id", type_name: "LONG", type_text: "BIGINT" },
            { name: "region", type_name: "STRING", type_text: "STRING" },
            { name: "amount", type_name: "DECIMAL", type_text: "DECIMAL(10,2)" },
            { name: "order_date", type_name: "DATE", type_text: "DATE" },
            { name: "express", type_name: "BOOLEAN", type_text: "BOOLEAN" },
        ],
        rows: [
            [1001, "emea", "120.50", "2026-11-25", true],
            [1002, "amer", "75.00", "2026-11-25", false],
            [1003, "apac", "310.20", "2026-11-26", false],
            [1004, "emea", "18.99", "2026-11-26", null],
            [1005, "amer", "999.99", "2026-11-27", true],
        ],
    },
    {
        name: "main.default.numbers",
        columns: [
            { name: "n", type_name: "INT", type_text: "INT" },
            { name: "square", type_name: "LONG", type_text: "BIGINT" },
        ],
        rows: Array.from({ length: 250 }, (_, index) => [index + 1, (index + 1) * (index + 1)]),
    },
];

/** Rows per result chunk; Databricks splits by size, the emulator by rows so a test can reach chunk 2. */
export const DEFAULT_ROWS_PER_CHUNK = 100;

/** The workspace ID in run page URLs (?o=...), like an Azure workspace's. */
export const WORKSPACE_ID = "1234567890123456";

/** Where run IDs start; each run takes one ID and one per task. */
export const FIRST_RUN_ID = 771234500000001n;
