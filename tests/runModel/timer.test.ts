import { createTimer } from "../../runModel/timer";
import { VirtualClock } from "../../bench/virtualClock";

test("a timer waits once; starting it again replaces the wait; stopping it cancels it", () => {
    const clock = new VirtualClock();
    const timer = createTimer(clock);
    const fired: number[] = [];
    timer.start(() => fired.push(clock.now()), 100);
    expect(timer.isWaiting()).toBe(true);
    timer.start(() => fired.push(clock.now()), 300);
    clock.advanceTo(1_000);
    expect(fired).toEqual([300]);
    expect(timer.isWaiting()).toBe(false);

    timer.start(() => fired.push(clock.now()), 100);
    timer.stop();
    clock.advanceTo(2_000);
    expect(fired).toEqual([300]);
    expect(clock.pendingTimers()).toBe(0);
});

test("a callback may start its own timer again", () => {
    const clock = new VirtualClock();
    const timer = createTimer(clock);
    const ticks: number[] = [];
    const tick = () => {
        timer.start(tick, 1_000);
        ticks.push(clock.now());
    };
    timer.start(tick, 1_000);
    clock.advanceTo(3_500);
    expect(ticks).toEqual([1_000, 2_000, 3_000]);
    expect(timer.isWaiting()).toBe(true);
});
