/**
 * Microsoft's connector schemas in the reference folder date from 2020 and miss what the platform
 * has accepted since. Each patch below adds one missing thing, says why, and fails loudly when the
 * schema no longer has the shape it patches; none removes or loosens an existing check.
 */

export type SchemaName = "apiDefinition" | "apiProperties" | "settings";

type JsonObject = Record<string, unknown>;

export interface SchemaPatch {
    name: string;
    schema: SchemaName;
    why: string;
    apply(schema: JsonObject): void;
}

export const SCHEMA_PATCHES: SchemaPatch[] = [
    {
        name: "redirect-mode-global-per-connector",
        schema: "apiProperties",
        why:
            'Certification requires redirectMode "GlobalPerConnector" (a redirect URL per connector); the 2020 schema ' +
            "only knows Global and Direct. The newer schema (newer-unverified-7e2d88f) adds this value.",
        apply(schema) {
            const redirectMode = at(schema, "definitions", "oAuthSettings", "properties", "redirectMode");
            enumOf(redirectMode).push("GlobalPerConnector");
        },
    },
    {
        name: "script-operations",
        schema: "apiProperties",
        why:
            "paconn and pac read properties.scriptOperations to limit custom code to some operations; the 2020 schema " +
            "predates custom code. The definition is the newer schema's (newer-unverified-7e2d88f).",
        apply(schema) {
            const properties = at(schema, "properties", "properties", "properties");
            properties.scriptOperations = {
                description: "Operations that execute with the script file; an empty list selects all operations.",
                type: ["array", "null"],
                items: { type: "string" },
            };
        },
    },
    {
        name: "aad-on-behalf-of-login",
        schema: "apiProperties",
        why:
            "Microsoft's own Azure AD connectors set customParameters.enableOnbehalfOfLogin (see the CoE Starter Kit " +
            "connector in dataverse-solutions), but the aad branch allows only resourceUri, loginUri and tenantId. " +
            "Even the newer schema lacks it.",
        apply(schema) {
            const branches = at(schema, "definitions", "oAuthSettings").oneOf;
            if (!Array.isArray(branches)) throw new Error("oAuthSettings has no oneOf");
            const aad = branches.find(
                (branch: JsonObject) => branch.description === "identityProvider: aad",
            ) as JsonObject;
            if (!aad) throw new Error("oAuthSettings has no aad branch");
            at(aad, "properties", "customParameters", "properties").enableOnbehalfOfLogin = {};
        },
    },
    {
        name: "settings-script",
        schema: "settings",
        why: 'paconn reads the custom code file from settings.json\'s "script" since custom code exists; the 2020 schema forbids the key.',
        apply(schema) {
            at(schema, "properties").script = { type: "string", default: "script.csx" };
        },
    },
];

export function patchedSchema(
    name: SchemaName,
    schema: JsonObject,
    patches: SchemaPatch[] = SCHEMA_PATCHES,
): JsonObject {
    const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
    for (const patch of patches.filter((candidate) => candidate.schema === name)) {
        try {
            patch.apply(copy);
        } catch (error) {
            throw new Error(
                `Schema patch ${patch.name} no longer fits the ${name} schema: ${(error as Error).message}`,
            );
        }
    }
    return copy;
}

function at(root: JsonObject, ...path: string[]): JsonObject {
    let node: unknown = root;
    for (const key of path) {
        node = (node as JsonObject | undefined)?.[key];
        if (typeof node !== "object" || node === null) throw new Error(`no object at ${path.join(".")}`);
    }
    return node as JsonObject;
}

function enumOf(node: JsonObject): unknown[] {
    if (!Array.isArray(node.enum)) throw new Error("no enum to extend");
    return node.enum;
}
