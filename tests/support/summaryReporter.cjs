/**
 * Ends a jest run with the checks that were skipped for want of reference data, by name and with
 * the command that gets the data, then one plain line, "N passed, N failed[, N skipped]", which CI
 * systems that do not parse jest's own summary can read. Skipped checks are recognised by the
 * title tests/support/reference.ts gives them: "<test> — skipped: <check> (<reason>: <remedy>)".
 */
const SKIP_NOTICE = / — (skipped: .+)$/;

function skipNoticeOf(assertion) {
    for (const title of [...assertion.ancestorTitles, assertion.title]) {
        const match = SKIP_NOTICE.exec(title);
        if (match) return match[1];
    }
    return undefined;
}

/** The skip notices of the run's skipped tests, each with how many tests it covers, in first-seen order. */
function skippedChecks(results) {
    const counts = new Map();
    for (const file of results.testResults) {
        for (const assertion of file.testResults) {
            if (assertion.status !== "pending") continue;
            const notice = skipNoticeOf(assertion);
            if (notice !== undefined) counts.set(notice, (counts.get(notice) ?? 0) + 1);
        }
    }
    return [...counts.entries()];
}

class SummaryReporter {
    onRunComplete(_contexts, results) {
        const checks = skippedChecks(results);
        if (checks.length > 0) {
            const lines = checks.map(([notice, count]) => `  ${notice} — ${count} test${count === 1 ? "" : "s"}`);
            process.stdout.write(
                `\nReference checks skipped (the data is not here; they run when it is):\n${lines.join("\n")}\n`,
            );
        }
        const skipped = results.numPendingTests + results.numTodoTests;
        const line =
            `${results.numPassedTests} passed, ${results.numFailedTests} failed` +
            (skipped > 0 ? `, ${skipped} skipped` : "");
        process.stdout.write(`\n${line}\n`);
    }
}

module.exports = SummaryReporter;
module.exports.skippedChecks = skippedChecks;
