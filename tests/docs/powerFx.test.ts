import { join } from "node:path";
import { ControlEvents, InputProperties, OutputProperties } from "../../TriggerControl/ManifestConstants";
import { loadConnector } from "../../tools/connector/model/connectorFiles";
import { formatProblem } from "../../tools/connector/model/problem";
import { powerFxCallsIn } from "../../tools/connector/validator/powerFx";
import { checkPowerFxCalls } from "../../tools/connector/validator/readmeRules";
import type { SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { GUIDE_FILES, readGuide, root } from "./guides";

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
