import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { secretsIn } from "../../connector/validator/secretScan";
import { PackError } from "./errors";
import { attributeOf, childElements, exportXml, parseXml, textOf } from "./xml";
import { pointerOf } from "../../common/jsonPointer";

/**
 * Dataverse environment variable definitions (solution component type 380), as Dataverse exports
 * them and `pac solution unpack` keeps them, the same path in both:
 *
 *   environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml
 *
 * Exports list them neither among solution.xml's root components nor in customizations.xml: the
 * folder alone carries them. A definition holds no value; a value, when shipped, is a separate
 * environmentvariablevalues.json beside it, which this solution never ships so that each import asks
 * for one.
 */

export const DEFINITIONS_FOLDER = "environmentvariabledefinitions";
export const DEFINITION_FILE = "environmentvariabledefinition.xml";
const VALUES_FILE = "environmentvariablevalues.json";

/** environmentvariabledefinition.type: the maker portal's data types. */
export const VARIABLE_TYPE = {
    text: 100000000,
    decimalNumber: 100000001,
    twoOptions: 100000002,
    json: 100000003,
    dataSource: 100000004,
    secret: 100000005,
} as const;

const TYPE_NAMES: Record<number, string> = {
    [VARIABLE_TYPE.text]: "Text",
    [VARIABLE_TYPE.decimalNumber]: "Decimal number",
    [VARIABLE_TYPE.twoOptions]: "Two options",
    [VARIABLE_TYPE.json]: "JSON",
    [VARIABLE_TYPE.dataSource]: "Data source",
    [VARIABLE_TYPE.secret]: "Secret",
};

/** environmentvariabledefinition.secretstore: 0 Azure Key Vault, 1 Microsoft Dataverse. */
const SECRET_STORES = ["0", "1"];

/**
 * The children a definition may have, in the order Dataverse writes them (alphabetical), as seen in
 * real exports; the marked ones every definition has.
 */
const ELEMENTS: ReadonlyArray<{ name: string; required: boolean }> = [
    { name: "apiid", required: false },
    { name: "defaultvalue", required: false },
    { name: "description", required: false },
    { name: "displayname", required: true },
    { name: "introducedversion", required: true },
    { name: "iscustomizable", required: true },
    { name: "isrequired", required: true },
    { name: "parameterkey", required: false },
    { name: "parentdefinitionid", required: false },
    { name: "secretstore", required: true },
    { name: "type", required: true },
];

export interface EnvironmentVariableDefinition {
    schemaName: string;
    /** The source file. */
    file: string;
    /** Its path in the zip: environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml. */
    entryPath: string;
    type: number;
    /** The definition as the zip holds it: no declaration, two-space indentation, CRLF, as exports are. */
    exportText: string;
}

/**
 * Which environment variable each of the connector's OAuth settings takes in the solution, and the
 * type that variable must have. The standalone connector (connector/apiProperties.json, for paconn)
 * keeps its placeholder client id; the solution's connector reads both from the environment, so that
 * an import, not an edit of the connector, sets them, and the secret stays in Azure Key Vault.
 */
export const CONNECTOR_OAUTH_VARIABLES: ReadonlyArray<{
    setting: "clientId" | "clientSecret";
    schemaName: string;
    type: number;
}> = [
    { setting: "clientId", schemaName: "dbxjt_DatabricksClientId", type: VARIABLE_TYPE.text },
    { setting: "clientSecret", schemaName: "dbxjt_DatabricksClientSecret", type: VARIABLE_TYPE.secret },
];

/** The text custom connector fields take to read a variable: @environmentVariables("<schemaname>"). */
export function environmentVariableReference(schemaName: string): string {
    return `@environmentVariables("${schemaName}")`;
}

const REFERENCE = /@environmentVariables\(\s*"([^"]*)"\s*\)/g;

/** The schema names a text refers to with @environmentVariables("..."). */
export function referencedVariables(text: string): string[] {
    return [...text.matchAll(REFERENCE)].map((match) => match[1]);
}

function typeName(type: number): string {
    return TYPE_NAMES[type] ?? `unknown type ${type}`;
}

export function describeType(type: number): string {
    return `${typeName(type)} (${type})`;
}

