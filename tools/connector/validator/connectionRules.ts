import { PNG } from "pngjs";
import { ConnectorFiles, FILE } from "../model/connectorFiles";
import { ICON_SIZE } from "../icon/icon";
import { pointerOf } from "../../common/jsonPointer";
import { problem, Problem } from "../model/problem";
import { SCRIPT_OPERATION_IDS } from "../customCode/scriptRules";
import {
    bodyParameterOf,
    findOperation,
    operationsOf,
    Parameter,
    requiredProperties,
    Schema,
    SwaggerDocument,
} from "../model/swaggerModel";

/**
 * Rules about how the connector signs in and where it sends requests (apiProperties.json and the
 * security part of the definition), the files paconn reads, the icon, and the operations and
 * parameters that the canvas formulas and the issue promise.
 */

/** The AzureDatabricks first-party application: the audience of the user's token. */
export const AZURE_DATABRICKS_RESOURCE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
const LOGIN_URIS = ["https://login.microsoftonline.com", "https://login.windows.net"];
const FORBIDDEN_BRAND_COLORS = ["#007ee5", "#ffffff"];

/** Operations the issue names, at Databricks' own paths (method and path). */
export const REQUIRED_OPERATIONS: Record<string, [string, string]> = {
    ListJobs: ["get", "/api/2.2/jobs/list"],
    GetJob: ["get", "/api/2.2/jobs/get"],
    RunNow: ["post", "/api/2.2/jobs/run-now"],
    GetRun: ["get", "/api/2.2/jobs/runs/get"],
    GetRunOutput: ["get", "/api/2.2/jobs/runs/get-output"],
    CancelRun: ["post", "/api/2.2/jobs/runs/cancel"],
    ListRuns: ["get", "/api/2.2/jobs/runs/list"],
    ListWarehouses: ["get", "/api/2.0/sql/warehouses"],
    ExecuteStatement: ["post", "/api/2.0/sql/statements"],
    GetStatement: ["get", "/api/2.0/sql/statements/{statement_id}"],
    GetStatementResultChunk: ["get", "/api/2.0/sql/statements/{statement_id}/result/chunks/{chunk_index}"],
    CancelStatement: ["post", "/api/2.0/sql/statements/{statement_id}/cancel"],
};

/** What the canvas formulas in the control's README call: operation, parameter, where, required. */
const CANVAS_CONTRACT: Array<[string, string, "query" | "body", boolean]> = [
    ["RunNow", "job_id", "body", true],
    ["RunNow", "job_parameters_json", "body", false],
    ["RunNow", "idempotency_token", "body", false],
    ["RunNow", "queue", "body", false],
    ["GetRun", "run_id", "query", true],
    ["CancelRun", "run_id", "body", true],
    ["GetJob", "job_id", "query", true],
];
const CANVAS_TITLE = "Databricks Jobs";

type JsonObject = Record<string, unknown>;

export function checkConnection(files: ConnectorFiles): Problem[] {
    const document = files.apiDefinition as SwaggerDocument;
    const properties = ((files.apiProperties as JsonObject | undefined)?.properties ?? {}) as JsonObject;
    return [
        ...checkSignIn(properties),
        ...checkHost(properties, document),
        ...checkSecurityDefinition(document),
        ...checkPublisher(properties),
        ...checkScriptOperations(properties, document, files.script),
        ...checkSettings(files.settings as JsonObject),
        ...checkIcon(files.icon, String(properties.iconBrandColor ?? "")),
        ...checkRequiredOperations(document),
        ...checkCanvasContract(document),
        ...checkNumericIds(document),
    ];
}

