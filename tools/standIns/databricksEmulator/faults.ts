/**
 * Fault injection: what a workspace or its gateway does on a bad day. A fault is chosen per
 * request by the X-Emulator-Fault header, or by a rule (per operation, path or method; a number of
 * times, or a rate). Kinds: a status (429 with Retry-After, 503, 500), a slow response (a delay
 * before the normal answer), a dropped connection (the socket closes with no answer), and a
 * malformed body (a 200 whose body does not match the operation's response schema).
 */

export type FaultKind =
    | { kind: "status"; status: number; retryAfterSeconds?: number; errorCode?: string; message?: string }
    | { kind: "slow"; delayMs: number }
    | { kind: "drop" }
    | { kind: "malformed" };

export interface FaultMatch {
    operationId?: string;
    /** An exact API path, e.g. /api/2.2/jobs/runs/get. */
    path?: string;
    method?: string;
}

export interface FaultRule {
    match?: FaultMatch;
    fault: FaultKind;
    /** How many matching requests get the fault; unlimited when left out. */
    times?: number;
    /** The share of matching requests that get the fault, from 0 to 1; 1 when left out. */
    rate?: number;
}

export interface ActiveRule extends FaultRule {
    id: number;
    /** Matching requests that got the fault so far. */
    hits: number;
}

export interface RequestInfo {
    method: string;
    path: string;
    operationId?: string;
}

export class FaultInjector {
    private rules: ActiveRule[] = [];
    private nextId = 1;

    constructor(private readonly random: () => number = Math.random) {}

    /** Adds a rule; returns it, so a test can read its hits. */
    add(rule: FaultRule): ActiveRule {
        const active = { ...rule, id: this.nextId++, hits: 0 };
        this.rules.push(active);
        return active;
    }

    remove(id: number): void {
        this.rules = this.rules.filter((rule) => rule.id !== id);
    }

    clear(): void {
        this.rules = [];
    }

    list(): ActiveRule[] {
        return [...this.rules];
    }

    /** The faults for one request: the header's, else those of the first rule(s) that fire. */
    choose(request: RequestInfo, header: string | undefined): FaultKind[] {
        if (header !== undefined && header.trim() !== "") return parseFaultHeader(header);
        const chosen: FaultKind[] = [];
        for (const rule of this.rules) {
            if (!matches(rule.match, request)) continue;
            if (rule.times !== undefined && rule.hits >= rule.times) continue;
            if (rule.rate !== undefined && this.random() >= rule.rate) continue;
            rule.hits += 1;
            chosen.push(rule.fault);
            // A slow fault combines with one that answers; two answers do not.
            if (rule.fault.kind !== "slow") break;
        }
        return chosen;
    }
}

function matches(match: FaultMatch | undefined, request: RequestInfo): boolean {
    if (!match) return true;
    if (match.operationId !== undefined && match.operationId !== request.operationId) return false;
    if (match.path !== undefined && match.path !== request.path) return false;
    if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
    return true;
}

/**
 * The X-Emulator-Fault header: faults separated by commas, each one of
 * `429` or `429;retry-after=2`, `503`, `500`, `slow=1500`, `drop`, `malformed`.
 */
export function parseFaultHeader(header: string): FaultKind[] {
    return header
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map((part) => {
            const [head, ...options] = part.split(";").map((piece) => piece.trim());
            const option = (name: string): string | undefined =>
                options.map((piece) => piece.split("=")).find(([key]) => key.toLowerCase() === name)?.[1];
            if (/^\d{3}$/.test(head)) {
                const retryAfter = option("retry-after");
                return {
                    kind: "status",
                    status: Number(head),
                    retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter),
                } as FaultKind;
            }
            const slow = /^slow=(\d+)$/.exec(head);
            if (slow) return { kind: "slow", delayMs: Number(slow[1]) } as FaultKind;
            if (head === "drop") return { kind: "drop" } as FaultKind;
            if (head === "malformed") return { kind: "malformed" } as FaultKind;
            throw new Error(`Unknown fault "${part}" in X-Emulator-Fault`);
        });
}

/** A 200 body that matches none of the connector's response schemas: the "malformed" fault. */
export const MALFORMED_BODY = {
    job_id: "not-an-integer",
    run_id: "not-an-integer",
    status: { state: "EXPLODED" },
    jobs: "not-a-list",
    runs: "not-a-list",
    warehouses: "not-a-list",
    metadata: "not-an-object",
    statement_id: 42,
    chunk_index: "not-an-integer",
    schema: "not-an-object",
};

/** The JSON body Databricks sends with a throttled or unavailable answer. */
export function faultBody(fault: Extract<FaultKind, { kind: "status" }>): { error_code: string; message: string } {
    const defaults: Record<number, { error_code: string; message: string }> = {
        429: {
            error_code: "REQUEST_LIMIT_EXCEEDED",
            message:
                "Your request was rejected due to API rate limiting. Please retry your request later, or choose a larger node type instead.",
        },
        503: {
            error_code: "TEMPORARILY_UNAVAILABLE",
            message: "The service is temporarily unavailable. Please try again later.",
        },
        500: { error_code: "INTERNAL_ERROR", message: "Internal error. Please try again later." },
    };
    const base = defaults[fault.status] ?? { error_code: "INTERNAL_ERROR", message: `Injected HTTP ${fault.status}.` };
    return { error_code: fault.errorCode ?? base.error_code, message: fault.message ?? base.message };
}
