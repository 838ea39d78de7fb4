import type { RunningFlowHost } from "../../../tools/standIns/flowHost/site";

/** A page of the local site as a browser would drive it: the session cookie, the token, then the cloud flow API. */

export const PORTAL_FLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";

export type BodyShape = "eventData" | "form" | "bare";

export interface CallOptions {
    shape?: BodyShape;
    flowId?: string;
    /** Leave out the anti-forgery header. */
    withoutToken?: boolean;
    /** Leave out X-Requested-With. */
    withoutAjaxHeader?: boolean;
}

export interface SiteAnswer {
    status: number;
    text: string;
    json(): Record<string, unknown>;
}

function bodyOf(inputs: Record<string, unknown>, shape: BodyShape): { contentType: string; body: string } {
    switch (shape) {
        case "eventData":
            return { contentType: "application/json", body: JSON.stringify({ eventData: JSON.stringify(inputs) }) };
        case "form":
            return {
                contentType: "application/x-www-form-urlencoded; charset=UTF-8",
                body: new URLSearchParams({ eventData: JSON.stringify(inputs) }).toString(),
            };
        case "bare":
            return { contentType: "application/json", body: JSON.stringify(inputs) };
    }
}

/** Where the site is: what startFlowHost gives back, or what `npm run flow-host` prints. */
export type SiteAddress = Pick<RunningFlowHost, "baseUrl" | "triggerPath">;

export class SitePage {
    private constructor(
        private readonly host: SiteAddress,
        private readonly cookie: string,
        readonly token: string,
    ) {}

    /** Opens a session: GET /_layout/tokenhtml, keeping its cookie and the token its input carries. */
    static async open(host: SiteAddress): Promise<SitePage> {
        const response = await fetch(`${host.baseUrl}/_layout/tokenhtml`);
        const html = await response.text();
        const token = /value="([^"]+)"/.exec(html)?.[1];
        if (token === undefined) throw new Error(`no token in ${html}`);
        const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
        return new SitePage(host, cookie, token);
    }

    /** Calls the flow with its inputs by title, in one of the documented body shapes. */
    call(inputs: Record<string, unknown>, options: CallOptions = {}): Promise<SiteAnswer> {
        const { contentType, body } = bodyOf(inputs, options.shape ?? "eventData");
        return this.post(contentType, body, options);
    }

    /** Posts a body as given. */
    async post(contentType: string, body: string, options: CallOptions = {}): Promise<SiteAnswer> {
        const headers: Record<string, string> = { "Content-Type": contentType, Cookie: this.cookie };
        if (!options.withoutToken) headers.__RequestVerificationToken = this.token;
        if (!options.withoutAjaxHeader) headers["X-Requested-With"] = "XMLHttpRequest";
        const response = await fetch(`${this.host.baseUrl}${this.host.triggerPath(options.flowId ?? PORTAL_FLOW_ID)}`, {
            method: "POST",
            headers,
            body,
        });
        const text = await response.text();
        return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
    }
}