function checkSignIn(properties: JsonObject): Problem[] {
    const found: Problem[] = [];
    const parameters = (properties.connectionParameters ?? {}) as Record<string, JsonObject>;
    const tokenName = Object.keys(parameters).find((name) => parameters[name].type === "oauthSetting");
    if (!tokenName)
        return [
            problem(FILE.apiProperties, "/properties/connectionParameters", "oauth", "needs an oauthSetting parameter"),
        ];
    const base = pointerOf("properties", "connectionParameters", tokenName, "oAuthSettings");
    const settings = (parameters[tokenName].oAuthSettings ?? {}) as JsonObject;
    const custom = (settings.customParameters ?? {}) as Record<string, { value?: unknown }>;
    const flags = (settings.properties ?? {}) as JsonObject;
    const expect = (pointer: string, rule: string, actual: unknown, wanted: unknown, why: string) => {
        if (actual !== wanted)
            found.push(
                problem(
                    FILE.apiProperties,
                    `${base}${pointer}`,
                    rule,
                    `must be ${JSON.stringify(wanted)}, is ${JSON.stringify(actual)}: ${why}`,
                ),
            );
    };

    expect(
        "/identityProvider",
        "oauth-identity-provider",
        settings.identityProvider,
        "aad",
        "Databricks accepts Azure AD tokens",
    );
    expect(
        "/customParameters/resourceUri/value",
        "oauth-resource-uri",
        custom.resourceUri?.value,
        AZURE_DATABRICKS_RESOURCE,
        "the token's audience must be AzureDatabricks",
    );
    expect(
        "/properties/AzureActiveDirectoryResourceId",
        "oauth-resource-uri",
        flags.AzureActiveDirectoryResourceId,
        AZURE_DATABRICKS_RESOURCE,
        "it must match resourceUri",
    );
    expect(
        "/customParameters/tenantId/value",
        "oauth-tenant",
        custom.tenantId?.value,
        "common",
        "users of any tenant sign in to their own workspace",
    );
    expect(
        "/redirectMode",
        "oauth-redirect-mode",
        settings.redirectMode,
        "GlobalPerConnector",
        "certification requires a redirect URL per connector",
    );
    // Microsoft's own Azure AD connectors declare on-behalf-of login as supported but leave it off:
    // the user's own token for AzureDatabricks is all this connector needs.
    expect(
        "/properties/IsOnbehalfofLoginSupported",
        "oauth-on-behalf-of",
        flags.IsOnbehalfofLoginSupported,
        true,
        "as Microsoft's own Azure AD connectors set it",
    );
    expect(
        "/customParameters/enableOnbehalfOfLogin/value",
        "oauth-on-behalf-of",
        custom.enableOnbehalfOfLogin?.value,
        "false",
        "as Microsoft's own Azure AD connectors set it",
    );

    const loginUri = custom.loginUri?.value;
    if (!LOGIN_URIS.includes(String(loginUri))) {
        found.push(
            problem(
                FILE.apiProperties,
                `${base}/customParameters/loginUri/value`,
                "oauth-login-uri",
                `must be one of ${LOGIN_URIS.join(", ")}`,
            ),
        );
    }
    const clientId = String(settings.clientId ?? "");
    if (!/REPLACE|PLACEHOLDER/i.test(clientId)) {
        found.push(
            problem(
                FILE.apiProperties,
                `${base}/clientId`,
                "oauth-client-id",
                "must be a placeholder that says so; each tenant registers its own Azure AD app",
            ),
        );
    }
    if ("clientSecret" in settings) {
        found.push(
            problem(
                FILE.apiProperties,
                `${base}/clientSecret`,
                "oauth-client-id",
                "must not be in the file; paconn and pac ask for the secret",
            ),
        );
    }
    return found;
}

function checkHost(properties: JsonObject, document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    const parameters = (properties.connectionParameters ?? {}) as Record<string, JsonObject>;
    const policies = (properties.policyTemplateInstances ?? []) as JsonObject[];
    const policyIndex = policies.findIndex((policy) => String(policy.templateId).toLowerCase() === "dynamichosturl");
    if (policyIndex === -1) {
        return [
            problem(
                FILE.apiProperties,
                "/properties/policyTemplateInstances",
                "dynamic-host-url",
                "needs a dynamichosturl policy",
            ),
        ];
    }
    const template = String(
        ((policies[policyIndex].parameters ?? {}) as JsonObject)["x-ms-apimTemplateParameter.urlTemplate"] ?? "",
    );
    const match = /^https:\/\/@connectionParameters\('(\w+)'\)$/.exec(template);
    const templatePointer = pointerOf(
        "properties",
        "policyTemplateInstances",
        policyIndex,
        "parameters",
        "x-ms-apimTemplateParameter.urlTemplate",
    );
    if (!match) {
        found.push(
            problem(
                FILE.apiProperties,
                templatePointer,
                "dynamic-host-url",
                "must be https://@connectionParameters('<host parameter>') with no path: the definition's paths carry /api/...",
            ),
        );
    } else {
        const host = parameters[match[1]];
        const ui = (host?.uiDefinition ?? {}) as JsonObject;
        const constraints = (ui.constraints ?? {}) as JsonObject;
        const hostPointer = pointerOf("properties", "connectionParameters", match[1]);
        if (!host || host.type !== "string" || constraints.required !== "true") {
            found.push(
                problem(
                    FILE.apiProperties,
                    hostPointer,
                    "host-parameter",
                    "the host must be a required string connection parameter",
                ),
            );
        } else if (!/azuredatabricks\.net/.test(String(ui.description ?? ""))) {
            found.push(
                problem(
                    FILE.apiProperties,
                    `${hostPointer}/uiDefinition/description`,
                    "host-parameter",
                    "must show an example host and say where to find it",
                ),
            );
        }
    }
    if (document.basePath !== "/")
        found.push(
            problem(
                FILE.apiDefinition,
                "/basePath",
                "base-path",
                'must be "/": dynamichosturl replaces host and base path',
            ),
        );
    if (JSON.stringify(document.schemes) !== '["https"]')
        found.push(problem(FILE.apiDefinition, "/schemes", "https-only", 'must be ["https"]'));
    if (!/placeholder/i.test(String(document.host)))
        found.push(
            problem(
                FILE.apiDefinition,
                "/host",
                "placeholder-host",
                "must be a placeholder: the connection's host replaces it",
            ),
        );
    return found;
}

