import { isObject } from "../../common/objects";
import { pointerOf } from "../../common/jsonPointer";
import {
    PARAMETERS_JSON_FIELD,
    PARAMETERS_SCHEMA_OPERATION_ID,
    RUN_NOW_OPERATION_ID,
} from "../../connector/customCode/scriptRules";
import { operationsOf, SwaggerDocument } from "../../connector/model/swaggerModel";
import { escapeArmLiterals } from "./armExpressions";
import { ArmResource, PARAMETER, parameterRef, RESOURCE } from "./armTemplate";
import { TemplateGenerationError } from "./errors";

/**
 * The connector as a Logic Apps custom API (Microsoft.Web/customApis@2016-06-01): the connector's
 * swagger inline, its Entra ID OAuth settings, name, colour and icon. Logic Apps runs no custom code
 * and no policy templates, so what only script.csx or dynamichosturl provide is left out or done
 * elsewhere (README.md, "What differs from the connector").
 */

/** The features of the connector that exist only through script.csx, and what the twin does instead. */
export const SCRIPT_ONLY = {
    /** Operations the script answers itself, at paths Databricks does not have: left out of the custom API. */
    operations: [PARAMETERS_SCHEMA_OPERATION_ID] as readonly string[],
    /** Body fields the script turns into others: left out; the workflow sends what the script would (runNowBody.ts). */
    bodyFields: { [RUN_NOW_OPERATION_ID]: [PARAMETERS_JSON_FIELD] } as Readonly<Record<string, readonly string[]>>,
    /** The script operations the workflow converter reproduces. */
    reproduced: [RUN_NOW_OPERATION_ID] as readonly string[],
};

const DYNAMIC_EXTENSIONS = [
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
];

/** One place where the custom API's swagger differs from the connector's, and why. */
export interface SwaggerDifference {
    pointer: string;
    reason: string;
}

/** The connector's swagger as Logic Apps gets it (before ARM escaping), and where it differs from the connector's. */
export function logicAppsSwagger(swagger: SwaggerDocument): {
    swagger: Record<string, unknown>;
    differences: SwaggerDifference[];
} {
    const copy = JSON.parse(JSON.stringify(swagger)) as Record<string, unknown> & SwaggerDocument;
    const differences: SwaggerDifference[] = [
        {
            pointer: "/host",
            reason: "the workspace host is the workspaceHost parameter (Logic Apps has no dynamichosturl)",
        },
    ];
    copy.host = parameterRef(PARAMETER.workspaceHost);
    for (const { path, method, operation, pointer } of operationsOf(swagger)) {
        const operationId = operation.operationId ?? "";
        if (SCRIPT_ONLY.operations.includes(operationId)) {
            delete copy.paths?.[path]?.[method];
            const emptied = Object.keys(copy.paths?.[path] ?? {}).length === 0;
            if (emptied) delete copy.paths?.[path];
            differences.push({
                pointer: emptied ? pointerOf("paths", path) : pointer,
                reason: `${operationId} is answered by script.csx; Databricks has no ${path}`,
            });
            continue;
        }
        for (const field of SCRIPT_ONLY.bodyFields[operationId] ?? []) {
            const index = (operation.parameters ?? []).findIndex((parameter) => parameter.in === "body");
            const properties = copy.paths?.[path]?.[method]?.parameters?.[index]?.schema?.properties;
            if (index < 0 || !properties || !(field in properties)) continue;
            delete properties[field];
            differences.push({
                pointer: `${pointer}${pointerOf("parameters", index, "schema", "properties", field)}`,
                reason: `${operationId}'s ${field} is read by script.csx; the workflow sends what the script makes of it`,
            });
        }
    }
    differences.push(...removeDynamicReferences(copy, "", SCRIPT_ONLY.operations));
    return { swagger: copy, differences };
}

/** Removes x-ms-dynamic-* extensions that call a removed operation; they would fail in the designer. */
function removeDynamicReferences(value: unknown, pointer: string, removed: readonly string[]): SwaggerDifference[] {
    if (Array.isArray(value))
        return value.flatMap((item, index) => removeDynamicReferences(item, `${pointer}/${index}`, removed));
    if (!isObject(value)) return [];
    const found: SwaggerDifference[] = [];
    for (const [key, item] of Object.entries(value)) {
        const here = `${pointer}${pointerOf(key)}`;
        if (DYNAMIC_EXTENSIONS.includes(key) && isObject(item) && removed.includes(String(item.operationId))) {
            delete value[key];
            found.push({
                pointer: here,
                reason: `${key} calls ${String(item.operationId)}, which the custom API leaves out`,
            });
        } else {
            found.push(...removeDynamicReferences(item, here, removed));
        }
    }
    return found;
}

