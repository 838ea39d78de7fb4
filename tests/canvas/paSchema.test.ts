import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
    ACTIONS_CONNECTOR_ID_PATCH,
    compilePaSchema,
    COMPONENT_NAME_PATTERN_PATCH,
    PA_SCHEMA_CHECK,
    paSchemaErrors,
    patchedPaSchema,
    readPaSchema,
} from "../../tools/canvas/paYamlSchema";
import { SHIPPED_SCREEN, screenCheckContext } from "../../tools/canvas/checkScreen";
import { checkScreenText, formatScreenProblem } from "../../tools/canvas/screenCheck";
import { describeSchemaError } from "../../tools/common/jsonSchemaErrors";
import { REPO_ROOT } from "../../tools/common/repoPaths";
import { needsReference, readReferenceText, referenceData } from "../support/reference";

const gate = needsReference(PA_SCHEMA_CHECK);

const published = () => readPaSchema(referenceData());
const errorsOf = (validate: ReturnType<typeof compilePaSchema>, document: unknown) =>
    paSchemaErrors(validate, document).map((error) => `${error.instancePath} ${describeSchemaError(error)}`);

/** A connector data source as its definition describes one: Type Actions with the connector's id. */
const connectorDataSource = {
    DataSources: {
        DatabricksJobs: { Type: "Actions", ConnectorId: "/providers/microsoft.powerapps/apis/shared_example" },
    },
};

gate.describe("the pa.yaml v3.0 schema", () => {
    test("the shipped screen is valid against the patched schema", () => {
        const { context } = screenCheckContext(REPO_ROOT, process.env);
        const text = readFileSync(join(REPO_ROOT, SHIPPED_SCREEN), "utf8");
        expect(context.validateSchema).toBeDefined();
        expect(checkScreenText(text, context)).toEqual([]);
    });

    test("as published it cannot be compiled, because of the ComponentName pattern alone", () => {
        expect(() => compilePaSchema(published())).toThrow(/Invalid regular expression.*Unmatched '\)'/);
        expect(() => compilePaSchema(patchedPaSchema(published(), [ACTIONS_CONNECTOR_ID_PATCH]))).toThrow(
            /Invalid regular expression/,
        );
        expect(() => compilePaSchema(patchedPaSchema(published(), [COMPONENT_NAME_PATTERN_PATCH]))).not.toThrow();
    });

    test("without the Actions patch a connector data source is refused for its ConnectorId, and only for it", () => {
        const onlyNamePatch = compilePaSchema(patchedPaSchema(published(), [COMPONENT_NAME_PATTERN_PATCH]));
        // Each branch of the oneOf says why it does not fit: the Table branch by its Type, the Actions branch by ConnectorId.
        expect(errorsOf(onlyNamePatch, connectorDataSource)).toEqual([
            '/DataSources/DatabricksJobs must NOT have additional properties: "ConnectorId"',
            '/DataSources/DatabricksJobs/Type must be equal to constant: "Table"',
        ]);
        expect(errorsOf(onlyNamePatch, { DataSources: { DatabricksJobs: { Type: "Actions" } } })).toEqual([]);
        expect(errorsOf(compilePaSchema(patchedPaSchema(published())), connectorDataSource)).toEqual([]);
    });

    test("the patches fail loudly once Microsoft has fixed the schema", () => {
        const fixed = patchedPaSchema(published());
        expect(() => patchedPaSchema(fixed, [COMPONENT_NAME_PATTERN_PATCH])).toThrow(
            "The pa.yaml schema patch code-component-name-pattern no longer applies: the pattern is no longer the published one",
        );
        expect(() => patchedPaSchema(fixed, [ACTIONS_CONNECTOR_ID_PATCH])).toThrow(
            "The pa.yaml schema patch actions-data-source-connector-id no longer applies: the Actions branch already allows ConnectorId",
        );
    });

    test("the patched schema accepts Studio's own output and still refuses a bad code component name", () => {
        const validate = compilePaSchema(patchedPaSchema(published()));
        for (const file of [
            "canvas-source/AlmTestApp-Screen1.pa.yaml",
            "canvas-source/pnp-apptemplate-cmpHeader.pa.yaml",
        ])
            expect(errorsOf(validate, parse(readReferenceText(file)))).toEqual([]);
        // Microsoft's own test example names a code component without a namespace, which its pattern refuses.
        expect(errorsOf(validate, parse(readReferenceText("canvas-source/CodeComponentsScreen5.pa.yaml")))).toEqual([
            '/Screens/CodeComponentsScreen5/Children/0/MyHeaderComponent_2/ComponentName must match pattern "^(([a-zA-Z][a-zA-Z0-9]{1,7})_)?(\\w+\\.)+(\\w+)(\\([0-9a-f-]{36}\\))?$"',
        ]);
    });

    test("a screen whose code component has no namespace is refused at its line", () => {
        const { context } = screenCheckContext(REPO_ROOT, process.env);
        const text = readFileSync(join(REPO_ROOT, SHIPPED_SCREEN), "utf8").replace(
            "ComponentName: dbxjt_DatabricksJobTrigger.TriggerControl",
            "ComponentName: TriggerControl",
        );
        const line = text.slice(0, text.indexOf("ComponentName:")).split("\n").length;
        expect(checkScreenText(text, context).map((problem) => formatScreenProblem("s.pa.yaml", problem))).toEqual([
            expect.stringMatching(
                new RegExp(
                    `^s\\.pa\\.yaml:${line} /Screens/DatabricksJobScreen/Children/3/DatabricksJob1/ComponentName: the pa\\.yaml schema: must match pattern`,
                ),
            ),
        ]);
    });
});