function checkSecurityDefinition(document: SwaggerDocument): Problem[] {
    const definitions = Object.entries(document.securityDefinitions ?? {});
    const oauth = definitions.find(
        ([, definition]) => definition.type === "oauth2" && definition.flow === "accessCode",
    );
    const found: Problem[] = [];
    if (!oauth)
        return [
            problem(
                FILE.apiDefinition,
                "/securityDefinitions",
                "oauth-security-definition",
                "needs an oauth2 accessCode definition",
            ),
        ];
    const [name, definition] = oauth;
    if (
        !/^https:\/\/login\.(microsoftonline\.com|windows\.net)\/common\/oauth2\//.test(
            String(definition.authorizationUrl),
        )
    ) {
        found.push(
            problem(
                FILE.apiDefinition,
                pointerOf("securityDefinitions", name, "authorizationUrl"),
                "oauth-security-definition",
                "must be Azure AD's common authorize endpoint",
            ),
        );
    }
    if (!(document.security ?? []).some((requirement) => name in requirement)) {
        found.push(problem(FILE.apiDefinition, "/security", "oauth-security-definition", `must require ${name}`));
    }
    return found;
}

function checkPublisher(properties: JsonObject): Problem[] {
    const found: Problem[] = [];
    const color = String(properties.iconBrandColor ?? "");
    if (!/^#[0-9a-fA-F]{6}$/.test(color) || FORBIDDEN_BRAND_COLORS.includes(color.toLowerCase())) {
        found.push(
            problem(
                FILE.apiProperties,
                "/properties/iconBrandColor",
                "brand-color",
                "must be #rrggbb, and neither the default #007ee5 nor white",
            ),
        );
    }
    for (const field of ["publisher", "stackOwner"]) {
        if (typeof properties[field] !== "string" || !properties[field])
            found.push(problem(FILE.apiProperties, `/properties/${field}`, "publisher", "is missing"));
    }
    if (!(Array.isArray(properties.capabilities) && properties.capabilities.includes("actions"))) {
        found.push(problem(FILE.apiProperties, "/properties/capabilities", "publisher", 'must list "actions"'));
    }
    return found;
}

function checkScriptOperations(
    properties: JsonObject,
    document: SwaggerDocument,
    script: string | undefined,
): Problem[] {
    const listed = properties.scriptOperations;
    const wanted = [...SCRIPT_OPERATION_IDS];
    const found: Problem[] = [];
    if (!Array.isArray(listed) || listed.length !== wanted.length || !wanted.every((id) => listed.includes(id))) {
        found.push(
            problem(
                FILE.apiProperties,
                "/properties/scriptOperations",
                "script-operations",
                `must be exactly ${JSON.stringify(wanted)}, the operations script.csx handles`,
            ),
        );
    }
    for (const id of wanted) {
        if (!findOperation(document, id))
            found.push(problem(FILE.apiDefinition, "/paths", "script-operations", `operation ${id} is missing`));
        if (script !== undefined && !script.includes(`"${id}"`))
            found.push(problem(FILE.script, "", "script-operations", `does not handle ${id}`));
    }
    if (script === undefined) found.push(problem(FILE.script, "", "script-operations", "is missing"));
    return found;
}

function checkSettings(settings: JsonObject): Problem[] {
    const expected: Record<string, string> = {
        apiDefinition: FILE.apiDefinition,
        apiProperties: FILE.apiProperties,
        icon: FILE.icon,
        script: FILE.script,
    };
    return Object.entries(expected)
        .filter(([key, file]) => settings?.[key] !== file)
        .map(([key, file]) => problem(FILE.settings, `/${key}`, "settings-files", `must be "${file}"`));
}

