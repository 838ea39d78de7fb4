import { join } from "node:path";
import { developmentBuildSign } from "../../tools/build/solution/controlOutput";
import { packSolution } from "../../tools/build/solution/packer";
import { PackError } from "../../tools/build/solution/errors";
import { readSolutionSource } from "../../tools/build/solution/solutionSource";
import { productVersions } from "../../tools/build/solution/version";
import { readFileSync } from "node:fs";
import { child, parseXmlText } from "./xmlRead";
import { DEVELOPMENT_BUNDLE, editFile, makeWorkspace, PRODUCTION_BUNDLE, REPO, SOURCE_DIR } from "./workspace";

describe("productVersions", () => {
    test("stamps x.y.z as x.y.z.0 (solution), x.y.z (control manifest) and x.y.z (connector)", () => {
        expect(productVersions("1.4.2")).toEqual({
            package: "1.4.2",
            solution: "1.4.2.0",
            control: "1.4.2",
            connector: "1.4.2",
        });
        expect(productVersions("0.0.0").solution).toBe("0.0.0.0");
    });

    test.each(["1.0.0-beta.1", "1.0.0+build.5", "1.0", "01.2.3", "2147483648.0.0", "", "v1.2.3"])(
        "refuses %p",
        (version) => {
            expect(() => productVersions(version)).toThrow(PackError);
        },
    );
});

describe("developmentBuildSign", () => {
    test("tells the development bundle from the production one", () => {
        expect(developmentBuildSign(DEVELOPMENT_BUNDLE)).toBe(`webpack's "eval" devtool banner`);
        expect(developmentBuildSign('eval("x\\n//# sourceURL=webpack://pcf/./index.ts?")')).toBe(
            "eval'd modules with webpack:// source URLs",
        );
        expect(developmentBuildSign("var a=1;\n//# sourceMappingURL=bundle.js.map")).toBe("a source map link");
        expect(developmentBuildSign(PRODUCTION_BUNDLE)).toBeUndefined();
    });
});

describe("the solution source (solution/src)", () => {
    test("names the solution, publisher, control and connector, all consistent", () => {
        const source = readSolutionSource(SOURCE_DIR);
        expect(source.uniqueName).toBe("DatabricksJobTrigger");
        expect(source.publisherPrefix).toBe("dbxjt");
        expect(source.controlName).toBe("dbxjt_DatabricksJobTrigger.TriggerControl");
        expect(source.connector.name).toBe("dbxjt_5Fdatabricks-20jobs");
        expect(source.connector.id).toBe("75d18d5a-ff39-419c-b4fa-2f50d27906a7");
        expect(source.workflows.map((workflow) => [workflow.id, workflow.name, workflow.entryPath])).toEqual([
            [
                "e1e681a1-10b6-4ad7-86fc-9321d828627a",
                "Databricks job for Power Pages",
                "Workflows/DatabricksjobforPowerPages-E1E681A1-10B6-4AD7-86FC-9321D828627A.json",
            ],
            [
                "9a6a247f-ca1b-45cb-a588-06b14f5b0ce5",
                "Run a Databricks job and wait",
                "Workflows/RunaDatabricksjobandwait-9A6A247F-CA1B-45CB-A588-06B14F5B0CE5.json",
            ],
        ]);
        expect(
            source.connectionReferences.map((reference) => [reference.logicalName, reference.customConnectorId]),
        ).toEqual([
            ["dbxjt_DatabricksJobsConnection", "75d18d5a-ff39-419c-b4fa-2f50d27906a7"],
            ["dbxjt_DatabricksJobsPortalConnection", "75d18d5a-ff39-419c-b4fa-2f50d27906a7"],
        ]);
    });

    test("its version is package.json's, as a pac/dotnet build would stamp nothing", () => {
        const packageVersion = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version;
        expect(readSolutionSource(SOURCE_DIR).sourceVersion).toBe(productVersions(packageVersion).solution);
    });

    test("the control name follows the manifest's namespace and constructor", () => {
        const control = child(
            parseXmlText(readFileSync(join(REPO, "TriggerControl", "ControlManifest.Input.xml"), "utf8")),
            "control",
        );
        expect(readSolutionSource(SOURCE_DIR).controlName).toBe(
            `dbxjt_${control.attributes.namespace}.${control.attributes.constructor}`,
        );
    });

    test.each([
        [
            "a prefix that is too long",
            (text: string) => text.replace("<CustomizationPrefix>dbxjt<", "<CustomizationPrefix>databricksjt<"),
            /CustomizationPrefix "databricksjt" must be 2-8/,
        ],
        [
            "an option value prefix out of range",
            (text: string) =>
                text.replace("<CustomizationOptionValuePrefix>61427<", "<CustomizationOptionValuePrefix>9999<"),
            /CustomizationOptionValuePrefix must be a whole number from 10000 to 99999/,
        ],
        [
            "a connector id that differs from Connectors/<name>.xml",
            (text: string) =>
                text.replace("{75d18d5a-ff39-419c-b4fa-2f50d27906a7}", "{00000000-0000-4000-8000-000000000000}"),
            /the connector root component's id \{00000000-0000-4000-8000-000000000000\} differs from <connectorid> 75d18d5a/,
        ],
        [
            "a missing root component",
            (text: string) => text.replace(/<RootComponent type="66"[^>]*\/>/, ""),
            /expected one root component of type 66 \(the control\), one of type 372 \(the connector\) and any number of type 29 \(cloud flows\); found 3 \(0 of type 66, 1 of type 372, 2 of type 29\)/,
        ],
    ])("refuses %s", (_case, edit, message) => {
        const workspace = makeWorkspace();
        try {
            editFile(join(workspace.sourceDir, "Other", "Solution.xml"), edit);
            expect(() => readSolutionSource(workspace.sourceDir)).toThrow(message);
        } finally {
            workspace.remove();
        }
    });
});

test("no version warnings when Solution.xml, the control manifest and the swagger carry package.json's version", async () => {
    const workspace = makeWorkspace("4.5.6", async () => []);
    try {
        editFile(join(workspace.sourceDir, "Other", "Solution.xml"), (text) =>
            text.replace(/<Version>[^<]*<\/Version>/, "<Version>4.5.6.0</Version>"),
        );
        editFile(join(workspace.controlDir, "ControlManifest.xml"), (text) =>
            text.replace(/(<control [^>]*?)version="[^"]*"/, '$1version="4.5.6"'),
        );
        editFile(join(workspace.connectorDir, "apiDefinition.swagger.json"), (text) => {
            const swagger = JSON.parse(text);
            swagger.info.version = "4.5.6";
            return JSON.stringify(swagger);
        });
        expect((await packSolution(workspace.options())).warnings).toEqual([]);
    } finally {
        workspace.remove();
    }
});
