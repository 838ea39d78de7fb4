import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../tools/common/repoPaths";

/**
 * Tests live in one predictable place per kind: the control's beside the control, every other
 * under tests/. jest looks nowhere else, so a test file elsewhere would never run.
 */
const TEST_FILE = /\.(test|e2e)\.tsx?$/;
const TEST_HOMES = ["TriggerControl/__tests__/", "tests/"];

test("every test file is under TriggerControl/__tests__/ or tests/", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    }).split("\n");
    const strays = files.filter((file) => TEST_FILE.test(file) && !TEST_HOMES.some((home) => file.startsWith(home)));
    expect(strays).toEqual([]);
});