/** Reads and checks every definition under <sourceDir>/environmentvariabledefinitions, ordered by schema name. */
export function readEnvironmentVariableDefinitions(
    sourceDir: string,
    publisherPrefix: string,
): EnvironmentVariableDefinition[] {
    const folder = join(sourceDir, DEFINITIONS_FOLDER);
    if (!existsSync(folder)) return [];
    const definitions = readdirSync(folder)
        .filter((entry) => !entry.startsWith("."))
        .sort()
        .map((entry) => readDefinition(join(folder, entry), entry, publisherPrefix));
    const seen = new Map<string, string>();
    for (const definition of definitions) {
        const other = seen.get(definition.schemaName.toLowerCase());
        if (other !== undefined) {
            throw new PackError(
                `${definition.file}: the schema name "${definition.schemaName}" differs only in case from "${other}"; Dataverse schema names are unique regardless of case.`,
            );
        }
        seen.set(definition.schemaName.toLowerCase(), definition.schemaName);
    }
    return definitions;
}

function readDefinition(dir: string, folderName: string, publisherPrefix: string): EnvironmentVariableDefinition {
    if (!statSync(dir).isDirectory()) {
        throw new PackError(
            `${dir}: ${DEFINITIONS_FOLDER}/ holds one folder per variable, named by its schema name, with ${DEFINITION_FILE} inside; this is a file.`,
        );
    }
    const file = join(dir, DEFINITION_FILE);
    const others = readdirSync(dir).filter((entry) => entry !== DEFINITION_FILE);
    if (others.includes(VALUES_FILE)) {
        throw new PackError(
            `${join(dir, VALUES_FILE)}: the solution ships no environment variable values, so that each import asks for them and no tenant's value is in the repository; remove the file.`,
        );
    }
    if (others.length > 0)
        throw new PackError(
            `${dir}: unexpected ${others.join(", ")}; a definition folder holds only ${DEFINITION_FILE}.`,
        );
    if (!existsSync(file)) throw new PackError(`${dir}: ${DEFINITION_FILE} is missing.`);

    const text = readFileSync(file, "utf8");
    const doc = parseXml(text, file);
    const root = doc.root();
    if (root.node.nodeName !== "environmentvariabledefinition") {
        throw new PackError(
            `${file}: the root element must be <environmentvariabledefinition>, not <${root.node.nodeName}>.`,
        );
    }
    const schemaName = attributeOf(root, "schemaname") ?? "";
    if (schemaName !== folderName) {
        throw new PackError(`${file}: schemaname "${schemaName}" must equal the name of its folder, "${folderName}".`);
    }
    if (!new RegExp(`^${publisherPrefix}_[A-Za-z0-9_]+$`).test(schemaName)) {
        throw new PackError(
            `${file}: schemaname "${schemaName}" must be the publisher prefix "${publisherPrefix}_" followed by letters, digits or underscores.`,
        );
    }
    if (schemaName.length > 100)
        throw new PackError(`${file}: schemaname "${schemaName}" is longer than Dataverse's 100 characters.`);

    const children: string[] = [];
    root.each(
        (child) => {
            if (child.node.nodeType === 1) children.push(child.node.nodeName);
        },
        false,
        false,
    );
    checkElementOrder(file, children);

    const value = (name: string) => textOf(childElements(root, name)[0]);
    const type = Number(value("type"));
    if (TYPE_NAMES[type] === undefined) {
        throw new PackError(
            `${file}: <type> "${value("type")}" is not an environment variable type (${Object.entries(TYPE_NAMES)
                .map(([code, name]) => `${code} ${name}`)
                .join(", ")}).`,
        );
    }
    if (!SECRET_STORES.includes(value("secretstore")))
        throw new PackError(
            `${file}: <secretstore> must be 0 (Azure Key Vault) or 1 (Microsoft Dataverse), not "${value("secretstore")}".`,
        );
    for (const flag of ["iscustomizable", "isrequired"]) {
        if (!["0", "1"].includes(value(flag)))
            throw new PackError(`${file}: <${flag}> must be 0 or 1, not "${value(flag)}".`);
    }
    if (!/^\d+(\.\d+){1,3}$/.test(value("introducedversion"))) {
        throw new PackError(
            `${file}: <introducedversion> "${value("introducedversion")}" is not a version (two to four numbers).`,
        );
    }
    if (type === VARIABLE_TYPE.secret && children.includes("defaultvalue")) {
        throw new PackError(
            `${file}: a Secret variable ships no <defaultvalue>: its value is a reference to one tenant's Key Vault, set on import.`,
        );
    }
    checkLabelled(file, root, "displayname");
    if (children.includes("description")) checkLabelled(file, root, "description");
    const secrets = secretsIn(text);
    if (secrets.length > 0)
        throw new PackError(
            `${file}: ${secrets.join(", ")} found; keep secrets and real tenant or client ids out of the repository.`,
        );

    return {
        schemaName,
        file,
        entryPath: `${DEFINITIONS_FOLDER}/${schemaName}/${DEFINITION_FILE}`,
        type,
        exportText: exportXml(doc),
    };
}

