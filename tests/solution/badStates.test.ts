import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PackError } from "../../tools/build/solution/errors";
import { packSolution } from "../../tools/build/solution/packer";
import {
    connectorValidation,
    DEVELOPMENT_BUNDLE,
    editFile,
    makeWorkspace,
    Workspace,
    writeControlOutput,
} from "./workspace";

/**
 * Each bad state the packer must refuse: a clear PackError, and no zip in solution/bin afterwards,
 * not even one of the same version left by an earlier good pack.
 */
let workspace: Workspace;

beforeEach(() => {
    workspace = makeWorkspace("1.2.3", connectorValidation);
});

afterEach(() => workspace.remove());

const zipsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

async function expectRefusal(message: RegExp, options = workspace.options()): Promise<PackError> {
    const error = await packSolution(options).then(
        () => undefined,
        (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PackError);
    expect((error as PackError).message).toMatch(message);
    expect(zipsIn(workspace.outDir)).toEqual([]);
    return error as PackError;
}

test("no control build output: says to run npm run build", async () => {
    rmSync(join(workspace.root, "out"), { recursive: true, force: true });
    await expectRefusal(/^No control build output: .*ControlManifest\.xml does not exist\. Run `npm run build` first/);
});

test("a control build output without the bundle its manifest names", async () => {
    rmSync(join(workspace.controlDir, "bundle.js"));
    await expectRefusal(
        /Incomplete control build output: .*bundle\.js, named in .*ControlManifest\.xml, does not exist/,
    );
});

test("a development build (npm start's eval bundle) is refused", async () => {
    writeControlOutput(workspace.controlDir, DEVELOPMENT_BUNDLE);
    await expectRefusal(
        /bundle\.js is a development build \(webpack's "eval" devtool banner\), as `npm start` writes it\. Run `npm run build`/,
    );
});

test("a manifest namespace that does not match Solution.xml's control", async () => {
    editFile(join(workspace.controlDir, "ControlManifest.xml"), (text) =>
        text.replace('namespace="DatabricksJobTrigger"', 'namespace="Contoso"'),
    );
    await expectRefusal(
        /has namespace "Contoso" and constructor "TriggerControl", so its solution name is "dbxjt_Contoso\.TriggerControl", but Solution\.xml's root component of type 66 is "dbxjt_DatabricksJobTrigger\.TriggerControl"/,
    );
});

test("a manifest constructor that does not match Solution.xml's control", async () => {
    editFile(join(workspace.controlDir, "ControlManifest.xml"), (text) =>
        text.replace('constructor="TriggerControl"', 'constructor="JobButton"'),
    );
    await expectRefusal(/constructor "JobButton", so its solution name is "dbxjt_DatabricksJobTrigger\.JobButton"/);
});

test("Solution.xml naming another control than the build's", async () => {
    editFile(join(workspace.sourceDir, "Other", "Solution.xml"), (text) =>
        text.replace(
            'schemaName="dbxjt_DatabricksJobTrigger.TriggerControl"',
            'schemaName="dbxjt_DatabricksJobTrigger.Other"',
        ),
    );
    await expectRefusal(/but Solution\.xml's root component of type 66 is "dbxjt_DatabricksJobTrigger\.Other"/);
});

test("a connector that fails validation: the validator's problems are in the message", async () => {
    editFile(join(workspace.connectorDir, "apiDefinition.swagger.json"), (text) => {
        const swagger = JSON.parse(text);
        swagger.basePath = "/api/2.2";
        delete swagger.info.title;
        return JSON.stringify(swagger, null, 4);
    });
    const error = await expectRefusal(
        /^The connector in .*connector fails validation \(\d+ problem\(s\)\); `npm run validate:connector` lists them all:\n/,
    );
    expect(error.message).toMatch(/apiDefinition\.swagger\.json#\/info/);
});

test("a connector whose files cannot be read", async () => {
    writeFileSync(join(workspace.connectorDir, "apiProperties.json"), "{ not json");
    await expectRefusal(/The connector in .* cannot be read: apiProperties\.json: the file is not valid JSON/);
});

test.each([
    ["1.0.0-beta.1", "1.0.0-beta.1.0"],
    ["1.2", "1.2.0"],
    ["1.2.3.4", "1.2.3.4.0"],
    ["1.2.99999999999", "1.2.99999999999.0"],
])("version %s (solution version %s) is not four numbers", async (packageVersion, solutionVersion) => {
    const error = await expectRefusal(
        /is not four numbers \(major\.minor\.build\.revision/,
        workspace.options({ packageVersion }),
    );
    expect(error.message).toContain(
        `package.json's version "${packageVersion}" would give the solution version "${solutionVersion}"`,
    );
});

test("the version comes from package.json when not given", async () => {
    writeFileSync(join(workspace.root, "package.json"), JSON.stringify({ version: "3.0.0-rc.1" }));
    await expectRefusal(/package\.json's version "3\.0\.0-rc\.1"/);
});

test("a failed pack removes that version's zips from an earlier pack and leftover partial files", async () => {
    const earlier = await packSolution(workspace.options());
    expect(zipsIn(workspace.outDir)).toEqual([
        "DatabricksJobTrigger_1_2_3_0.zip",
        "DatabricksJobTrigger_1_2_3_0_managed.zip",
    ]);
    writeFileSync(`${earlier.zips[0].path}.partial-99999`, "half a zip");
    rmSync(join(workspace.controlDir, "ControlManifest.xml"));
    await expectRefusal(/No control build output/);
});

test("a good pack after a bad one writes both zips", async () => {
    rmSync(join(workspace.controlDir, "bundle.js"));
    await expectRefusal(/Incomplete control build output/);
    writeControlOutput(workspace.controlDir);
    const result = await packSolution(workspace.options());
    expect(zipsIn(workspace.outDir).sort()).toEqual([
        "DatabricksJobTrigger_1_2_3_0.zip",
        "DatabricksJobTrigger_1_2_3_0_managed.zip",
    ]);
    expect(result.zips.map((zip) => readFileSync(zip.path).length)).toEqual(result.zips.map((zip) => zip.size));
});
