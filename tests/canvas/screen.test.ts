import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { main, screenCheckContext, SHIPPED_SCREEN } from "../../tools/canvas/checkScreen";
import { manifestFormulas } from "../../tools/canvas/manifestFormulas";
import { checkScreenText, formatScreenProblem, type ScreenCheckContext } from "../../tools/canvas/screenCheck";
import { powerFxCallsIn } from "../../tools/connector/validator/powerFx";
import { REPO_ROOT } from "../../tools/common/repoPaths";
import { formatProblem } from "../../tools/connector/model/problem";
import { checkPowerFxCalls } from "../../tools/connector/validator/readmeRules";
import { linkProblems } from "../docs/guides";

const shipped = readFileSync(join(REPO_ROOT, SHIPPED_SCREEN), "utf8");
const { context } = screenCheckContext(REPO_ROOT, process.env);
/** The formulas and the control only: the schema has its own tests, behind the reference data. */
const withoutSchema: ScreenCheckContext = { ...context, validateSchema: undefined };

const check = (text: string) =>
    checkScreenText(text, withoutSchema).map((problem) => formatScreenProblem("screen.pa.yaml", problem));

type Control = { Control: string; ComponentName?: string; Properties: Record<string, string> };
const screen = parse(shipped) as {
    Screens: Record<string, { Properties: Record<string, string>; Children: Record<string, Control>[] }>;
};
const [screenName, onlyScreen] = Object.entries(screen.Screens)[0];
const controls = Object.fromEntries(onlyScreen.Children.flatMap((child) => Object.entries(child)));
const trigger = controls.DatabricksJob1;

function lineOf(text: string, fragment: string): number {
    return text.slice(0, text.indexOf(fragment)).split("\n").length;
}

