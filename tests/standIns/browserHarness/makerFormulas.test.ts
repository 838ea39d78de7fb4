import { MakerFormulas, type PlayedControl } from "../../../tools/standIns/browserHarness/makerFormulas";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { startEmulator, type RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import type { ControlEventName, InputPropertyName } from "../../../TriggerControl/ManifestConstants";

/** The control's side of the harness, in memory: its inputs, its outputs, and what the player set. */
class ControlInMemory implements PlayedControl {
    readonly inputs: Partial<Record<InputPropertyName, string>> = { Run: "", ErrorText: "" };
    readonly sets: Partial<Record<InputPropertyName, string>>[] = [];
    readonly outputValues: Record<string, string> = {};

    constructor(jobId: string) {
        this.inputs.JobId = jobId;
    }

    raisedEvents(): Promise<ControlEventName[]> {
        return Promise.resolve([]);
    }

    outputs(): Promise<Record<string, string>> {
        return Promise.resolve({ ...this.outputValues });
    }

    inputValue(name: InputPropertyName): Promise<string> {
        return Promise.resolve(this.inputs[name] ?? "");
    }

    setInputs(values: Partial<Record<InputPropertyName, string>>): Promise<void> {
        Object.assign(this.inputs, values);
        this.sets.push(values);
        return Promise.resolve();
    }

    /** What the control does once Run names a run: RunId follows it. */
    followRun(): void {
        const run = JSON.parse(this.inputs.Run ?? "{}") as { run_id?: number };
        this.outputValues.RunId = String(run.run_id ?? "");
    }
}

/** The formulas the README showed before issue 13: IfError's Value is a chain `Set(…); Set(…)`. */
const CHAINED_ON_REFRESH = `IfError(
    Set(varRun, DatabricksJobs.GetRun(Value(Self.RunId)));
    Set(varRunError, Blank()),
    Set(varRunError, FirstError.Message))`;

let emulator: RunningEmulator;
beforeEach(async () => {
    emulator = await startEmulator();
});
afterEach(() => emulator.close());

function setUp(formulas?: ConstructorParameters<typeof MakerFormulas>[1]["formulas"]) {
    const control = new ControlInMemory(SEED_JOBS.nightlySalesLoad.job_id);
    Object.assign(control.outputValues, { RequestedParameters: '{"region":"emea"}', IdempotencyToken: "click-1" });
    const formulas$ = new MakerFormulas(control, {
        host: emulator.baseUrl,
        token: emulator.token(),
        maxRetries: 0,
        formulas,
    });
    return { control, formulas: formulas$ };
}

const failGetRun = () =>
    emulator.faults.add({
        match: { operationId: "GetRun" },
        fault: { kind: "status", status: 403, errorCode: "PERMISSION_DENIED", message: "no access to run" },
    });

describe("the manifest's prefilled formulas, played", () => {
    test("OnTrigger starts one run with the control's parameters and token, and hands its GetRun answer to Run", async () => {
        const { control, formulas } = setUp();
        const results = await formulas.play("OnTrigger");
        expect(results.map((result) => result.ok)).toEqual([true, true]);
        const run = JSON.parse(control.inputs.Run ?? "") as { run_id: number; job_id: number; state?: unknown };
        expect(String(run.job_id)).toBe(SEED_JOBS.nightlySalesLoad.job_id);
        expect(run.state ?? (run as { status?: unknown }).status).toBeDefined();
        expect(control.inputs.ErrorText).toBe("");
        const runNow = emulator.requests.filter((request) => request.operationId === "RunNow");
        expect(runNow).toHaveLength(1);
    });

    test("a failed RunNow puts Databricks' message in ErrorText and leaves Run alone", async () => {
        const { control, formulas } = setUp();
        emulator.faults.add({
            match: { operationId: "RunNow" },
            fault: { kind: "status", status: 400, errorCode: "INVALID_PARAMETER_VALUE", message: "bad region" },
        });
        await formulas.play("OnTrigger");
        expect(control.inputs.ErrorText).toMatch(/bad region/);
        expect(control.inputs.Run).toBe("");
        expect(formulas.player.unhandledErrors).toEqual([]);
    });

    test("a failed GetRun right after RunNow still hands the new run id to the control", async () => {
        const { control, formulas } = setUp();
        failGetRun();
        await formulas.play("OnTrigger");
        expect(Object.keys(JSON.parse(control.inputs.Run ?? "{}") as object)).toContain("run_id");
        expect(control.inputs.ErrorText).toBe("");
    });

    test("a failed refresh shows its message and keeps the run the control follows", async () => {
        const { control, formulas } = setUp();
        await formulas.play("OnTrigger");
        control.followRun();
        const followed = control.inputs.Run;
        failGetRun();
        await formulas.play("OnRefresh");
        expect(control.inputs.ErrorText).toMatch(/no access to run/);
        expect(control.inputs.Run).toBe(followed);
    });

    test("a failed cancel shows its message", async () => {
        const { control, formulas } = setUp();
        await formulas.play("OnTrigger");
        control.followRun();
        emulator.faults.add({
            match: { operationId: "CancelRun" },
            fault: { kind: "status", status: 403, errorCode: "PERMISSION_DENIED", message: "may not cancel" },
        });
        await formulas.play("OnCancel");
        expect(control.inputs.ErrorText).toMatch(/may not cancel/);
    });
});

test("a chained IfError Value misses the failed GetRun: ErrorText never changes (the shape the guides no longer show)", async () => {
    const { control, formulas } = setUp({
        OnRefresh: CHAINED_ON_REFRESH,
        Run: "JSON(varRun)",
        ErrorText: "varRunError",
    });
    control.outputValues.RunId = "771234500000001";
    failGetRun();
    await formulas.play("OnRefresh");
    expect(control.inputs.ErrorText).toBe("");
    expect(formulas.player.unhandledErrors).toEqual([expect.stringMatching(/no access to run/)]);
});
