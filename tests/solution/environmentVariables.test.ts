import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONNECTOR_OAUTH_VARIABLES } from "../../tools/build/solution/environmentVariables";
import { PackError } from "../../tools/build/solution/errors";
import { packSolution, PackResult, readSolutionContent } from "../../tools/build/solution/packer";
import { writeConnectorParts, writeUnpacked } from "../../tools/build/solution/stage";
import { needsReference, referenceFile } from "../support/reference";
import {
    CONNECTOR_DIR,
    editFile,
    entryText,
    makeWorkspace,
    readZip,
    SOURCE_DIR,
    Workspace,
    ZipRecord,
} from "./workspace";
import { child, parseXmlText, path, XmlElement } from "./xmlRead";

const CONNECTOR = "dbxjt_5Fdatabricks-20jobs";
const CLIENT_ID = "dbxjt_DatabricksClientId";
const CLIENT_SECRET = "dbxjt_DatabricksClientSecret";
const PORTAL_ALLOW_LIST = "dbxjt_PortalAllowedJobIds";
const KEY_VAULT_REFERENCE =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/{vaultName}/secrets/{secretName}";
const TEXT = "100000000";
const SECRET = "100000005";

const definitionFile = (sourceDir: string, schemaName: string) =>
    join(sourceDir, "environmentvariabledefinitions", schemaName, "environmentvariabledefinition.xml");
const entryPath = (schemaName: string) =>
    `environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`;
const sourceDefinition = (schemaName: string) =>
    parseXmlText(readFileSync(definitionFile(SOURCE_DIR, schemaName), "utf8"));
const names = (element: XmlElement) => element.children.map((node) => node.name);
const apiProperties = JSON.parse(readFileSync(join(CONNECTOR_DIR, "apiProperties.json"), "utf8"));

const REFERENCE_FOLDER = "dataverse-solutions/environment-variables";
const referenceDefinitions = needsReference({
    name: "environment variable definitions against real unpacked ones",
    files: [
        `${REFERENCE_FOLDER}/admin_AuditLogsClientID.environmentvariabledefinition.xml`,
        `${REFERENCE_FOLDER}/admin_AuditLogsClientAzureSecret.environmentvariabledefinition.xml`,
    ],
});
const referenceDefinition = (schemaName: string) =>
    parseXmlText(
        readFileSync(referenceFile(`${REFERENCE_FOLDER}/${schemaName}.environmentvariabledefinition.xml`), "utf8"),
    );