describe("the paste-ready screen", () => {
    test("passes the control and formula checks", () => {
        expect(check(shipped)).toEqual([]);
    });

    test("holds the Databricks Job Trigger control under its solution name", () => {
        expect(context.componentName).toBe("dbxjt_DatabricksJobTrigger.TriggerControl");
        expect(trigger).toMatchObject({ Control: "CodeComponent", ComponentName: context.componentName });
    });

    test("picks the job from ListJobs and reads its parameters with GetJob on the control's own JobId", () => {
        expect(powerFxCallsIn(onlyScreen.Properties.OnVisible).map((call) => call.operationId)).toEqual(["ListJobs"]);
        const picker = controls.DatabricksJob1_JobPicker.Properties;
        expect(picker.Items).toBe("=varJobList_DatabricksJob1");
        expect(trigger.Properties.JobId).toBe("=DatabricksJob1_JobPicker.Selected.JobId");
        expect(picker.OnChange).toContain("DatabricksJobs.GetJob(Value(DatabricksJob1.JobId))");
        expect(trigger.Properties.ParameterDefinitions).toBe("=varJobDefinition_DatabricksJob1");
    });

    test("wires the three events to RunNow, GetRun and CancelRun with the control's own outputs", () => {
        const called = (property: string) =>
            powerFxCallsIn(trigger.Properties[property]).map((call) => call.operationId);
        expect(called("OnTrigger")).toEqual(["RunNow", "GetRun"]);
        expect(trigger.Properties.OnTrigger).toMatch(/RunNow\(Value\(Self\.JobId\),/);
        expect(trigger.Properties.OnTrigger).toContain("idempotency_token: Self.IdempotencyToken");
        expect(called("OnRefresh")).toEqual(["GetRun"]);
        expect(trigger.Properties.OnRefresh).toContain("GetRun(Value(Self.RunId))");
        expect(called("OnCancel")).toEqual(["CancelRun"]);
        expect(trigger.Properties.Run).toBe("=varRun_DatabricksJob1");
        expect(trigger.Properties.ErrorText).toBe("=varRunError_DatabricksJob1");
    });

    test("gives the control the manifest's prefilled formulas, its variables named after DatabricksJob1", () => {
        const normalized = (formula: string) =>
            formula.replace(/^=/, "").replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");
        const prefilled = manifestFormulas();
        expect(prefilled.map((entry) => entry.name).sort()).toEqual([
            "ErrorText",
            "OnCancel",
            "OnRefresh",
            "OnTrigger",
            "Run",
        ]);
        for (const { name, formula } of prefilled) {
            expect(normalized(trigger.Properties[name])).toBe(
                normalized(formula.replace(/_TriggerControl1\b/g, "_DatabricksJob1")),
            );
        }
    });

    test("shows the control's outputs in labels", () => {
        const labelled = Object.entries(controls)
            .filter(([name]) => name !== "DatabricksJob1")
            .flatMap(
                ([, control]) =>
                    Object.values(control.Properties)
                        .join("\n")
                        .match(/DatabricksJob1\.\w+/g) ?? [],
            );
        for (const output of ["RunState", "RunId", "RunPageUrl", "IsActive", "ValidationError"])
            expect(labelled).toContain(`DatabricksJob1.${output}`);
    });

    test("names every variable after the control, so a second copy renamed to DatabricksJob2 shares nothing", () => {
        const variables = new Set([...shipped.matchAll(/Set\((\w+),/g)].map((match) => match[1]));
        expect(variables.size).toBeGreaterThanOrEqual(6);
        expect([...variables].filter((name) => !name.endsWith("_DatabricksJob1"))).toEqual([]);
        const copy = shipped.replace(/DatabricksJob1/g, "DatabricksJob2");
        expect(check(copy)).toEqual([]);
        expect(copy).not.toContain("DatabricksJob1");
    });
});

describe("a screen with a mistake is refused, naming where", () => {
    test("a ComponentName that is not the control's", () => {
        const text = shipped.replace(
            "ComponentName: dbxjt_DatabricksJobTrigger.TriggerControl",
            "ComponentName: dbxjt_DatabricksJobTrigger.Trigger",
        );
        expect(check(text)).toEqual([
            `screen.pa.yaml:${lineOf(text, "ComponentName:")} /Screens/${screenName}/Children/3/DatabricksJob1/ComponentName: is "dbxjt_DatabricksJobTrigger.Trigger"; the Databricks Job Trigger control is dbxjt_DatabricksJobTrigger.TriggerControl (the solution's publisher prefix, the manifest's namespace and constructor)`,
        ]);
    });

    test("RunNow with its arguments the wrong way round", () => {
        const text = shipped.replace(
            /RunNow\(Value\(Self\.JobId\), (\{[^}]*\})\)/,
            (_whole, record: string) => `RunNow(${record}, Value(Self.JobId))`,
        );
        expect(text).not.toBe(shipped);
        const [only, ...others] = check(text);
        expect(others).toEqual([]);
        expect(only).toContain(
            `screen.pa.yaml:${lineOf(text, "OnTrigger:")} /Screens/${screenName}/Children/3/DatabricksJob1/Properties/OnTrigger: RunNow takes 1 positional argument(s), as in DatabricksJobs.RunNow(job_id, { `,
        );
        expect(only).toMatch(/ \(formula line 3\)$/);
    });

    test("a parenthesis left open", () => {
        const text = shipped.replace(
            "Set(varRunAnswer_DatabricksJob1, DatabricksJobs.GetRun(Value(Self.RunId))),",
            "Set(varRunAnswer_DatabricksJob1, DatabricksJobs.GetRun(Value(Self.RunId)),",
        );
        expect(text).not.toBe(shipped);
        expect(check(text)).toEqual([
            `screen.pa.yaml:${lineOf(text, "OnRefresh:")} /Screens/${screenName}/Children/3/DatabricksJob1/Properties/OnRefresh: "(" is never closed (formula line 1, column 8)`,
        ]);
    });

    test("a chained Value in IfError, whose first call's error could pass unseen", () => {
        const text = shipped.replace(
            "Set(varRunAnswer_DatabricksJob1, DatabricksJobs.GetRun(Value(Self.RunId))),",
            "Set(varRunAnswer_DatabricksJob1, DatabricksJobs.GetRun(Value(Self.RunId))); Set(varRunError_DatabricksJob1, Blank()),",
        );
        expect(text).not.toBe(shipped);
        expect(check(text)).toEqual([
            expect.stringContaining(
                "/Properties/OnRefresh: IfError's Value1 is a chain (Set(varRunAnswer_DatabricksJob1, DatabricksJobs.GetRun(Value(Self.RunId))); …)",
            ),
        ]);
    });

    test("a property or output the control does not have", () => {
        const text = shipped
            .replace("ErrorText: =varRunError_DatabricksJob1", "ErrorMessage: =varRunError_DatabricksJob1")
            .replace("=DatabricksJob1.ValidationError\n", "=DatabricksJob1.ValidationMessage\n");
        expect(check(text)).toEqual([
            expect.stringMatching(
                /:\d+ \/Screens\/.*\/DatabricksJob1\/Properties\/ErrorMessage: the control has no input or event ErrorMessage/,
            ),
            expect.stringMatching(
                /\/DatabricksJob1_ValidationLabel\/Properties\/Text: DatabricksJob1\.ValidationMessage: the control has no property ValidationMessage$/,
            ),
        ]);
    });

    test("a file that is not YAML", () => {
        expect(check("Screens:\n  A: [\n")).toEqual([expect.stringMatching(/^screen\.pa\.yaml:\d+ \/: not YAML: /)]);
    });
});

describe("the command makers run before pasting", () => {
    const run = (argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = main({
            argv,
            env: process.env,
            rootDir: REPO_ROOT,
            stdout: (text) => out.push(text),
            stderr: (text) => err.push(text),
        });
        return { code, out: out.join(""), err: err.join("") };
    };

    test("passes the shipped screen", () => {
        const { code, out } = run([]);
        expect(code).toBe(0);
        expect(out).toMatch(/^docs\/canvas\/DatabricksJobScreen\.pa\.yaml: ready to paste/);
    });

    test("refuses an edited copy with exit code 1, naming the file and line", () => {
        const dir = mkdtempSync(join(tmpdir(), "canvas-screen-"));
        try {
            const file = join(dir, "edited.pa.yaml");
            writeFileSync(file, shipped.replace("CancelRun(Value(Self.RunId))", "CancelRun(Self.RunId, Self.RunId)"));
            const { code, err } = run([file]);
            expect(code).toBe(1);
            expect(err).toContain(`${file}:${lineOf(shipped, "OnCancel:")} /Screens/`);
            expect(err).toContain("CancelRun takes 1 positional argument(s)");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    test("refuses a file that does not exist as a usage error", () => {
        expect(run(["no-such-screen.pa.yaml"]).code).toBe(2);
    });
});

describe("the screen's README", () => {
    const file = "docs/canvas/README.md";
    const text = readFileSync(join(REPO_ROOT, file), "utf8");

    test("links only to files and headings that exist", () => {
        expect(linkProblems(file, text)).toEqual([]);
    });

    test("shows only DatabricksJobs calls the connector takes", () => {
        expect(checkPowerFxCalls(text, context.definition, file).map(formatProblem)).toEqual([]);
    });
});