function checkElementOrder(file: string, children: readonly string[]): void {
    const known = ELEMENTS.map((element) => element.name);
    const unknown = children.filter((name) => !known.includes(name));
    if (unknown.length > 0)
        throw new PackError(
            `${file}: unexpected <${unknown[0]}>; a definition has only ${known.map((name) => `<${name}>`).join(", ")}.`,
        );
    const repeated = children.find((name, index) => children.indexOf(name) !== index);
    if (repeated !== undefined) throw new PackError(`${file}: <${repeated}> appears more than once.`);
    const missing = ELEMENTS.filter((element) => element.required && !children.includes(element.name)).map(
        (element) => `<${element.name}>`,
    );
    if (missing.length > 0) throw new PackError(`${file}: ${missing.join(", ")} missing.`);
    const ordered = [...children].sort((a, b) => known.indexOf(a) - known.indexOf(b));
    if (ordered.join() !== children.join()) {
        throw new PackError(
            `${file}: the elements must be in the order Dataverse writes them: ${ordered.map((name) => `<${name}>`).join(", ")}.`,
        );
    }
}

/** <displayname default="..."> / <description default="...">, with a <label description languagecode> per language. */
function checkLabelled(file: string, root: ReturnType<typeof parseXml>, name: string): void {
    const element = childElements(root, name)[0];
    const text = attributeOf(element, "default") ?? "";
    if (text.trim() === "") throw new PackError(`${file}: <${name}> needs a non-empty default="...".`);
    const labels = childElements(element, "label");
    if (labels.length === 0)
        throw new PackError(`${file}: <${name}> needs a <label description="..." languagecode="..."> per language.`);
    for (const label of labels) {
        if (
            !/^\d+$/.test(attributeOf(label, "languagecode") ?? "") ||
            (attributeOf(label, "description") ?? "").trim() === ""
        ) {
            throw new PackError(
                `${file}: each <label> of <${name}> needs description="..." and a numeric languagecode="...".`,
            );
        }
    }
}

/** The parts of the packed connector that may name environment variables, by file suffix. */
const CONNECTION_PARAMETERS = "_connectionparameters.json";
const OPENAPI_DEFINITION = "_openapidefinition.json";
const POLICY_TEMPLATES = "_policytemplateinstances.json";
/** Of the swagger, the General tab's fields; Microsoft's docs: not in actions, triggers or policies. */
const SWAGGER_FIELDS_WITH_VARIABLES = new Set(["/host", "/basePath"]);

interface Usage {
    schemaName: string;
    where: string;
}

/**
 * The connector as the solution ships it: its OAuth client id and secret replaced by references to
 * the solution's environment variables (CONNECTOR_OAUTH_VARIABLES). Refuses a setting whose variable
 * the solution does not define or defines with the wrong type, a reference to a variable the solution
 * does not define or in a place custom connectors do not read them, and a definition that nothing in
 * the solution uses.
 */
