import { AzArgs } from "./azCommands";
import { AzResult } from "./azProcess";
import { AZURE_DATABRICKS_APP_ID } from "./constants";
import { AzClient } from "./setupFlow";

/** Stand-ins for values that exist only once a step has run; the printed commands show them. */
export const PLACEHOLDER = {
    tenantId: "<tenant-id>",
    appId: "<app-id>",
    appObjectId: "<app-object-id>",
    servicePrincipalId: "<service-principal-id>",
    azureDatabricksServicePrincipalId: "<azure-databricks-service-principal-id>",
    secret: "<new-client-secret>",
} as const;

function option(args: AzArgs, name: string): string[] {
    const start = args.indexOf(name);
    if (start < 0) return [];
    const values: string[] = [];
    for (let index = start + 1; index < args.length && !args[index].startsWith("--"); index++) values.push(args[index]);
    return values;
}

const ok = (value: unknown): AzResult => ({
    code: 0,
    stdout: value === undefined ? "" : JSON.stringify(value),
    stderr: "",
});

/**
 * Runs nothing: records each command and answers as a tenant where nothing exists yet would (and
 * where AzureDatabricks has its service principal, as in every tenant with a workspace), so the
 * recorded commands are exactly those of a first run.
 */
export class DryRunClient implements AzClient {
    readonly commands: Array<{ args: AzArgs; changes: boolean }> = [];

    async run(args: AzArgs, changes: boolean): Promise<AzResult> {
        this.commands.push({ args, changes });
        const words = args
            .filter((arg) => !arg.startsWith("--"))
            .slice(0, 4)
            .join(" ");
        if (words.startsWith("account show"))
            return ok({ tenantId: PLACEHOLDER.tenantId, user: { name: "<you>", type: "user" } });
        if (words.startsWith("ad app list")) return ok([]);
        if (words.startsWith("ad app create")) {
            return ok({
                id: PLACEHOLDER.appObjectId,
                appId: PLACEHOLDER.appId,
                displayName: option(args, "--display-name")[0],
                signInAudience: option(args, "--sign-in-audience")[0],
                web: { redirectUris: option(args, "--web-redirect-uris") },
                requiredResourceAccess: [],
                passwordCredentials: [],
            });
        }
        if (words.startsWith("ad sp list")) {
            const filter = option(args, "--filter")[0] ?? "";
            return ok(
                filter.includes(AZURE_DATABRICKS_APP_ID)
                    ? [{ id: PLACEHOLDER.azureDatabricksServicePrincipalId, appId: AZURE_DATABRICKS_APP_ID }]
                    : [],
            );
        }
        if (words.startsWith("ad sp create"))
            return ok({ id: PLACEHOLDER.servicePrincipalId, appId: PLACEHOLDER.appId });
        if (words.startsWith("ad app credential reset"))
            return ok({ appId: PLACEHOLDER.appId, password: PLACEHOLDER.secret, tenant: PLACEHOLDER.tenantId });
        if (words.startsWith("ad app permission list-grants")) return ok([]);
        return ok(undefined);
    }
}
