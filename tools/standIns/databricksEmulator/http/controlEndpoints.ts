import { Clock } from "../clock";
import { FaultInjector, FaultRule } from "../faults";
import { mintTestToken } from "../tokens";
import type { RequestLogEntry } from "./requestHandler";

/** Where a test or a person steers the emulator over HTTP; no token needed, no fault applies. */
export const CONTROL_PREFIX = "/__emulator/";

export interface ControlTargets {
    faults: FaultInjector;
    requests: RequestLogEntry[];
    now: Clock;
}

/**
 * POST /__emulator/faults adds a fault rule, DELETE clears them, GET lists them;
 * GET /__emulator/requests is the request log; GET /__emulator/token mints a known user's token.
 */
export function answerControl(
    path: string,
    method: string,
    rawBody: string,
    reply: (status: number, body: unknown) => void,
    targets: ControlTargets,
): void {
    const { faults, requests, now } = targets;
    if (path === "/__emulator/faults" && method === "POST") {
        const rule = JSON.parse(rawBody || "{}") as FaultRule;
        return reply(200, faults.add(rule));
    }
    if (path === "/__emulator/faults" && method === "DELETE") {
        faults.clear();
        return reply(200, {});
    }
    if (path === "/__emulator/faults" && method === "GET") return reply(200, { rules: faults.list() });
    if (path === "/__emulator/requests" && method === "GET") return reply(200, { requests });
    if (path === "/__emulator/token" && method === "GET") return reply(200, { token: mintTestToken({}, now()) });
    return reply(404, { error_code: "ENDPOINT_NOT_FOUND", message: `No emulator control endpoint ${method} ${path}` });
}
