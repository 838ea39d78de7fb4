/**
 * Ends a jest run with one plain line, "N passed, N failed[, N skipped]", which CI systems that do
 * not parse jest's own summary can read.
 */
class SummaryReporter {
    onRunComplete(_contexts, results) {
        const skipped = results.numPendingTests + results.numTodoTests;
        const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed` + (skipped > 0 ? `, ${skipped} skipped` : "");
        process.stdout.write(`\n${line}\n`);
    }
}

module.exports = SummaryReporter;
