import { parseJsonc } from "../../tools/connector/model/jsonc";
import { formatProblem } from "../../tools/connector/model/problem";
import { checkOpenApi, checkSchemas, loadConnectorSchema } from "../../tools/connector/validator/schemaCheck";
import { patchedSchema, SCHEMA_PATCHES } from "../../tools/connector/validator/schemaPatches";
import { needsReference, referenceDir, readReferenceText, REFERENCE_CHECKS } from "../support/reference";
import { connectorCopy, definitionOf } from "./fixture";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withoutPatch = (name: string) => SCHEMA_PATCHES.filter((patch) => patch.name !== name);
const schemas = needsReference(REFERENCE_CHECKS.connectorSchemas);
const newerSchema = needsReference(REFERENCE_CHECKS.newerConnectorSchema);

describe("Microsoft's schemas", () => {
    schemas.it("accept the shipped connector with the named patches", () => {
        expect(checkSchemas(connectorCopy(), referenceDir()).map(formatProblem)).toEqual([]);
    });

    schemas.it("report what they are there to report", () => {
        const files = connectorCopy();
        (files.settings as Json).icon = 42;
        (files.apiProperties as Json).properties.connectionParameters.workspaceHost.type = "hostname";
        definitionOf(files).paths!["/api/2.2/jobs/runs/get"].get["x-ms-visibility"] = "hidden";
        expect(checkSchemas(files, referenceDir()).map(formatProblem)).toEqual(
            expect.arrayContaining([
                'apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1runs~1get/get/x-ms-visibility [schema:apiDefinition.swagger.schema.json] must be equal to one of the allowed values: ["important","advanced","internal"]',
                'apiProperties.json#/properties/connectionParameters/workspaceHost/type [schema:paconn-apiProperties.schema.json] must be equal to one of the allowed values: ["string","securestring","int","bool"]',
                "settings.json#/icon [schema:paconn-settings.schema.json] must be string",
            ]),
        );
    });

    schemas.describe("with a patch left out", () => {
        it.each([
            [
                "redirect-mode-global-per-connector",
                'apiProperties.json#/properties/connectionParameters/token/oAuthSettings/redirectMode [schema:paconn-apiProperties.schema.json] must be equal to one of the allowed values: ["Global","Direct"]',
            ],
            [
                "script-operations",
                'apiProperties.json#/properties [schema:paconn-apiProperties.schema.json] must NOT have additional properties: "scriptOperations"',
            ],
            [
                "aad-on-behalf-of-login",
                'apiProperties.json#/properties/connectionParameters/token/oAuthSettings/customParameters [schema:paconn-apiProperties.schema.json] must NOT have additional properties: "enableOnbehalfOfLogin"',
            ],
            [
                "settings-script",
                'settings.json# [schema:paconn-settings.schema.json] must NOT have additional properties: "script"',
            ],
        ])("need patch %s", (name, expected) => {
            expect(checkSchemas(connectorCopy(), referenceDir(), withoutPatch(name)).map(formatProblem)).toContain(
                expected,
            );
        });
    });

    newerSchema.it("patch what the newer schema (7e2d88f) says, where it says it", () => {
        const newer = parseJsonc<Json>(
            readReferenceText("powerplatform-connectors/newer-unverified-7e2d88f/paconn-apiProperties.schema.json"),
        );
        const patched = patchedSchema("apiProperties", loadConnectorSchema("apiProperties", referenceDir())) as Json;
        expect(patched.definitions.oAuthSettings.properties.redirectMode.enum).toEqual(
            newer.definitions.oAuthSettings.properties.redirectMode.enum,
        );
        const withoutDescription = (schema: Json) => ({ ...schema, description: undefined });
        expect(withoutDescription(patched.properties.properties.properties.scriptOperations)).toEqual(
            withoutDescription(newer.properties.properties.properties.scriptOperations),
        );
    });

    it("fail loudly when a patch no longer fits the schema", () => {
        expect(() => patchedSchema("settings", { properties: undefined })).toThrow(
            "Schema patch settings-script no longer fits the settings schema: no object at properties",
        );
    });

    it("explain every patch", () => {
        for (const patch of SCHEMA_PATCHES) expect(patch.why.length).toBeGreaterThan(60);
    });
});

describe("OpenAPI 2.0 validity", () => {
    it("holds for the shipped definition", async () => {
        expect(await checkOpenApi(connectorCopy())).toEqual([]);
    });

    it("reports a $ref to a missing definition", async () => {
        const files = connectorCopy();
        definitionOf(files).paths!["/api/2.2/jobs/runs/get"].get.responses!["200"].schema = {
            $ref: "#/definitions/Missing",
        };
        const problems = await checkOpenApi(files);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ file: "apiDefinition.swagger.json", rule: "openapi-2.0" });
        expect(problems[0].message).toContain("#/definitions/Missing");
    });
});

schemas.describe("schema errors under oneOf", () => {
    it("keep the error of the branch that was meant", () => {
        const files = connectorCopy();
        (files.apiProperties as Json).properties.connectionParameters.token.oAuthSettings.identityProvider = "add";
        const lines = checkSchemas(files, referenceDir()).map(formatProblem);
        expect(lines).toContain(
            'apiProperties.json#/properties/connectionParameters/token/oAuthSettings/identityProvider [schema:paconn-apiProperties.schema.json] must be equal to one of the allowed values: ["oauth2","oauth2generic","aad","aadcertificate","facebook"]',
        );
        expect(lines.some((line) => line.includes("must match exactly one schema in oneOf"))).toBe(false);
    });
});
