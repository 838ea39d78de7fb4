import { formatDuration } from "../../runModel/duration";
import { newIdempotencyToken } from "../../runModel/idempotencyToken";
import { MAX_INT64, parseJobId, readInt64Id } from "../../runModel/jobId";
import { parseRunInput } from "../../runModel/runSnapshot";
import { safeHttpsUrl } from "../../runModel/safeUrl";
import { failed, queued, RUN_PAGE_URL, succeeded } from "./runFixtures";

describe("JobId", () => {
    test.each([
        ["123456789012345", "123456789012345"],
        ["1", "1"],
        [" 42 ", "42"],
        [MAX_INT64, MAX_INT64],
        ["0009223372036854775807", undefined], // 22 characters: more than 19 digits
        ["0922337203685477580", "0922337203685477580"],
    ])("%j is accepted as %j", (text, expected) => {
        const result = parseJobId(text);
        if (expected === undefined) expect(result.ok).toBe(false);
        else expect(result).toEqual({ ok: true, jobId: expected });
    });

    test.each([
        [null, "Validation_JobIdMissing", []],
        ["", "Validation_JobIdMissing", []],
        ["   ", "Validation_JobIdMissing", []],
        ["abc", "Validation_JobIdNotDigits", ["abc"]],
        ["12 34", "Validation_JobIdNotDigits", ["12 34"]],
        ["-5", "Validation_JobIdNotDigits", ["-5"]],
        ["1e5", "Validation_JobIdNotDigits", ["1e5"]],
        ["12.0", "Validation_JobIdNotDigits", ["12.0"]],
        ["１２３", "Validation_JobIdNotDigits", ["１２３"]],
        ["12345678901234567890", "Validation_JobIdNotDigits", ["12345678901234567890"]],
        ["9223372036854775808", "Validation_JobIdTooLarge", ["9223372036854775808", MAX_INT64]],
        ["9999999999999999999", "Validation_JobIdTooLarge", ["9999999999999999999", MAX_INT64]],
    ])("%j is refused with %s", (text, messageKey, args) => {
        expect(parseJobId(text)).toEqual({ ok: false, issue: { property: "JobId", messageKey, args } });
    });

    test.each([
        [455644833, "455644833"],
        ["455644833", "455644833"],
        [" 7 ", "7"],
        [-1, undefined],
        [1.5, undefined],
        ["12a", undefined],
        [null, undefined],
        [true, undefined],
        [MAX_INT64, MAX_INT64],
        ["9223372036854775808", undefined],
        [1e19, undefined],
        [Number.MAX_VALUE, undefined],
    ])("run_id %j reads as %j", (value, expected) => {
        expect(readInt64Id(value)).toBe(expected);
    });
});