export interface ConnectorForApi {
    swagger: SwaggerDocument;
    apiProperties: Record<string, unknown>;
    icon: Buffer | undefined;
}

/** Microsoft.Web/customApis with the connector's swagger, OAuth settings, name, colour and icon. */
export function customApiResource(connector: ConnectorForApi): ArmResource {
    const properties = isObject(connector.apiProperties.properties) ? connector.apiProperties.properties : {};
    checkScriptOperations(properties.scriptOperations);
    const token = connectionParameter(properties, "token");
    const oAuth = isObject(token.oAuthSettings) ? token.oAuthSettings : undefined;
    if (token.type !== "oauthSetting" || !oAuth || oAuth.identityProvider !== "aad") {
        throw new TemplateGenerationError(
            "apiProperties.json",
            "/properties/connectionParameters/token",
            'the connector must sign in with Entra ID (type "oauthSetting", identityProvider "aad") for a Logic Apps custom API to carry the same OAuth settings',
        );
    }
    const customParameters = isObject(oAuth.customParameters) ? oAuth.customParameters : {};
    const { swagger } = logicAppsSwagger(connector.swagger);
    return {
        type: RESOURCE.customApi.type,
        apiVersion: RESOURCE.customApi.apiVersion,
        name: parameterRef(PARAMETER.customApiName),
        location: parameterRef(PARAMETER.location),
        properties: {
            displayName: connector.swagger.info?.title ?? "",
            description: connector.swagger.info?.description ?? "",
            iconUri: connector.icon ? `data:image/png;base64,${connector.icon.toString("base64")}` : undefined,
            brandColor: typeof properties.iconBrandColor === "string" ? properties.iconBrandColor : undefined,
            apiType: "Rest",
            backendService: { serviceUrl: `[concat('https://', parameters('${PARAMETER.workspaceHost}'))]` },
            capabilities: [],
            connectionParameters: {
                token: {
                    type: "oauthSetting",
                    oAuthSettings: {
                        identityProvider: "aad",
                        clientId: parameterRef(PARAMETER.clientId),
                        clientSecret: parameterRef(PARAMETER.clientSecret),
                        scopes: Array.isArray(oAuth.scopes) ? oAuth.scopes : [],
                        properties: escapeArmLiterals(isObject(oAuth.properties) ? oAuth.properties : {}),
                        customParameters: {
                            ...escapeArmLiterals(customParameters),
                            tenantId: { value: parameterRef(PARAMETER.tenantId) },
                        },
                    },
                },
            },
            swagger: { ...escapeArmLiterals(swagger), host: parameterRef(PARAMETER.workspaceHost) },
        },
    };
}

function connectionParameter(properties: Record<string, unknown>, name: string): Record<string, unknown> {
    const parameters = isObject(properties.connectionParameters) ? properties.connectionParameters : {};
    const parameter = parameters[name];
    if (!isObject(parameter))
        throw new TemplateGenerationError(
            "apiProperties.json",
            pointerOf("properties", "connectionParameters", name),
            `the connector has no "${name}" connection parameter`,
        );
    return parameter;
}

/** Every script operation must be one the twin reproduces or leaves out: anything else would silently behave differently. */
function checkScriptOperations(scriptOperations: unknown): void {
    const listed = Array.isArray(scriptOperations) ? scriptOperations.map(String) : [];
    listed.forEach((operationId, index) => {
        if (!SCRIPT_ONLY.operations.includes(operationId) && !SCRIPT_ONLY.reproduced.includes(operationId)) {
            throw new TemplateGenerationError(
                "apiProperties.json",
                pointerOf("properties", "scriptOperations", index),
                `script.csx handles ${operationId}, which the Logic Apps twin neither reproduces nor leaves out; teach tools/logicApp/template/customApi.ts (SCRIPT_ONLY) what to do with it`,
            );
        }
    });
}