function checkIcon(icon: Buffer | undefined, brandColor: string): Problem[] {
    if (!icon) return [problem(FILE.icon, "", "icon", "is missing")];
    let png: PNG;
    try {
        png = PNG.sync.read(icon);
    } catch (error) {
        return [problem(FILE.icon, "", "icon", `is not a PNG: ${(error as Error).message}`)];
    }
    if (png.width !== ICON_SIZE || png.height !== ICON_SIZE) {
        return [problem(FILE.icon, "", "icon", `must be ${ICON_SIZE}x${ICON_SIZE}, is ${png.width}x${png.height}`)];
    }
    const corner = `#${[0, 1, 2].map((channel) => png.data[channel].toString(16).padStart(2, "0")).join("")}`;
    if (corner.toLowerCase() !== brandColor.toLowerCase()) {
        return [problem(FILE.icon, "", "icon", `the background must be the brand colour ${brandColor}, is ${corner}`)];
    }
    return [];
}

function checkRequiredOperations(document: SwaggerDocument): Problem[] {
    return Object.entries(REQUIRED_OPERATIONS).flatMap(([operationId, [method, path]]) => {
        const entry = findOperation(document, operationId);
        if (entry && entry.method === method && entry.path === path) return [];
        return [
            problem(
                FILE.apiDefinition,
                "/paths",
                "required-operations",
                `${operationId} must be ${method.toUpperCase()} ${path}`,
            ),
        ];
    });
}

function checkCanvasContract(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    if (document.info?.title !== CANVAS_TITLE) {
        found.push(
            problem(
                FILE.apiDefinition,
                "/info/title",
                "canvas-contract",
                `must be "${CANVAS_TITLE}": Power Fx calls the connector DatabricksJobs`,
            ),
        );
    }
    for (const [operationId, name, location, required] of CANVAS_CONTRACT) {
        const entry = findOperation(document, operationId);
        if (!entry) continue;
        const declared =
            location === "body"
                ? bodyPropertyOf(document, entry.operation.parameters, name)
                : queryParameter(entry.operation.parameters, name);
        const where = `${entry.pointer}/parameters`;
        if (!declared)
            found.push(
                problem(
                    FILE.apiDefinition,
                    where,
                    "canvas-contract",
                    `${operationId} must take ${name} in the ${location}`,
                ),
            );
        else if (declared.required !== required) {
            found.push(
                problem(
                    FILE.apiDefinition,
                    where,
                    "canvas-contract",
                    `${name} of ${operationId} must be ${required ? "required" : "optional"}`,
                ),
            );
        }
    }
    return found;
}

/** Databricks' numeric IDs are int64 and exceed 32 bits: integer fields named *_id must say int64. */
function checkNumericIds(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    const visit = (name: string, schema: Schema, pointer: string) => {
        const isRunOrJobId = /(^|_)(job|run)_id$/.test(name);
        if (
            (isRunOrJobId || (/_id$/.test(name) && schema.type === "integer")) &&
            !(schema.type === "integer" && schema.format === "int64")
        ) {
            found.push(problem(FILE.apiDefinition, pointer, "id-int64", `${name} must be integer with format int64`));
        }
    };
    for (const { operation, pointer } of operationsOf(document)) {
        (operation.parameters ?? []).forEach((parameter, index) => {
            if (parameter.in !== "body")
                visit(parameter.name, parameter, `${pointer}${pointerOf("parameters", index)}`);
        });
    }
    const walk = (schema: Schema | undefined, pointer: string) => {
        if (!schema) return;
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
            const propertyPointer = `${pointer}${pointerOf("properties", name)}`;
            if (!property.$ref) visit(name, property, propertyPointer);
            walk(property, propertyPointer);
        }
        if (schema.items) walk(schema.items, `${pointer}/items`);
    };
    Object.entries(document.definitions ?? {}).forEach(([name, schema]) =>
        walk(schema, pointerOf("definitions", name)),
    );
    for (const { operation, pointer } of operationsOf(document)) {
        (operation.parameters ?? []).forEach((parameter, index) =>
            walk(parameter.schema, `${pointer}${pointerOf("parameters", index, "schema")}`),
        );
    }
    return found;
}

function bodyPropertyOf(
    document: SwaggerDocument,
    parameters: Parameter[] | undefined,
    name: string,
): { required: boolean } | undefined {
    const body = bodyParameterOf({ parameters });
    const schema = body?.schema
        ? body.schema.$ref
            ? document.definitions?.[body.schema.$ref.split("/").pop() ?? ""]
            : body.schema
        : undefined;
    if (!schema?.properties?.[name]) return undefined;
    return { required: requiredProperties(schema).includes(name) };
}

function queryParameter(parameters: Parameter[] | undefined, name: string): { required: boolean } | undefined {
    const parameter = (parameters ?? []).find((candidate) => candidate.in === "query" && candidate.name === name);
    return parameter ? { required: parameter.required === true } : undefined;
}
