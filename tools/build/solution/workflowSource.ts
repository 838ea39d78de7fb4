import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { assertExactNumbers } from "../../common/exactJson";
import { PackError } from "./errors";
import { attributeOf, childElements, onlyChild, parseXml, textOf } from "./xml";

/**
 * The cloud flows of the solution source, as `pac solution unpack` keeps them:
 *   Workflows/<Name>-<GUID>.json            the flow in the clientdata form ({ properties, schemaVersion })
 *   Workflows/<Name>-<GUID>.json.data.xml   the <Workflow> node of customizations.xml
 * and the connection references they use, kept in Other/Customizations.xml's <connectionreferences>.
 */
export interface WorkflowSource {
    /** Lower-case GUID without braces: the root component's id and the <Workflow>'s WorkflowId. */
    id: string;
    name: string;
    /** Workflows/<name>.json.data.xml. */
    dataFile: string;
    /** The <Workflow> element of the data.xml, as parsed. */
    node: XMLBuilder;
    /** The path of the flow's JSON in the zip, without the leading slash: Workflows/<Name>-<GUID>.json. */
    entryPath: string;
    /** The flow's JSON as written in the source. */
    jsonText: string;
    definition: FlowDocument;
}

/** One <connectionreference> of Customizations.xml. */
export interface ConnectionReferenceSource {
    logicalName: string;
    displayName: string;
    /** /providers/Microsoft.PowerApps/apis/shared_<api name>. */
    connectorId: string;
    /** <customconnectorid><connectorid>: the Dataverse id of a custom connector in the solution. */
    customConnectorId?: string;
}