describe("the definitions in solution/src", () => {
    test("are the client id (Text), the client secret (Secret, Azure Key Vault) and the portal's allow-list (Text), each in a folder named by its schema name", () => {
        expect(readdirSync(join(SOURCE_DIR, "environmentvariabledefinitions")).sort()).toEqual([
            CLIENT_ID,
            CLIENT_SECRET,
            PORTAL_ALLOW_LIST,
        ]);
        for (const schemaName of [CLIENT_ID, CLIENT_SECRET]) {
            expect(readdirSync(join(SOURCE_DIR, "environmentvariabledefinitions", schemaName))).toEqual([
                "environmentvariabledefinition.xml",
            ]);
            expect(sourceDefinition(schemaName).attributes).toEqual({ schemaname: schemaName });
        }
        const summary = (schemaName: string) => {
            const definition = sourceDefinition(schemaName);
            return [
                child(definition, "displayname").attributes.default,
                child(definition, "type").text,
                child(definition, "secretstore").text,
            ];
        };
        expect(summary(CLIENT_ID)).toEqual(["Databricks connector client ID", TEXT, "0"]);
        expect(summary(CLIENT_SECRET)).toEqual(["Databricks connector client secret", SECRET, "0"]);
    });

    test("ship no value and no default, so that every import asks for both", () => {
        for (const schemaName of [CLIENT_ID, CLIENT_SECRET]) {
            expect(names(sourceDefinition(schemaName))).not.toContain("defaultvalue");
            expect(
                existsSync(
                    join(SOURCE_DIR, "environmentvariabledefinitions", schemaName, "environmentvariablevalues.json"),
                ),
            ).toBe(false);
        }
    });

    test("tell the importing admin what to enter: the app's client id, and the Key Vault secret reference in its exact form", () => {
        const description = (schemaName: string) =>
            child(sourceDefinition(schemaName), "description").attributes.default;
        expect(description(CLIENT_ID)).toMatch(/Application \(client\) ID of the Entra ID app registration/);
        expect(description(CLIENT_SECRET)).toContain(KEY_VAULT_REFERENCE);
        for (const schemaName of [CLIENT_ID, CLIENT_SECRET]) {
            expect(description(schemaName)).toContain("docs/azure-ad-setup.md");
            expect(existsSync(join(SOURCE_DIR, "..", "..", "docs", "azure-ad-setup.md"))).toBe(true);
            const labels = child(sourceDefinition(schemaName), "description").children;
            expect(labels.map((label) => label.attributes)).toEqual([
                { description: description(schemaName), languagecode: "1033" },
            ]);
        }
    });

    test("are the variables the packer binds the connector's OAuth client id and secret to", () => {
        expect(
            CONNECTOR_OAUTH_VARIABLES.map(({ setting, schemaName, type }) => [setting, schemaName, String(type)]),
        ).toEqual([
            ["clientId", CLIENT_ID, TEXT],
            ["clientSecret", CLIENT_SECRET, SECRET],
        ]);
    });

    referenceDefinitions.test(
        "have the elements of real definitions of the same types, in their order, with the same attributes",
        () => {
            const pairs: Array<[string, string]> = [
                [CLIENT_ID, "admin_AuditLogsClientID"],
                [CLIENT_SECRET, "admin_AuditLogsClientAzureSecret"],
            ];
            const shape = (element: XmlElement): unknown => ({
                name: element.name,
                attributes: Object.keys(element.attributes),
                children: element.children.map(shape),
            });
            for (const [ours, theirs] of pairs) {
                const reference = referenceDefinition(theirs);
                expect(shape(sourceDefinition(ours))).toEqual(shape(reference));
                for (const element of ["type", "secretstore", "iscustomizable", "isrequired"]) {
                    expect([ours, element, child(sourceDefinition(ours), element).text]).toEqual([
                        ours,
                        element,
                        child(reference, element).text,
                    ]);
                }
            }
        },
    );
});

