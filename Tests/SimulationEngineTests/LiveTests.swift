import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimulationCore
import SimulationEngine
import TestSupport
import Testing

@Suite struct LiveEngineTests {
    @Test func liveRunWithCommandsFromAnotherThreadMatchesHeadlessReplay() async {
        let engine = makeEngine(seed: 2024, stepsPerSecond: 400)
        let commands: [Command] = [
            .set(pane: .linear, parameter: "stepSize", value: .number(0.5)),
            .faster,
            .set(pane: .entropy, parameter: "bias", value: .number(0.9)),
            .pause,
            .singleStep,
            .singleStep,
            .resume,
            .set(pane: .linear, parameter: "stepSize", value: .text("bad")),
            .reset,
            .slower,
            .reseed(5),
            .set(pane: .linear, parameter: "stepSize", value: .number(2)),
            .setStepsPerSecond(800),
        ]
        engine.start()
        // A sender on another thread: each command after the tick has moved on a little.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var random = SeededRandom(seed: 1)
                for command in commands {
                    let target = engine.status.tick + UInt64(random.int(below: 20))
                    var polls = 0
                    while engine.status.tick < target && !engine.status.isPaused && polls < 100_000 {
                        polls += 1
                        usleepBriefly()
                    }
                    engine.send(command)
                }
                done.resume()
            }
        }
        let engineCommandCount = commands.count
        #expect(await eventually { engine.log.count == engineCommandCount })
        let tickAfterCommands = engine.status.tick
        #expect(await eventually { engine.status.tick > tickAfterCommands + 10 })
        engine.stop()
        #expect(!engine.isRunning)

        let log = engine.log
        #expect(log.map(\.command) == commands)
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.tick <= $1.tick })
        let tick = engine.status.tick
        #expect(tick > 10)
        let replayed = SimulationEngine.replay(seed: 2024, simulations: toySimulations, log: log, through: tick)
        #expect(sameSnapshots(replayed, engine.snapshots()))
        let replica = SimulationEngine.replaying(seed: 2024, simulations: toySimulations, stepsPerSecond: 400,
                                                 log: log, through: tick)
        var expected = engine.status
        expected.version = replica.status.version
        #expect(replica.status == expected)
        #expect(walk(engine)?.stepSize == 2)
        #expect(engine.status.seed == 5)
    }

    @Test func liveClockStepsAndPauseHoldsIt() async {
        let engine = makeEngine(stepsPerSecond: 200)
        engine.start()
        #expect(engine.isRunning)
        #expect(await eventually { engine.status.tick >= 5 })
        engine.send(.pause)
        #expect(await eventually { engine.status.isPaused })
        let pausedTick = engine.status.tick
        let pausedVersion = engine.version
        try? await Task.sleep(for: .milliseconds(150))  // many firings happen meanwhile
        #expect(engine.status.tick == pausedTick)
        #expect(engine.version == pausedVersion)
        engine.send(.singleStep)
        #expect(await eventually { engine.status.tick == pausedTick + 1 })
        #expect(engine.version == pausedVersion + 1)
        engine.send(.resume)
        #expect(await eventually { engine.status.tick > pausedTick + 5 })
        engine.stop()
    }

    @Test func stopIsIdempotentAndTheEngineCanRestart() async {
        let engine = makeEngine(stepsPerSecond: 500)
        engine.stop()  // never started
        engine.start()
        engine.start()  // already running: no second timer
        #expect(await eventually { engine.status.tick > 3 })
        engine.stop()
        engine.stop()
        let stoppedTick = engine.status.tick
        #expect(!engine.isRunning)
        try? await Task.sleep(for: .milliseconds(50))
        #expect(engine.status.tick == stoppedTick)
        engine.step(2)  // synchronous mode is allowed again once stopped
        #expect(engine.status.tick == stoppedTick + 2)
        engine.start()
        #expect(await eventually { engine.status.tick > stoppedTick + 5 })
        engine.stop()
    }

    @Test func releasingARunningEngineStopsItSafely() async {
        weak var weakEngine: SimulationEngine?
        do {
            let engine = makeEngine(stepsPerSecond: 1000)
            weakEngine = engine
            engine.start()
            #expect(await eventually { engine.status.tick > 3 })
        }
        #expect(await eventually { weakEngine == nil })
    }

    @Test func concurrentReadersSeeConsistentMonotonicPublications() async {
        let engine = makeEngine(stepsPerSecond: 1000)
        engine.send(.setSpeed(4))
        engine.start()
        let readers = 4
        let failures = await withTaskGroup(of: Int.self) { group in
            for reader in 0..<readers {
                group.addTask {
                    await withCheckedContinuation { (done: CheckedContinuation<Int, Never>) in
                        DispatchQueue.global().async {
                            var failures = 0
                            var lastVersion: UInt64 = 0
                            var lastTick: UInt64 = 0
                            var reads = 0
                            while reads < 200_000 && engine.status.tick < 300 {
                                reads += 1
                                let version = engine.version
                                if version < lastVersion { failures += 1 }
                                lastVersion = version
                                let frame = engine.frame()
                                if frame.version < version || frame.status.version != frame.version { failures += 1 }
                                // No reset here, so every published snapshot is at the published tick.
                                let walkTick = (frame.snapshots[.linear] as? RandomWalkSimulation.Snapshot)?.tick
                                let coinTick = (frame.snapshots[.entropy] as? CoinFlipSimulation.Snapshot)?.tick
                                if walkTick != frame.status.tick || coinTick != frame.status.tick { failures += 1 }
                                if frame.status.tick < lastTick { failures += 1 }
                                lastTick = frame.status.tick
                                if reader == 0, reads % 1000 == 0 {
                                    engine.send(.set(pane: .linear, parameter: "stepSize",
                                                     value: .number(Double(reads % 7))))
                                }
                                _ = engine.snapshot(for: .linear)
                                _ = engine.snapshots()
                            }
                            done.resume(returning: failures)
                        }
                    }
                }
            }
            return await group.reduce(0, +)
        }
        engine.stop()
        #expect(failures == 0)
        #expect(engine.status.tick > 0)
    }
}

/// Sleeps the sender's polling loop briefly.
private func usleepBriefly() {
    usleep(200)
}