export function bindConnectorToEnvironmentVariables<Part extends { files: Array<{ path: string; data: Buffer }> }>(
    connector: Part,
    definitions: readonly EnvironmentVariableDefinition[],
    workflows: ReadonlyArray<{ entryPath: string; jsonText: string }>,
    sourceDir: string,
): Part {
    const byName = new Map(definitions.map((definition) => [definition.schemaName, definition]));
    const part = (suffix: string) => connector.files.find((file) => file.path.endsWith(suffix));
    const connectionPart = part(CONNECTION_PARAMETERS);
    if (connectionPart === undefined)
        throw new PackError(`The packed connector has no ${CONNECTION_PARAMETERS.slice(1)} part.`);
    const connectionParameters = JSON.parse(connectionPart.data.toString("utf8")) as Record<string, unknown>;
    const token = connectionParameters.token as { oAuthSettings?: Record<string, unknown> } | undefined;
    if (token?.oAuthSettings === undefined || typeof token.oAuthSettings !== "object") {
        throw new PackError(
            "connector/apiProperties.json: properties.connectionParameters.token.oAuthSettings is missing; the solution's connector takes its OAuth client id and secret from environment variables there.",
        );
    }

    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(token.oAuthSettings)) {
        if (key === "clientSecret") continue;
        settings[key] = value;
        if (key === "clientId") settings.clientSecret = undefined;
    }
    for (const { setting, schemaName, type } of CONNECTOR_OAUTH_VARIABLES) {
        const definition = byName.get(schemaName);
        if (definition === undefined) {
            throw new PackError(
                `The connector's OAuth ${setting} reads the environment variable "${schemaName}", which the solution does not define: ` +
                    `add ${join(sourceDir, DEFINITIONS_FOLDER, schemaName, DEFINITION_FILE)}.`,
            );
        }
        if (definition.type !== type) {
            throw new PackError(
                `${definition.file}: the connector's OAuth ${setting} reads this variable, so its <type> must be ${describeType(type)}, not ${describeType(definition.type)}.`,
            );
        }
        settings[setting] = environmentVariableReference(schemaName);
    }
    const bound = { ...connectionParameters, token: { ...token, oAuthSettings: settings } };
    const boundData = Buffer.from(JSON.stringify(bound), "utf8");

    const usages: Usage[] = [];
    const collect = (value: unknown, file: string, allowed: (pointer: string) => boolean, pointer = ""): void => {
        if (typeof value === "string") {
            for (const schemaName of referencedVariables(value)) {
                if (!allowed(pointer)) {
                    throw new PackError(
                        `${file}#${pointer}: ${environmentVariableReference(schemaName)} is not read here; custom connectors take environment variables only in the host, the base URL and the Security settings, not in actions, triggers or policies.`,
                    );
                }
                usages.push({ schemaName, where: `${file}#${pointer}` });
            }
        } else if (value !== null && typeof value === "object") {
            for (const [key, child] of Object.entries(value)) collect(child, file, allowed, pointer + pointerOf(key));
        }
    };
    collect(
        bound,
        "the connector's connection parameters (connector/apiProperties.json, properties.connectionParameters)",
        () => true,
    );
    const swagger = part(OPENAPI_DEFINITION);
    if (swagger)
        collect(JSON.parse(swagger.data.toString("utf8")), "connector/apiDefinition.swagger.json", (pointer) =>
            SWAGGER_FIELDS_WITH_VARIABLES.has(pointer),
        );
    const policies = part(POLICY_TEMPLATES);
    if (policies)
        collect(
            JSON.parse(policies.data.toString("utf8")),
            "the connector's policies (connector/apiProperties.json, properties.policyTemplateInstances)",
            () => false,
        );

    for (const usage of usages) {
        if (!byName.has(usage.schemaName)) {
            throw new PackError(
                `${usage.where}: ${environmentVariableReference(usage.schemaName)} names an environment variable the solution does not define; ` +
                    `add ${join(sourceDir, DEFINITIONS_FOLDER, usage.schemaName, DEFINITION_FILE)} or correct the name.`,
            );
        }
    }
    for (const definition of definitions) {
        const used =
            usages.some((usage) => usage.schemaName === definition.schemaName) ||
            workflows.some((workflow) => workflow.jsonText.includes(definition.schemaName));
        if (!used) {
            throw new PackError(
                `${definition.file}: nothing in the solution uses the environment variable "${definition.schemaName}" (no ${environmentVariableReference(definition.schemaName)} in the connector, no mention in a cloud flow), ` +
                    "so an import would ask for a value that changes nothing; remove the definition or use it.",
            );
        }
    }

    return {
        ...connector,
        files: connector.files.map((file) => (file === connectionPart ? { path: file.path, data: boundData } : file)),
    };
}
