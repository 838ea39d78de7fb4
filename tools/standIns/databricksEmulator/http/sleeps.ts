/**
 * The waits of slow answers and of ExecuteStatement, kept so that closing the emulator ends them
 * at once and leaves no timer behind.
 */
export class Sleeps {
    private readonly pending = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
    private stopped = false;

    /** Resolves after ms, or at once when stopAll() has been called. */
    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            if (this.stopped) return resolve();
            const entry = {
                timer: setTimeout(() => {
                    this.pending.delete(entry);
                    resolve();
                }, ms),
                wake: resolve,
            };
            this.pending.add(entry);
        });
    }

    get isStopped(): boolean {
        return this.stopped;
    }

    /** Wakes every sleeper now; later sleeps return at once. */
    stopAll(): void {
        this.stopped = true;
        for (const entry of this.pending) {
            clearTimeout(entry.timer);
            entry.wake();
        }
        this.pending.clear();
    }
}
