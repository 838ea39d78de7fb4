import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ControlEvents, InputProperties, OutputProperties } from "../TriggerControl/ManifestConstants";
import { loadConnector } from "../tools/connector/connectorFiles";
import { formatProblem } from "../tools/connector/problem";
import { powerFxCallsIn } from "../tools/connector/powerFx";
import { checkPowerFxCalls } from "../tools/connector/readmeRules";
import type { SwaggerDocument } from "../tools/connector/swaggerModel";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const definition = loadConnector(join(root, "connector")).apiDefinition as SwaggerDocument;

describe("the README's canvas wiring", () => {
    test("calls RunNow, GetRun and CancelRun", () => {
        const called = new Set(powerFxCallsIn(readme).map((call) => call.operationId));
        for (const operation of ["RunNow", "GetRun", "CancelRun"]) expect(called).toContain(operation);
    });

    test("every DatabricksJobs call fits the shipped connector", () => {
        expect(checkPowerFxCalls(readme, definition, "README.md").map(formatProblem)).toEqual([]);
    });

    test("every control property and event it names exists in the manifest", () => {
        const known = new Set<string>([...InputProperties, ...OutputProperties, ...ControlEvents]);
        const named = [...readme.matchAll(/\b(?:Self|TriggerControl1)\.(\w+)/g)].map((match) => match[1]);
        expect(named.length).toBeGreaterThan(5);
        expect(named.filter((name) => !known.has(name))).toEqual([]);
    });
});
