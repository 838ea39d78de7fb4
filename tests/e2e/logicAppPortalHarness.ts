import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateLogicAppTemplate, workflowForLocalHost } from "../../tools/logicApp/template";
import { startEmulator, type RunningEmulator } from "../../tools/standIns/databricksEmulator/server";
import { RunningFlowHost, startFlowHost } from "../../tools/standIns/flowHost/site";
import type { SitePages } from "../../tools/standIns/flowHost/sitePages";

/**
 * What the Logic App browser tests share: the generated Logic App on the local flow host in front of
 * the workspace emulator, and a static web server for the portal's pages on an origin of its own.
 */

export const TEST_TENANT_ID = "00000000-0000-4000-8000-00000000c0de";

export interface LocalLogicApp {
    emulator: RunningEmulator;
    host: RunningFlowHost;
    /** The trigger's URL as a portal is given it: the invoke path with api-version, without a SAS signature. */
    endpoint: string;
    close(): Promise<void>;
}

/** The template's workflow with these trigger-policy and allow-list values, on loopback. */
export async function startLocalLogicApp(portalAudience: string, allowedJobIds: string[]): Promise<LocalLogicApp> {
    const emulator = await startEmulator();
    const logicApp = workflowForLocalHost(generateLogicAppTemplate().template, {
        parameters: {
            workspaceHost: emulator.host,
            clientId: "00000000-0000-0000-0000-00000000c11e",
            clientSecret: "not-a-secret",
            portalAudience,
            allowedJobIds,
        },
        tenantId: TEST_TENANT_ID,
    });
    const host = await startFlowHost({
        flows: [],
        connection: { host: emulator.baseUrl, token: emulator.token() },
        logicApps: [logicApp],
    });
    return {
        emulator,
        host,
        endpoint: `${host.baseUrl}${host.invokePath(logicApp.name)}?api-version=2016-10-01`,
        close: async () => {
            await host.close();
            await emulator.close();
        },
    };
}

export interface StaticOrigin {
    /** http://127.0.0.1:PORT */
    url: string;
    close(): Promise<void>;
}

/** A static web host for the listed pages only, as a portal outside Power Pages has (another origin than the Logic App's). */
export async function startStaticOrigin(pages: SitePages): Promise<StaticOrigin> {
    const server = createServer((request, response) => {
        const path = (request.url ?? "/").split("?")[0];
        if (pages.serves(request.method, path)) return pages.serve(request, response, path);
        response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