describe("Run", () => {
    test("blank, null and {} mean no run yet", () => {
        for (const text of [null, "", "  ", "null", "{}"]) {
            expect(parseRunInput(text)).toEqual({ ok: true, run: undefined });
        }
    });

    test("a GetRun result gives state, message, link, times and duration", () => {
        const result = parseRunInput(succeeded(22));
        expect(result).toEqual({
            ok: true,
            run: {
                runId: "22",
                state: "Succeeded",
                unknownValue: undefined,
                awaitingStatus: false,
                message: undefined,
                runPageUrl: RUN_PAGE_URL,
                startTime: 1_700_000_000_000,
                endTime: 1_700_000_095_000,
                durationMs: 95_000,
                tasks: [],
            },
        });
    });

    test("RunNow's result alone is a run whose status is not known yet", () => {
        const result = parseRunInput('{"run_id": 455644833, "number_in_job": 455644833}');
        expect(result.ok && result.run).toMatchObject({ runId: "455644833", state: "Pending", awaitingStatus: true });
    });

    test("the termination message comes first, then the queue reason, then the deprecated state message", () => {
        const message = (text: string) => {
            const r = parseRunInput(text);
            return r.ok ? r.run?.message : undefined;
        };
        expect(message(failed(5, "boom"))).toBe("boom");
        expect(message(queued(5))).toBe("Waiting for a slot.");
        expect(
            message('{"run_id": 5, "state": {"life_cycle_state": "PENDING", "state_message": "Waiting for cluster"}}'),
        ).toBe("Waiting for cluster");
    });

    test("duration falls back to end_time − start_time when run_duration is absent", () => {
        const r = parseRunInput(failed(5));
        expect(r.ok && r.run?.durationMs).toBe(30_000);
    });

    test("a multi-task run lists each task with its own state and message", () => {
        const run = {
            run_id: 9,
            status: { state: "TERMINATED", termination_details: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR" } },
            tasks: [
                {
                    task_key: "ingest",
                    run_id: 10,
                    status: { state: "TERMINATED", termination_details: { code: "SUCCESS" } },
                },
                {
                    task_key: "transform",
                    run_id: 11,
                    state: { life_cycle_state: "TERMINATED", result_state: "FAILED", state_message: "Table not found" },
                },
                {
                    task_key: "publish",
                    run_id: 12,
                    state: { life_cycle_state: "TERMINATED", result_state: "UPSTREAM_FAILED" },
                },
                "garbage",
            ],
        };
        const r = parseRunInput(JSON.stringify(run));
        expect(r.ok && r.run?.tasks).toEqual([
            { taskKey: "ingest", state: "Succeeded", unknownValue: undefined, message: undefined },
            { taskKey: "transform", state: "Failed", unknownValue: undefined, message: "Table not found" },
            { taskKey: "publish", state: "Failed", unknownValue: undefined, message: undefined },
            { taskKey: "#4", state: "Unknown", unknownValue: "no status", message: undefined },
        ]);
    });

    test("a single-task run shows no task list", () => {
        const run = {
            run_id: 9,
            status: { state: "RUNNING" },
            tasks: [{ task_key: "only", status: { state: "RUNNING" } }],
        };
        const r = parseRunInput(JSON.stringify(run));
        expect(r.ok && r.run?.tasks).toEqual([]);
    });

    test.each([
        ["javascript:alert(1)"],
        ["JAVASCRIPT:alert(1)"],
        ["  javascript:alert(1)"],
        ["data:text/html,<script>alert(1)</script>"],
        ["http://adb-1.azuredatabricks.net/#job/1/run/2"],
        ["//evil.example/run"],
        ["/relative/path"],
        [42],
    ])("run_page_url %j is dropped", (url) => {
        const r = parseRunInput(JSON.stringify({ run_id: 1, run_page_url: url, status: { state: "RUNNING" } }));
        expect(r.ok && r.run?.runPageUrl).toBeUndefined();
    });

    test.each([
        ["{not json", "Validation_RunNotJson"],
        ["[1,2]", "Validation_RunNotObject"],
        ['"RUNNING"', "Validation_RunNotObject"],
        ["42", "Validation_RunNotObject"],
        ['{"run_id": "abc"}', "Validation_RunIdInvalid"],
        ['{"run_id": -3}', "Validation_RunIdInvalid"],
    ])("%j is refused with %s", (text, messageKey) => {
        const r = parseRunInput(text);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.issue).toMatchObject({ property: "Run", messageKey });
    });

    test("a parse error names what JSON.parse found", () => {
        const r = parseRunInput("{not json");
        expect(!r.ok && r.issue.args[0]).toMatch(/JSON|token|property/i);
    });
});

describe("safeHttpsUrl", () => {
    test("keeps https URLs and normalizes them", () => {
        expect(safeHttpsUrl(" https://adb-1.2.azuredatabricks.net/?o=1#job/2/run/3 ")).toBe(
            "https://adb-1.2.azuredatabricks.net/?o=1#job/2/run/3",
        );
    });
    test.each(["", "not a url", "javascript:void(0)", "ftp://x", undefined, {}])("drops %j", (value) => {
        expect(safeHttpsUrl(value)).toBeUndefined();
    });
});

describe("idempotency token", () => {
    test("a version 4 UUID: 36 characters, within Databricks' 64", () => {
        const token = newIdempotencyToken();
        expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(token.length).toBeLessThanOrEqual(64);
    });
    test("fresh each time", () => {
        const tokens = new Set(Array.from({ length: 1000 }, () => newIdempotencyToken()));
        expect(tokens.size).toBe(1000);
    });
    test("built from the random bytes it is given", () => {
        expect(newIdempotencyToken((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
    });
});

describe("formatDuration", () => {
    test.each([
        [0, "0:00"],
        [999, "0:00"],
        [61_000, "1:01"],
        [3_599_000, "59:59"],
        [3_600_000, "1:00:00"],
        [10_805_000, "3:00:05"],
        [-5_000, "0:00"],
    ])("%d ms → %s", (ms, text) => {
        expect(formatDuration(ms)).toBe(text);
    });
});