describe("the packed solution", () => {
    let workspace: Workspace;
    let result: PackResult;
    let unmanaged: ZipRecord[];
    let managed: ZipRecord[];

    beforeAll(async () => {
        workspace = makeWorkspace("4.5.6", async () => []);
        result = await packSolution(workspace.options());
        unmanaged = await readZip(readFileSync(result.zips[0].path));
        managed = await readZip(readFileSync(result.zips[1].path));
    }, 60_000);

    afterAll(() => workspace.remove());

    const connectionParameters = (records: readonly ZipRecord[]) =>
        JSON.parse(entryText(records, `Connector/${CONNECTOR}_connectionparameters.json`));

    test("holds each definition at environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml, after the connector, in both zips", () => {
        for (const records of [unmanaged, managed]) {
            const entries = records.map((record) => record.name);
            expect(entries.slice(-3)).toEqual([
                entryPath(CLIENT_ID),
                entryPath(CLIENT_SECRET),
                entryPath(PORTAL_ALLOW_LIST),
            ]);
            expect(entries.filter((name) => name.startsWith("environmentvariabledefinitions/"))).toHaveLength(3);
            expect(entries.indexOf(entryPath(CLIENT_ID))).toBeGreaterThan(
                entries.indexOf(`Connector/${CONNECTOR}_iconblob.Png`),
            );
        }
    });

    test("writes each definition as exports do: the source's text with CRLF line ends, no byte order mark, no XML declaration", () => {
        for (const schemaName of [CLIENT_ID, CLIENT_SECRET]) {
            const packed = unmanaged.find((record) => record.name === entryPath(schemaName))?.data ?? Buffer.alloc(0);
            const source = readFileSync(definitionFile(SOURCE_DIR, schemaName), "utf8");
            expect(packed.toString("utf8")).toBe(source.replace(/\r?\n/g, "\r\n"));
            expect(packed.subarray(0, 31).toString("utf8")).toBe("<environmentvariabledefinition ");
            expect(managed.find((record) => record.name === entryPath(schemaName))?.data.equals(packed)).toBe(true);
        }
    });

    test("lists the definitions neither as root components nor in customizations.xml, as Dataverse exports do not", () => {
        const roots = path(
            parseXmlText(entryText(unmanaged, "solution.xml")),
            "SolutionManifest",
            "RootComponents",
        ).children;
        expect(roots.map((root) => root.attributes.type)).toEqual(["29", "29", "66", "372"]);
        const customizations = entryText(unmanaged, "customizations.xml");
        expect(customizations).not.toMatch(/environmentvariable/i);
    });

    test("the connector reads its OAuth client id and secret from the two variables", () => {
        const settings = connectionParameters(unmanaged).token.oAuthSettings;
        expect(settings.clientId).toBe(`@environmentVariables("${CLIENT_ID}")`);
        expect(settings.clientSecret).toBe(`@environmentVariables("${CLIENT_SECRET}")`);
        expect(Object.keys(settings).slice(0, 3)).toEqual(["identityProvider", "clientId", "clientSecret"]);
        expect(connectionParameters(managed)).toEqual(connectionParameters(unmanaged));
    });

    test("everything else in the connection parameters is connector/apiProperties.json's, which keeps its placeholder for paconn", () => {
        const packed = connectionParameters(unmanaged);
        const { clientSecret, ...settings } = packed.token.oAuthSettings;
        expect(clientSecret).toBeDefined();
        const source = apiProperties.properties.connectionParameters;
        expect({
            ...packed,
            token: { ...packed.token, oAuthSettings: { ...settings, clientId: source.token.oAuthSettings.clientId } },
        }).toEqual(source);
        expect(source.token.oAuthSettings.clientId).toMatch(/REPLACE/);
        expect(source.token.oAuthSettings).not.toHaveProperty("clientSecret");
    });

    test("every @environmentVariables(...) in the packed connector names a definition the zip holds", () => {
        const connectorText = unmanaged
            .filter((record) => record.name.startsWith("Connector/") && record.name.endsWith(".json"))
            .map((record) => record.data.toString("utf8"))
            .join("\n");
        const referenced = [...connectorText.matchAll(/@environmentVariables\(\\"([^"\\]+)\\"\)/g)].map(
            (match) => match[1],
        );
        expect(referenced.sort()).toEqual([CLIENT_ID, CLIENT_SECRET]);
        for (const schemaName of referenced)
            expect(unmanaged.map((record) => record.name)).toContain(entryPath(schemaName));
    });

    test("stage.ts writes the same: the definitions unpacked byte for byte, and the bound connection parameters for a pac or dotnet build", async () => {
        const content = await readSolutionContent(workspace.options({ packageVersion: "4.5.6" }));
        const unpacked = join(workspace.root, "unpacked");
        writeUnpacked(content, unpacked);
        for (const schemaName of [CLIENT_ID, CLIENT_SECRET]) {
            expect(
                readFileSync(definitionFile(unpacked, schemaName)).equals(
                    readFileSync(definitionFile(workspace.sourceDir, schemaName)),
                ),
            ).toBe(true);
        }
        const parts = join(workspace.root, "parts");
        writeConnectorParts(content, parts);
        expect(JSON.parse(readFileSync(join(parts, `${CONNECTOR}_connectionparameters.json`), "utf8"))).toEqual(
            connectionParameters(unmanaged),
        );
    });
});

