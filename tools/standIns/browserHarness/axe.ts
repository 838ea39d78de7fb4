import type { Page } from "playwright-core";
import { repoPath } from "../../common/repoPaths";

const AXE = repoPath("node_modules", "axe-core", "axe.min.js");

export interface AxeFinding {
    id: string;
    impact: string | null;
    help: string;
    targets: string[];
}

/** Runs axe-core on the part of the page the selector names and returns its violations. */
export async function axeViolations(page: Page, selector: string): Promise<AxeFinding[]> {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async (include) => {
        type AxeResult = {
            violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
        };
        const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<AxeResult> } }).axe;
        const result = await axe.run({ include: [include] });
        return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")),
        }));
    }, selector);
}