/** The parts of a flow's clientdata this packer relies on. */
export interface FlowDocument {
    properties?: {
        connectionReferences?: Record<
            string,
            {
                runtimeSource?: unknown;
                connection?: { connectionReferenceLogicalName?: unknown };
                api?: { name?: unknown; logicalName?: unknown };
            }
        >;
        definition?: unknown;
    };
    schemaVersion?: unknown;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATA_SUFFIX = ".json.data.xml";

export function bareGuid(value: string | undefined): string {
    return (value ?? "").replace(/^\{|\}$/g, "").toLowerCase();
}

/** The <connectionreference> nodes of Other/Customizations.xml. */
export function readConnectionReferences(customizations: XMLBuilder, file: string): ConnectionReferenceSource[] {
    const containers = childElements(customizations, "connectionreferences");
    if (containers.length > 1)
        throw new PackError(`${file}: expected at most one <connectionreferences>, found ${containers.length}.`);
    if (containers.length === 0) return [];
    return childElements(containers[0], "connectionreference").map((node) => {
        const logicalName = attributeOf(node, "connectionreferencelogicalname") ?? "";
        const text = (name: string) => textOf(onlyChild(node, name, file));
        const custom = childElements(node, "customconnectorid");
        return {
            logicalName,
            displayName: text("connectionreferencedisplayname"),
            connectorId: text("connectorid"),
            customConnectorId:
                custom.length === 1 ? bareGuid(textOf(onlyChild(custom[0], "connectorid", file))) : undefined,
        };
    });
}

/**
 * Reads every Workflows/*.json.data.xml and its JSON, and checks them against the type-29 root
 * components, the connection references and the solution's connector.
 */
export function readWorkflowSources(
    dir: string,
    rootIds: readonly string[],
    references: readonly ConnectionReferenceSource[],
    publisherPrefix: string,
    connector: { id: string; name: string },
): WorkflowSource[] {
    const workflowsDir = join(dir, "Workflows");
    const dataFiles = existsSync(workflowsDir)
        ? readdirSync(workflowsDir)
              .filter((entry) => entry.endsWith(DATA_SUFFIX))
              .sort()
        : [];
    const workflows = dataFiles.map((entry) => readWorkflow(join(workflowsDir, entry), workflowsDir));

    for (const id of rootIds) {
        if (!workflows.some((workflow) => workflow.id === id)) {
            throw new PackError(
                `The workflow root component {${id}} has no Workflows/*${DATA_SUFFIX} with WorkflowId {${id}} in ${workflowsDir}.`,
            );
        }
    }
    for (const workflow of workflows) {
        if (!rootIds.includes(workflow.id)) {
            throw new PackError(
                `${workflow.dataFile}: the workflow {${workflow.id}} is not a root component (type 29) in Other/Solution.xml.`,
            );
        }
        if (workflows.filter((other) => other.id === workflow.id).length > 1) {
            throw new PackError(
                `${workflow.dataFile}: another data.xml in ${workflowsDir} has the same WorkflowId {${workflow.id}}.`,
            );
        }
        checkConnectionReferences(workflow, references, publisherPrefix, connector);
    }
    return workflows;
}

function readWorkflow(dataFile: string, workflowsDir: string): WorkflowSource {
    const root = parseXml(readFileSync(dataFile, "utf8"), dataFile).root();
    if (root.node.nodeName !== "Workflow") throw new PackError(`${dataFile}: the root element must be <Workflow>.`);
    const id = bareGuid(attributeOf(root, "WorkflowId"));
    if (!GUID.test(id))
        throw new PackError(`${dataFile}: WorkflowId "${attributeOf(root, "WorkflowId") ?? ""}" is not a GUID.`);
    const name = attributeOf(root, "Name") ?? "";
    if (name === "") throw new PackError(`${dataFile}: the <Workflow> has no Name.`);
    const category = textOf(onlyChild(root, "Category", dataFile));
    if (category !== "5")
        throw new PackError(
            `${dataFile}: <Category> is ${category}; only cloud flows (Category 5, the clientdata JSON form) can be packed.`,
        );

    const jsonFileName = textOf(onlyChild(root, "JsonFileName", dataFile));
    const expected = `${basename(dataFile).slice(0, -DATA_SUFFIX.length)}.json`;
    if (jsonFileName !== `/Workflows/${expected}`) {
        throw new PackError(
            `${dataFile}: <JsonFileName> is "${jsonFileName}"; it must be "/Workflows/${expected}", the JSON file beside it.`,
        );
    }
    if (!expected.endsWith(`-${id.toUpperCase()}.json`)) {
        throw new PackError(
            `${dataFile}: the flow's file name "${expected}" must end with its WorkflowId in capitals, "-${id.toUpperCase()}.json", as Dataverse names it.`,
        );
    }
    const jsonPath = join(workflowsDir, expected);
    if (!existsSync(jsonPath)) throw new PackError(`${dataFile} names ${jsonPath}, which does not exist.`);
    const jsonText = readFileSync(jsonPath, "utf8");
    let definition: FlowDocument;
    try {
        definition = JSON.parse(jsonText) as FlowDocument;
    } catch (error) {
        throw new PackError(`${jsonPath} is not valid JSON: ${(error as Error).message}`);
    }
    if (
        typeof definition !== "object" ||
        definition === null ||
        typeof definition.properties?.definition !== "object" ||
        definition.schemaVersion === undefined
    ) {
        throw new PackError(
            `${jsonPath}: a flow in the clientdata form has "properties" (with "definition") and "schemaVersion".`,
        );
    }
    assertExactNumbers(definition, jsonPath, (message) => new PackError(message));
    return { id, name, dataFile, node: root, entryPath: `Workflows/${expected}`, jsonText, definition };
}

function checkConnectionReferences(
    workflow: WorkflowSource,
    references: readonly ConnectionReferenceSource[],
    publisherPrefix: string,
    connector: { id: string; name: string },
): void {
    const file = `Workflows/${basename(workflow.entryPath)}`;
    for (const [key, entry] of Object.entries(workflow.definition.properties?.connectionReferences ?? {})) {
        const logicalName = String(entry.connection?.connectionReferenceLogicalName ?? "");
        const reference = references.find((candidate) => candidate.logicalName === logicalName);
        if (reference === undefined) {
            throw new PackError(
                `${file}: the connection "${key}" uses the connection reference "${logicalName}", which Other/Customizations.xml's <connectionreferences> does not define.`,
            );
        }
        if (!logicalName.startsWith(`${publisherPrefix}_`)) {
            throw new PackError(
                `Other/Customizations.xml: the connection reference "${logicalName}" must start with the publisher prefix "${publisherPrefix}_".`,
            );
        }
        const apiName = String(entry.api?.name ?? "");
        if (reference.connectorId !== `/providers/Microsoft.PowerApps/apis/${apiName}`) {
            throw new PackError(
                `${file}: the connection "${key}" calls the API "${apiName}", but the connection reference "${logicalName}" names the connector "${reference.connectorId}".`,
            );
        }
        if (entry.api?.logicalName !== undefined) {
            if (entry.api.logicalName !== connector.name) {
                throw new PackError(
                    `${file}: the connection "${key}" names the custom connector "${String(entry.api.logicalName)}", which is not the solution's connector "${connector.name}".`,
                );
            }
            if (reference.customConnectorId !== connector.id) {
                throw new PackError(
                    `Other/Customizations.xml: the connection reference "${logicalName}" must name the solution's connector in <customconnectorid><connectorid>${connector.id}</connectorid></customconnectorid>` +
                        ` (found ${reference.customConnectorId ?? "none"}).`,
                );
            }
        }
    }
}

/** The flow as it goes into the zip: compact JSON, as Dataverse exports it. */
export function workflowEntryData(workflow: WorkflowSource): Buffer {
    return Buffer.from(JSON.stringify(workflow.definition), "utf8");
}

/**
 * Appends a copy of an element (attributes, child elements and text) to a container, leaving out
 * namespace declarations: the <Workflow> of a data.xml becomes a child of customizations.xml's
 * <Workflows> as Dataverse's exports show it.
 */
export function appendElementCopy(container: XMLBuilder, source: XMLBuilder): void {
    const element = source.node as unknown as Element;
    const attributes: Record<string, string> = {};
    for (const attribute of Array.from(element.attributes)) {
        if (attribute.name !== "xmlns" && !attribute.name.startsWith("xmlns:"))
            attributes[attribute.name] = attribute.value;
    }
    const copy = container.ele(element.nodeName, attributes);
    const children = Array.from(element.childNodes);
    const elementChildren = children.filter((child) => child.nodeType === 1);
    if (elementChildren.length === 0) {
        const text = element.textContent ?? "";
        if (text !== "") copy.txt(text);
        return;
    }
    source.each(
        (child) => {
            if (child.node.nodeType === 1) appendElementCopy(copy, child);
        },
        false,
        false,
    );
}
