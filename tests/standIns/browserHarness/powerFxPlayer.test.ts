import {
    asInputText,
    FxError,
    parsePowerFx,
    PowerFxPlayer,
    PowerFxSyntaxError,
    type FxValue,
} from "../../../tools/standIns/browserHarness/powerFxPlayer";

/** A host whose connector answers from a script: an operation name maps to its answer or error text. */
function playerWith(answers: Record<string, FxValue | FxError>, self: Record<string, FxValue> = {}) {
    const calls: string[] = [];
    const player = new PowerFxPlayer(
        {
            self: (name) => self[name],
            call: (connector, operation, args) => {
                calls.push(`${connector}.${operation}(${args.map((arg) => JSON.stringify(arg)).join(", ")})`);
                return Promise.resolve(answers[operation]);
            },
        },
        ["DatabricksJobs"],
    );
    return { player, calls };
}

const failing = new FxError("GetRun failed: 403 PERMISSION_DENIED");

describe("IfError, as Microsoft documents it", () => {
    test("with a chain as its Value, an error of the chain's first formula is not IfError's: the fallback never runs", async () => {
        const { player } = playerWith({ GetRun: failing }, { RunId: "42" });
        await player.run(`IfError(
            Set(varRun, DatabricksJobs.GetRun(Value(Self.RunId)));
            Set(varRunError, Blank()),
            Set(varRunError, FirstError.Message))`);
        expect(player.variables.get("varRunError")).toBeUndefined();
        expect(player.variables.get("varRun")).toBe(failing);
        expect(player.unhandledErrors).toEqual([failing.message]);
    });

    test("with each call its own Value, the failed call runs its fallback and the message reaches ErrorText", async () => {
        const { player } = playerWith({ GetRun: failing }, { RunId: "42" });
        await player.run(`IfError(
            Set(varAnswer, DatabricksJobs.GetRun(Value(Self.RunId))),
            Set(varRunError, FirstError.Message),
            Set(varRun, JSON(varAnswer)); Set(varRunError, Blank()))`);
        expect(player.variables.get("varRunError")).toBe(failing.message);
        expect(player.variables.has("varRun")).toBe(false);
        expect(player.unhandledErrors).toEqual([]);
    });

    test("evaluates the Values in order and stops at the first error: later Values are not called", async () => {
        const { player, calls } = playerWith({ RunNow: new FxError("RunNow failed"), GetRun: { state: "x" } });
        const result = await player.run(`IfError(
            Set(varStart, DatabricksJobs.RunNow(1, {})), "first",
            Set(varAnswer, DatabricksJobs.GetRun(varStart.run_id)), "second",
            "none")`);
        expect(result).toBe("first");
        expect(calls).toEqual(["DatabricksJobs.RunNow(1, {})"]);
    });

    test("without an error it gives the DefaultResult, or the last Value when there is none", async () => {
        const { player } = playerWith({});
        expect(await player.run('IfError("a", "fallback a", "b", "fallback b", "default")')).toBe("default");
        expect(await player.run('IfError("a", "fallback a", "b", "fallback b")')).toBe("b");
    });

    test("FirstError is only known inside a fallback", async () => {
        const { player } = playerWith({});
        await expect(player.run("Set(x, FirstError.Message)")).rejects.toThrow(PowerFxSyntaxError);
    });
});

describe("formulas and values", () => {
    test("a chain runs every formula and gives the last one's value", async () => {
        const { player } = playerWith({});
        expect(await player.run('Set(a, "1"); Set(b, "2"); b')).toBe("2");
        expect(player.variables.get("a")).toBe("1");
    });

    test("reads fields of a connector's answer, turns text into numbers and records into JSON", async () => {
        const { player, calls } = playerWith({ RunNow: { run_id: 771234500000001 } }, { JobId: "684213907551001" });
        await player.run(
            'Set(start, DatabricksJobs.RunNow(Value(Self.JobId), {idempotency_token: "t"})); Set(text, JSON(start))',
        );
        expect(calls).toEqual(['DatabricksJobs.RunNow(684213907551001, {"idempotency_token":"t"})']);
        expect(player.variables.get("text")).toBe('{"run_id":771234500000001}');
        expect(await player.value("start.run_id")).toBe(771234500000001);
    });

    test("an input bound to an error or to Blank() receives empty text", () => {
        expect(asInputText(undefined)).toBe("");
        expect(asInputText(failing)).toBe("");
        expect(asInputText("{}")).toBe("{}");
    });

    test("refuses what it cannot play, naming it, instead of playing it wrongly", () => {
        expect(() => parsePowerFx('If(a = 1, "x")')).toThrow(/does not play "="/);
        expect(() => parsePowerFx("IfError(a, b")).toThrow(/"\)" is expected/);
    });

    test("refuses a function it does not know", async () => {
        const { player } = playerWith({});
        await expect(player.run('Notify("x")')).rejects.toThrow(/does not play Notify/);
    });
});
