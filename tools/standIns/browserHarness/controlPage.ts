import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CONTROL_OUTPUT } from "./pcfHarness";
import { REPO_ROOT } from "../../common/repoPaths";
import {
    ControlEvents,
    type ControlEventName,
    type InputPropertyName,
    type OutputPropertyName,
} from "../../../TriggerControl/ManifestConstants";

/** Debian's Chromium: a test tool's own browser download cannot run on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
    return chromium.launch({
        executablePath: CHROMIUM,
        args: [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    });
}

/** The control in the pcf-start harness, driven the way a maker's app would drive it. */
export class ControlPage {
    private constructor(readonly page: Page) {}

    static async open(browser: Browser, harnessUrl: string): Promise<ControlPage> {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
        await page.route("**/*", (route) => {
            const url = route.request().url();
            // The harness page loads React from a public CDN: answer from node_modules.
            const umd = /unpkg\.com\/(react-dom|react)@[^/]+\/umd\/([^?]+)/.exec(url);
            if (umd) {
                return route.fulfill({
                    contentType: "application/javascript",
                    body: readFileSync(join(REPO_ROOT, "node_modules", umd[1], "umd", umd[2])),
                });
            }
            // The harness loads every resx and keeps whichever arrives last; serve English for all of
            // them so that what the test reads does not depend on network timing.
            if (/\/strings\/TriggerControl\.\d+\.resx$/.test(url)) {
                return route.fulfill({
                    contentType: "text/xml",
                    body: readFileSync(join(CONTROL_OUTPUT, "strings", "TriggerControl.1033.resx")),
                });
            }
            if (!url.startsWith(harnessUrl)) return route.abort();
            return route.continue();
        });
        // pcf-start has no custom events: context.events is a plain object without OnTrigger & co.
        // Giving every object these methods (in this test page only) lets the test see what the
        // control raises, as a canvas app's formulas would.
        await page.addInitScript((eventNames: readonly string[]) => {
            const raised: string[] = [];
            (window as unknown as { __raisedEvents: string[] }).__raisedEvents = raised;
            for (const name of eventNames) {
                Object.defineProperty(Object.prototype, name, {
                    value: () => raised.push(name),
                    configurable: true,
                    writable: true,
                });
            }
        }, ControlEvents);
        await page.goto(harnessUrl, { waitUntil: "load" });
        await page.locator(".dbx-trigger").waitFor();
        return new ControlPage(page);
    }

    /** Sets one of the harness's Data Inputs, as the app would set the property. */
    /** The harness's Data Inputs entry of a property. */
    private inputItem(name: InputPropertyName) {
        return this.page
            .locator(".io-item")
            .filter({ has: this.page.getByText(name, { exact: true }) })
            .first();
    }

    async setInput(name: InputPropertyName, value: string): Promise<void> {
        const item = this.inputItem(name);
        const select = item.locator("select");
        if ((await select.count()) > 0) {
            await select.selectOption({ label: value });
            return;
        }
        const field = item.locator("input, textarea").first();
        await field.fill(value);
        await field.press("Tab");
    }

    /** The value the harness holds for one of the Data Inputs. */
    async inputValue(name: InputPropertyName): Promise<string> {
        return this.inputItem(name).locator("input, textarea").first().inputValue();
    }

    async setInputs(values: Partial<Record<InputPropertyName, string>>): Promise<void> {
        for (const [name, value] of Object.entries(values)) await this.setInput(name as InputPropertyName, value);
    }

    /** The harness's Data Outputs, by name. */
    async outputs(): Promise<Record<string, string>> {
        return this.page.$$eval(".key-value-pair", (pairs) =>
            Object.fromEntries(
                pairs.map((pair) => [
                    pair.querySelector(".key-value-pair-key")?.textContent ?? "",
                    pair.querySelector(".key-value-pair-value")?.textContent ?? "",
                ]),
            ),
        );
    }

    async waitForOutput(
        name: OutputPropertyName,
        predicate: (value: string) => boolean,
        timeoutMs = 15_000,
    ): Promise<string> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = (await this.outputs())[name] ?? "";
            if (predicate(value)) return value;
            if (Date.now() > deadline)
                throw new Error(`Output ${name} is still ${JSON.stringify(value)} after ${timeoutMs} ms`);
            await this.page.waitForTimeout(100);
        }
    }

    /** The events the control has raised so far, in order. */
    async raisedEvents(): Promise<ControlEventName[]> {
        return this.page.evaluate(() =>
            (window as unknown as { __raisedEvents: ControlEventName[] }).__raisedEvents.slice(),
        );
    }

    get control() {
        return this.page.locator(".dbx-trigger");
    }

    async close(): Promise<void> {
        await this.page.close();
    }
}
