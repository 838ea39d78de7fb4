import { join } from "node:path";
import { manifestFormulas } from "../../tools/canvas/manifestFormulas";
import { powerFxFormulaProblems } from "../../tools/canvas/screenCheck";
import { ControlEvents, InputProperties, OutputProperties } from "../../TriggerControl/ManifestConstants";
import { loadConnector } from "../../tools/connector/model/connectorFiles";
import { formatProblem } from "../../tools/connector/model/problem";
import { powerFxCallsIn, topLevelParts } from "../../tools/connector/validator/powerFx";
import { checkPowerFxCalls } from "../../tools/connector/validator/readmeRules";
import type { SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { GUIDE_FILES, readGuide, root } from "./guides";
import { codeBlocks } from "./markdown";

const definition = loadConnector(join(root, "connector")).apiDefinition as SwaggerDocument;

describe.each(GUIDE_FILES)("the Power Fx in %s", (file) => {
    const text = readGuide(file);

    test("every DatabricksJobs call fits the shipped connector", () => {
        expect(checkPowerFxCalls(text, definition, file).map(formatProblem)).toEqual([]);
    });

    test("every control property and event it names exists in the manifest", () => {
        const known = new Set<string>([...InputProperties, ...OutputProperties, ...ControlEvents]);
        const named = [...text.matchAll(/\b(?:Self|TriggerControl1)\.(\w+)/g)].map((match) => match[1]);
        expect(named.filter((name) => !known.has(name))).toEqual([]);
    });
});

test.each(["README.md", "docs/maker-guide.md"])("%s shows RunNow, GetRun and CancelRun", (file) => {
    const called = new Set(powerFxCallsIn(readGuide(file)).map((call) => call.operationId));
    for (const operation of ["RunNow", "GetRun", "CancelRun"]) expect(called).toContain(operation);
});

test("a call the connector cannot take is reported with its page and line", () => {
    const text = "Intro\n\n```\nSet(varRun, DatabricksJobs.GetRun({ run_id: Self.RunId }))\n```\n";
    expect(checkPowerFxCalls(text, definition, "docs/example.md").map(formatProblem)).toEqual([
        "docs/example.md#/line/4 [readme-power-fx] GetRun takes 1 positional argument(s), as in DatabricksJobs.GetRun(run_id, { include_history, include_resolved_values, page_token })",
    ]);
});

/** A formula shown in a guide: `Target.Property = formula`, or a whole block that is one formula. */
interface ShownFormula {
    file: string;
    line: number;
    target?: string;
    formula: string;
}

const FORMULA_START = /^([A-Za-z_]\w*\.\w+)\s*=\s(.*)$/;
/** Power Fx a block may hold; such a block must be fenced as `powerfx`, so the checks below see it. */
const LOOKS_LIKE_POWER_FX = /\bIfError\(|\bSet\(|\bDatabricksJobs\.\w+\(|\.OnTrigger\b/;

/** The formulas in a page's ```powerfx blocks. */
function shownFormulas(file: string, text: string): ShownFormula[] {
    const formulas: ShownFormula[] = [];
    for (const block of codeBlocks(text)) {
        if (block.info !== "powerfx") continue;
        const first = block.line + 1;
        block.content.split("\n").forEach((lineText, index) => {
            const start = FORMULA_START.exec(lineText);
            if (start) formulas.push({ file, line: first + index, target: start[1], formula: start[2] });
            else if (formulas.length > 0 && formulas[formulas.length - 1].line >= first)
                formulas[formulas.length - 1].formula += `\n${lineText}`;
            else if (lineText.trim()) formulas.push({ file, line: first + index, formula: lineText });
        });
    }
    return formulas;
}

const FORMULA_PAGES = GUIDE_FILES.filter((file) => file === "README.md" || /^docs\/[^/]+\.md$/.test(file));
const pageFormulas = FORMULA_PAGES.flatMap((file) => shownFormulas(file, readGuide(file)));
const prefilled = manifestFormulas().map(({ element, name, formula }) => ({
    file: "TriggerControl/ControlManifest.Input.xml",
    line: 0,
    target: `<${element} ${name}> pfx-default-value`,
    formula,
}));

function problemsOf(shown: ShownFormula): string[] {
    const where = `${shown.file}${shown.line ? `:${shown.line}` : ""} ${shown.target ?? ""}`.trim();
    return powerFxFormulaProblems(shown.formula, definition).map(
        (message) => `${where}: ${message}\n    in: ${shown.formula.trim()}`,
    );
}

describe("every formula the manifest prefills, the README and the guides show", () => {
    test("the manifest prefills OnTrigger, OnRefresh, OnCancel, Run and ErrorText", () => {
        expect(prefilled.map((entry) => entry.target)).toEqual([
            "<property Run> pfx-default-value",
            "<property ErrorText> pfx-default-value",
            "<event OnTrigger> pfx-default-value",
            "<event OnRefresh> pfx-default-value",
            "<event OnCancel> pfx-default-value",
        ]);
    });

    test("the README and the maker guide show formulas to check", () => {
        for (const file of ["README.md", "docs/maker-guide.md"])
            expect(pageFormulas.filter((shown) => shown.file === file).length).toBeGreaterThanOrEqual(6);
    });

    test("fit the connector, balance their brackets, and give each IfError Value one formula", () => {
        expect([...prefilled, ...pageFormulas].flatMap(problemsOf)).toEqual([]);
    });

    test("the README shows exactly the formulas the manifest prefills", () => {
        const readme = new Map(
            pageFormulas.filter((shown) => shown.file === "README.md").map((s) => [s.target, s.formula]),
        );
        const squash = (formula: string | undefined) => formula?.replace(/\s+/g, " ").replace(/\( /g, "(").trim();
        for (const { name, formula } of manifestFormulas())
            expect(squash(readme.get(`TriggerControl1.${name}`))).toBe(squash(formula));
    });

    test.each(FORMULA_PAGES)("%s fences every block of Power Fx as powerfx, so it is checked", (file) => {
        const unfenced = codeBlocks(readGuide(file))
            // Diagrams name events and calls in their labels; they are pictures, not formulas to paste.
            .filter((block) => !["powerfx", "mermaid"].includes(block.info))
            .filter((block) => LOOKS_LIKE_POWER_FX.test(block.content))
            .map((block) => `${file}:${block.line}`);
        expect(unfenced).toEqual([]);
    });

    test("GetJob reads the control's own JobId", () => {
        const getJob = [...prefilled, ...pageFormulas].flatMap((shown) =>
            powerFxCallsIn(shown.formula)
                .filter((call) => call.operationId === "GetJob")
                .map((call) => shown.formula.slice(call.index).match(/^DatabricksJobs\.GetJob\(([^)]*\))\)/)?.[1]),
        );
        expect(getJob.length).toBeGreaterThan(0);
        for (const argument of getJob) expect(argument).toMatch(/^Value\((Self|TriggerControl\d+)\.JobId\)$/);
    });

    test("no variable holds two different things: each is set from one kind of call", () => {
        const sources = new Map<string, Set<string>>();
        for (const { formula } of [...prefilled, ...pageFormulas]) {
            for (const match of formula.matchAll(/\bSet\((\w+),/g)) {
                const value = topLevelParts(formula, (match.index ?? 0) + match[0].length, ")")?.[0] ?? "";
                const called = /\b([A-Za-z]\w*\.\w+)\(/.exec(value)?.[1];
                if (!called) continue;
                const seen = sources.get(match[1]) ?? new Set<string>();
                sources.set(match[1], seen.add(called));
            }
        }
        const mixed = [...sources].filter(([, called]) => called.size > 1).map(([name, c]) => `${name}: ${[...c]}`);
        expect(mixed).toEqual([]);
    });
});

describe("the checks catch what a maker would otherwise meet", () => {
    const wrong = (formula: string) => problemsOf({ file: "docs/example.md", line: 7, target: "X.OnRefresh", formula });

    test("an IfError Value written as a chain fails, naming the page, line and formula", () => {
        const problems = wrong(
            "IfError(Set(varRun, DatabricksJobs.GetRun(Value(Self.RunId))); Set(varRunError, Blank()), Set(varRunError, FirstError.Message))",
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^docs\/example\.md:7 X\.OnRefresh: IfError's Value1 is a chain/);
        expect(problems[0]).toContain("in: IfError(Set(varRun,");
    });

    test("an unbalanced formula and a call the connector cannot take fail", () => {
        expect(wrong("IfError(DatabricksJobs.CancelRun(Value(Self.RunId)), Set(e, FirstError.Message)")[0]).toMatch(
            /"\(" is never closed/,
        );
        expect(wrong("DatabricksJobs.RunNow({job_id: 1})")[0]).toMatch(/RunNow takes 1 positional argument/);
        expect(wrong("DatabricksJobs.GetRun(1, {run: 2})")[0]).toMatch(/GetRun has no optional parameter run/);
        expect(wrong("DatabricksJobs.StartRun(1)")[0]).toMatch(/StartRun is not an operation/);
    });
});