describe("bad states: a clear message naming the file, and no zip", () => {
    let workspace: Workspace;

    beforeEach(() => {
        workspace = makeWorkspace("1.0.0", async () => []);
    });

    afterEach(() => workspace.remove());

    async function expectRefusal(message: RegExp): Promise<string> {
        const error = await packSolution(workspace.options()).then(
            () => undefined,
            (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(PackError);
        expect((error as PackError).message).toMatch(message);
        expect(existsSync(workspace.outDir) ? readdirSync(workspace.outDir) : []).toEqual([]);
        return (error as PackError).message;
    }

    const editDefinition = (schemaName: string, edit: (text: string) => string) =>
        editFile(definitionFile(workspace.sourceDir, schemaName), edit);
    const editApiProperties = (edit: (properties: typeof apiProperties) => void) =>
        editFile(join(workspace.connectorDir, "apiProperties.json"), (text) => {
            const properties = JSON.parse(text);
            edit(properties);
            return JSON.stringify(properties, null, 4);
        });

    test("a definition that is not well-formed XML", async () => {
        editDefinition(CLIENT_ID, (text) => text.replace("</displayname>", ""));
        const message = await expectRefusal(
            /environmentvariabledefinitions\/dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml is not well-formed XML: line \d+, column \d+/,
        );
        expect(message).toContain(workspace.sourceDir);
    });

    test("a schemaname that differs from its folder", async () => {
        editDefinition(CLIENT_ID, (text) => text.replace(`schemaname="${CLIENT_ID}"`, 'schemaname="dbxjt_ClientId"'));
        await expectRefusal(
            /dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml: schemaname "dbxjt_ClientId" must equal the name of its folder, "dbxjt_DatabricksClientId"/,
        );
    });

    test("a schemaname without the publisher prefix", async () => {
        const foreign = join(workspace.sourceDir, "environmentvariabledefinitions", "contoso_ClientId");
        mkdirSync(foreign);
        writeFileSync(
            join(foreign, "environmentvariabledefinition.xml"),
            readFileSync(definitionFile(SOURCE_DIR, CLIENT_ID), "utf8").replace(CLIENT_ID, "contoso_ClientId"),
        );
        await expectRefusal(
            /contoso_ClientId\/environmentvariabledefinition\.xml: schemaname "contoso_ClientId" must be the publisher prefix "dbxjt_"/,
        );
    });

    test("a root component of type 380 in Solution.xml, which exports never have", async () => {
        editFile(join(workspace.sourceDir, "Other", "Solution.xml"), (text) =>
            text.replace(
                "</RootComponents>",
                `  <RootComponent type="380" schemaName="${CLIENT_ID}" behavior="0" />\n    </RootComponents>`,
            ),
        );
        await expectRefusal(
            /Other\/Solution\.xml: remove the root component of type 380 "dbxjt_DatabricksClientId"\. Dataverse exports list no environment variable definition among the root components/,
        );
    });

    test("a definition nothing in the solution uses", async () => {
        const unused = join(workspace.sourceDir, "environmentvariabledefinitions", "dbxjt_WorkspaceHost");
        mkdirSync(unused);
        writeFileSync(
            join(unused, "environmentvariabledefinition.xml"),
            readFileSync(definitionFile(SOURCE_DIR, CLIENT_ID), "utf8").replace(CLIENT_ID, "dbxjt_WorkspaceHost"),
        );
        await expectRefusal(
            /dbxjt_WorkspaceHost\/environmentvariabledefinition\.xml: nothing in the solution uses the environment variable "dbxjt_WorkspaceHost"/,
        );
    });

    test("a connector setting that names a variable the solution does not define", async () => {
        editApiProperties((properties) => {
            properties.properties.connectionParameters.token.oAuthSettings.customParameters.resourceUri.value =
                '@environmentVariables("dbxjt_DatabricksResource")';
        });
        await expectRefusal(
            /oAuthSettings\/customParameters\/resourceUri\/value: @environmentVariables\("dbxjt_DatabricksResource"\) names an environment variable the solution does not define; add .*environmentvariabledefinitions\/dbxjt_DatabricksResource\/environmentvariabledefinition\.xml/,
        );
    });

    test("the client secret's variable missing from the solution", async () => {
        rmSync(join(workspace.sourceDir, "environmentvariabledefinitions", CLIENT_SECRET), { recursive: true });
        await expectRefusal(
            /The connector's OAuth clientSecret reads the environment variable "dbxjt_DatabricksClientSecret", which the solution does not define: add .*environmentvariabledefinitions\/dbxjt_DatabricksClientSecret\/environmentvariabledefinition\.xml/,
        );
    });

    test("a client secret variable of type Text, which would keep the secret unencrypted in Dataverse", async () => {
        editDefinition(CLIENT_SECRET, (text) => text.replace(`<type>${SECRET}</type>`, `<type>${TEXT}</type>`));
        await expectRefusal(
            /dbxjt_DatabricksClientSecret\/environmentvariabledefinition\.xml: the connector's OAuth clientSecret reads this variable, so its <type> must be Secret \(100000005\), not Text \(100000000\)/,
        );
    });

    test("a value shipped beside a definition", async () => {
        writeFileSync(
            join(workspace.sourceDir, "environmentvariabledefinitions", CLIENT_ID, "environmentvariablevalues.json"),
            JSON.stringify({ environmentvariablevalues: { environmentvariablevalue: { value: "x" } } }),
        );
        await expectRefusal(
            /dbxjt_DatabricksClientId\/environmentvariablevalues\.json: the solution ships no environment variable values/,
        );
    });

    test("a default value on the Secret variable", async () => {
        editDefinition(CLIENT_SECRET, (text) =>
            text.replace(
                "  <description",
                "  <defaultvalue>/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z/secrets/s</defaultvalue>\n  <description",
            ),
        );
        await expectRefusal(
            /dbxjt_DatabricksClientSecret\/environmentvariabledefinition\.xml: a Secret variable ships no <defaultvalue>/,
        );
    });

    test("elements out of Dataverse's order, or missing", async () => {
        editDefinition(CLIENT_ID, (text) =>
            text.replace(
                "  <iscustomizable>1</iscustomizable>\n  <isrequired>0</isrequired>\n",
                "  <isrequired>0</isrequired>\n  <iscustomizable>1</iscustomizable>\n",
            ),
        );
        await expectRefusal(
            /dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml: the elements must be in the order Dataverse writes them: .*<iscustomizable>, <isrequired>/,
        );
        editDefinition(CLIENT_ID, (text) => text.replace("  <secretstore>0</secretstore>\n", ""));
        await expectRefusal(/dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml: <secretstore> missing/);
    });

    test("an unknown type", async () => {
        editDefinition(CLIENT_ID, (text) => text.replace(`<type>${TEXT}</type>`, "<type>100000009</type>"));
        await expectRefusal(
            /dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml: <type> "100000009" is not an environment variable type/,
        );
    });

    test("a real-looking tenant or client id in a definition", async () => {
        editDefinition(CLIENT_ID, (text) =>
            text.replace("the GUID on the app's Overview page", "for example 3f2c8a51-7d4e-4b6a-9c1d-2e5f6a7b8c9d"),
        );
        await expectRefusal(
            /dbxjt_DatabricksClientId\/environmentvariabledefinition\.xml: a tenant, client or object ID \(3f2c8a51-7d4e-4b6a-9c1d-2e5f6a7b8c9d\) found/,
        );
    });

    test("a reference to a variable where custom connectors do not read them: a policy", async () => {
        editApiProperties((properties) => {
            properties.properties.policyTemplateInstances[0].parameters["x-ms-apimTemplateParameter.urlTemplate"] =
                `https://@environmentVariables("${CLIENT_ID}")`;
        });
        await expectRefusal(
            /the connector's policies .*#\/0\/parameters\/x-ms-apimTemplateParameter\.urlTemplate: @environmentVariables\("dbxjt_DatabricksClientId"\) is not read here/,
        );
    });

    test("the real source packs", async () => {
        const result = await packSolution(workspace.options());
        expect(result.zips).toHaveLength(2);
    });
});
