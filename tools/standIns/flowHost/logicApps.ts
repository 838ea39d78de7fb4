import { generateLogicAppTemplate, LocalLogicApp, PARAMETER, workflowForLocalHost } from "../../logicApp/template";

/**
 * The generated Logic App (logicapp/bin/azuredeploy.json's template, generated in memory from
 * connector/ and the portal flow) with the values the local host needs, ready for startFlowHost's
 * `logicApps`. The client id and secret only configure the custom API's OAuth, which the local host
 * does not run: the connection is the host's `connection` (the emulator's token).
 */

export interface LocalLogicAppSettings {
    /** The `aud` claim the trigger's policy requires (the portal's application id or Application ID URI). */
    portalAudience: string;
    /** The tenant: the `iss` claim is https://sts.windows.net/<tenant>/ unless tokenIssuer is given. */
    tenantId?: string;
    tokenIssuer?: string;
    /** The jobs the portal may describe and start (default: none). */
    allowedJobIds?: string[];
    /** The workspace the template names; the host's connection decides where calls go. */
    workspaceHost?: string;
}

/** A tenant id for local runs: clearly not a real one. */
export const LOCAL_TENANT_ID = "00000000-0000-0000-0000-00000000cafe";

export function generatedLogicApp(settings: LocalLogicAppSettings): LocalLogicApp {
    const { template } = generateLogicAppTemplate();
    const parameters: Record<string, unknown> = {
        [PARAMETER.workspaceHost]: settings.workspaceHost ?? "adb-0000000000000000.0.azuredatabricks.net",
        [PARAMETER.clientId]: "00000000-0000-0000-0000-000000000001",
        [PARAMETER.clientSecret]: "local-host-has-no-secret",
        [PARAMETER.tenantId]: settings.tenantId ?? LOCAL_TENANT_ID,
        [PARAMETER.portalAudience]: settings.portalAudience,
        [PARAMETER.allowedJobIds]: settings.allowedJobIds ?? [],
    };
    if (settings.tokenIssuer !== undefined) parameters[PARAMETER.tokenIssuer] = settings.tokenIssuer;
    return workflowForLocalHost(template, { parameters, tenantId: settings.tenantId ?? LOCAL_TENANT_ID });
}
