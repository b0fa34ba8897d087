import SimulationCore
import SimulationEngine
import TestSupport
import Testing

@Suite struct SynchronousEngineTests {
    @Test func stepsEverySimulationAndPublishes() {
        let engine = makeEngine()
        #expect(walk(engine)?.tick == 0)
        #expect(engine.version == 0)
        engine.step(5)
        #expect(engine.status.tick == 5)
        #expect(walk(engine)?.tick == 5)
        #expect(coin(engine)?.tick == 5)
        #expect(walk(engine)?.position != .zero)
        #expect(engine.snapshot(for: .boundary) == nil)
        #expect(Set(engine.snapshots().keys) == [.linear, .entropy])
    }

    @Test func sameSeedSameSnapshotsDifferentSeedDifferent() {
        let a = makeEngine(seed: 3), b = makeEngine(seed: 3), c = makeEngine(seed: 4)
        for engine in [a, b, c] { engine.step(50) }
        #expect(sameSnapshots(a.snapshots(), b.snapshots()))
        #expect(!sameSnapshots(a.snapshots(), c.snapshots()))
    }

    @Test func commandsAreAppliedAndLoggedInOrder() {
        let engine = makeEngine()
        engine.send([.setSpeed(2), .faster, .slower, .setSpeed(8)])
        engine.send(.set(pane: .linear, parameter: "stepSize", value: .number(0.5)))
        engine.send(.set(pane: .linear, parameter: "stepSize", value: .number(0.25)))
        engine.step(0)
        #expect(engine.status.speed == 8)
        #expect(walk(engine)?.stepSize == 0.25)
        #expect(engine.log == [
            TimedCommand(tick: 0, command: .setSpeed(2)),
            TimedCommand(tick: 0, command: .faster),
            TimedCommand(tick: 0, command: .slower),
            TimedCommand(tick: 0, command: .setSpeed(8)),
            TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "stepSize", value: .number(0.5))),
            TimedCommand(tick: 0, command: .set(pane: .linear, parameter: "stepSize", value: .number(0.25))),
        ])
        engine.step(3)
        engine.send(.faster)
        engine.step(1)
        #expect(engine.log.last == TimedCommand(tick: 3, command: .faster))
        #expect(engine.status.speed == 16)
    }

    /// A key's command applied at once: after what is queued, logged, and published before
    /// sendNow returns (so the next key computes from it).
    @Test func sendNowAppliesAfterTheQueueAndPublishes() {
        let engine = makeEngine()
        engine.send(.set(pane: .linear, parameter: "stepSize", value: .number(0.5)))
        let version = engine.version
        engine.sendNow(.set(pane: .linear, parameter: "stepSize", value: .number(0.25)))
        #expect(walk(engine)?.stepSize == 0.25)
        #expect(engine.version > version)
        #expect(engine.log.map(\.command) == [.set(pane: .linear, parameter: "stepSize", value: .number(0.5)),
                                             .set(pane: .linear, parameter: "stepSize", value: .number(0.25))])
    }

    @Test func pauseBlocksClockStepsButSingleStepStillSteps() {
        let engine = makeEngine()
        engine.send(.pause)
        engine.step(10)
        #expect(engine.status.tick == 0)
        #expect(engine.status.isPaused)
        #expect(engine.status.effectiveStepsPerSecond == 0)
        engine.send(.singleStep)
        engine.step(10)
        #expect(engine.status.tick == 1)
        engine.send([.singleStep, .singleStep])
        engine.step(0)
        #expect(engine.status.tick == 3)
        #expect(walk(engine)?.tick == 3)
        #expect(engine.log.map(\.tick) == [0, 0, 1, 2])
        engine.send(.togglePause)
        engine.step(5)
        #expect(!engine.status.isPaused)
        #expect(engine.status.tick == 8)
        engine.send(.togglePause)
        engine.send(.resume)
        engine.step(2)
        #expect(engine.status.tick == 10)
    }

    @Test func speedAndRateAreClamped() {
        let engine = makeEngine(stepsPerSecond: 30)
        engine.send(Array(repeating: .faster, count: 10))
        engine.step(0)
        #expect(engine.status.speed == 64)
        engine.send(Array(repeating: .slower, count: 20))
        engine.step(0)
        #expect(engine.status.speed == 1.0 / 16)
        engine.send([.setSpeed(1000)]); engine.step(0)
        #expect(engine.status.speed == 64)
        engine.send([.setSpeed(-1)]); engine.step(0)
        #expect(engine.status.speed == 1.0 / 16)
        engine.send([.setSpeed(2), .setSpeed(.nan)]); engine.step(0)
        #expect(engine.status.speed == 2)
        engine.send([.setSpeed(.infinity)]); engine.step(0)
        #expect(engine.status.speed == 64)

        engine.send([.setSpeed(1), .setStepsPerSecond(60), .setStepsPerSecond(.nan)]); engine.step(0)
        #expect(engine.status.stepsPerSecond == 60)
        #expect(engine.status.effectiveStepsPerSecond == 60)
        engine.send([.setStepsPerSecond(0)]); engine.step(0)
        #expect(engine.status.stepsPerSecond == SimulationEngine.stepsPerSecondRange.lowerBound)
        #expect(engine.status.stepsPerSecond > 0)
        engine.send([.setStepsPerSecond(1e12)]); engine.step(0)
        #expect(engine.status.stepsPerSecond == SimulationEngine.stepsPerSecondRange.upperBound)

        #expect(makeEngine(stepsPerSecond: -5).status.stepsPerSecond == SimulationEngine.stepsPerSecondRange.lowerBound)
        #expect(makeEngine(stepsPerSecond: .nan).status.stepsPerSecond == 30)
    }

    @Test func resetRestartsFromTheSeedWithTheUsersSettings() {
        let settings: [Command] = [
            .set(pane: .linear, parameter: "stepSize", value: .number(0.5)),
            .set(pane: .entropy, parameter: "bias", value: .number(0.9)),
        ]
        let engine = makeEngine(seed: 9)
        engine.send(settings)
        engine.step(20)
        engine.send(.reset)
        engine.step(0)
        #expect(engine.status.tick == 20)  // the engine's clock is not rewound
        #expect(walk(engine) == RandomWalkSimulation.Snapshot(tick: 0, position: .zero, stepSize: 0.5))
        #expect(coin(engine) == CoinFlipSimulation.Snapshot(tick: 0, heads: 0, bias: 0.9))

        // After the reset it runs exactly like a fresh engine given the same settings.
        let fresh = makeEngine(seed: 9)
        fresh.send(settings)
        fresh.step(0)
        engine.step(15)
        fresh.step(15)
        #expect(sameSnapshots(engine.snapshots(), fresh.snapshots()))
    }

    @Test func resetReappliesTheLatestValueOfEachSetting() {
        let engine = makeEngine()
        engine.send([
            .set(pane: .linear, parameter: "stepSize", value: .number(0.5)),
            .set(pane: .linear, parameter: "stepSize", value: .number(3)),
            .set(pane: .linear, parameter: "stepSize", value: .text("bad")),
            .reset,
        ])
        engine.step(0)
        #expect(walk(engine)?.stepSize == 3)
        #expect(engine.status.lastParameterError == nil)
    }

    @Test func reseedKeepsSettingsButChangesTheRandomness() {
        let engine = makeEngine(seed: 1)
        let other = makeEngine(seed: 1)
        for e in [engine, other] {
            e.send(.set(pane: .linear, parameter: "stepSize", value: .number(2)))
        }
        engine.send(.reseed(77))
        other.send(.reset)
        engine.step(10)
        other.step(10)
        #expect(engine.status.seed == 77)
        #expect(engine.seed == 77)
        #expect(walk(engine)?.stepSize == 2)
        #expect(walk(engine)?.tick == 10)
        #expect(walk(engine)?.position != walk(other)?.position)

        let seeded77 = makeEngine(seed: 77)
        seeded77.send(.set(pane: .linear, parameter: "stepSize", value: .number(2)))
        seeded77.step(10)
        #expect(sameSnapshots(engine.snapshots(), seeded77.snapshots()))
    }

    @Test func badParametersAreReportedNotFatal() {
        let engine = makeEngine()
        engine.send(.set(pane: .linear, parameter: "stepSize", value: .text("huge")))
        engine.step(1)
        #expect(engine.status.lastParameterError?.hasPrefix("linear.stepSize:") == true)
        #expect(walk(engine)?.stepSize == RandomWalkSimulation.defaultStepSize)
        #expect(engine.status.tick == 1)

        engine.send(.set(pane: .entropy, parameter: "temperature", value: .number(1)))
        engine.step(1)
        #expect(engine.status.lastParameterError?.contains("entropy.temperature") == true)

        engine.send(.set(pane: .boundary, parameter: "k", value: .integer(3)))
        engine.step(1)
        #expect(engine.status.lastParameterError?.hasPrefix("boundary.k:") == true)

        engine.send(.set(pane: .entropy, parameter: "bias", value: .number(0.25)))
        engine.step(1)
        #expect(engine.status.lastParameterError == nil)
        #expect(coin(engine)?.bias == 0.25)
        #expect(engine.status.tick == 4)
    }

    @Test func versionChangesOnlyWhenSomethingPublishedChanges() {
        let engine = makeEngine()
        #expect(engine.version == 0)
        engine.step(0)
        #expect(engine.version == 0)
        engine.step(1)
        #expect(engine.version == 1)
        #expect(engine.status.version == 1)
        engine.send(.pause)
        engine.step(5)
        #expect(engine.version == 2)  // status changed: paused
        engine.step(5)
        engine.step(5)
        #expect(engine.version == 2)  // paused: nothing changes
        engine.send([.setSpeed(1), .set(pane: .linear, parameter: "stepSize", value: .number(1))])
        engine.step(5)
        #expect(engine.version == 2)  // commands that change nothing publish nothing
        engine.send(.singleStep)
        engine.step(5)
        #expect(engine.version == 3)
        engine.send(.set(pane: .linear, parameter: "stepSize", value: .number(2)))
        engine.step(0)
        #expect(engine.version == 4)  // a snapshot changed
        let frame = engine.frame()
        #expect(frame.version == 4 && frame.status.version == 4)
        #expect(sameSnapshots(frame.snapshots, engine.snapshots()))
    }

    @Test func replayReproducesASynchronousRun() {
        let engine = makeEngine(seed: 42)
        engine.step(3)
        engine.send([.set(pane: .linear, parameter: "stepSize", value: .number(0.1)), .pause])
        engine.step(4)
        engine.send([.singleStep, .resume, .set(pane: .entropy, parameter: "bias", value: .number(0.8))])
        engine.step(6)
        engine.send(.reset)
        engine.step(5)
        let tick = engine.status.tick
        let replayed = SimulationEngine.replay(seed: 42, simulations: toySimulations, log: engine.log, through: tick)
        #expect(sameSnapshots(replayed, engine.snapshots()))

        // The comparison is sensitive: moving the reset by a tick changes the result.
        var shifted = engine.log
        #expect(shifted.last?.command == .reset)
        shifted[shifted.count - 1].tick += 1
        let wrong = SimulationEngine.replay(seed: 42, simulations: toySimulations, log: shifted, through: tick)
        #expect(!sameSnapshots(wrong, engine.snapshots()))

        // Replaying to an earlier tick gives the state the run had then.
        let early = SimulationEngine.replay(seed: 42, simulations: toySimulations, log: engine.log, through: 2)
        let reference = makeEngine(seed: 42)
        reference.step(2)
        #expect(sameSnapshots(early, reference.snapshots()))
        // Commands stamped at the target tick are included, so a single step stamped there is taken.
        let atThree = SimulationEngine.replay(seed: 42, simulations: toySimulations, log: engine.log, through: 3)
        #expect((atThree[.linear] as? RandomWalkSimulation.Snapshot)?.tick == 4)
        #expect((atThree[.linear] as? RandomWalkSimulation.Snapshot)?.stepSize == 0.1)
    }

    @Test func applyLogOnAnEngineReproducesRunAndStatus() {
        let engine = makeEngine(seed: 5, stepsPerSecond: 12)
        engine.send([.faster, .set(pane: .entropy, parameter: "bias", value: .number(0.1))])
        engine.step(7)
        engine.send([.pause, .singleStep, .set(pane: .linear, parameter: "stepSize", value: .text("?"))])
        engine.step(0)
        let replica = SimulationEngine.replaying(seed: 5, simulations: toySimulations, stepsPerSecond: 12,
                                                 log: engine.log, through: engine.status.tick)
        var expected = engine.status
        expected.version = replica.status.version
        #expect(replica.status == expected)
        #expect(replica.log == engine.log)
        #expect(sameSnapshots(replica.snapshots(), engine.snapshots()))
    }
}

/// Scripts: seeking forward and back through a log stamped in advance, from several threads at
/// once, always lands exactly where a fresh engine seeking once lands.
@Suite struct ScriptSeekTests {
    static let script: [TimedCommand] = (0..<40).map { index in
        TimedCommand(tick: UInt64(index * 5), command: .set(pane: .linear, parameter: "stepSize", value: .number(0.1 + Double(index) / 100)))
    }

    @Test func seeksBackAndForthAreExactAndEpochsCountRebuilds() {
        let engine = makeEngine(seed: 9)
        engine.load(script: Self.script)
        let epochAfterLoad = engine.logSlice(from: 0).epoch
        engine.seekNow(to: ScriptPosition(commandCount: 30, tick: 150))
        engine.seekNow(to: ScriptPosition(commandCount: 35, tick: 180))   // forward: same epoch
        #expect(engine.logSlice(from: 0).epoch == epochAfterLoad)
        engine.seekNow(to: ScriptPosition(commandCount: 12, tick: 61))    // back: recomputed
        #expect(engine.logSlice(from: 0).epoch == epochAfterLoad + 1)
        let fresh = makeEngine(seed: 9)
        fresh.load(script: Self.script)
        fresh.seekNow(to: ScriptPosition(commandCount: 12, tick: 61))
        #expect(sameSnapshots(engine.snapshots(), fresh.snapshots()))
        #expect(engine.status.tick == 61)
    }

    @Test func concurrentSeekRequestsEndAtTheLatest() async {
        let engine = makeEngine(seed: 9)
        engine.load(script: Self.script)
        await withTaskGroup(of: Void.self) { group in
            for round in 0..<8 {
                group.addTask {
                    for k in 0..<25 {
                        engine.seek(to: ScriptPosition(commandCount: (k * 7 + round) % 40, tick: UInt64((k * 7 + round) % 40 * 5)))
                        _ = engine.snapshots()
                    }
                }
            }
        }
        engine.seekNow(to: ScriptPosition(commandCount: 20, tick: 100))
        let fresh = makeEngine(seed: 9)
        fresh.load(script: Self.script)
        fresh.seekNow(to: ScriptPosition(commandCount: 20, tick: 100))
        // Asynchronous seeks may still land after this one: wait until the queue is idle.
        for _ in 0..<200 where !sameSnapshots(engine.snapshots(), fresh.snapshots()) {
            try? await Task.sleep(nanoseconds: 5_000_000)
            engine.seekNow(to: ScriptPosition(commandCount: 20, tick: 100))
        }
        #expect(sameSnapshots(engine.snapshots(), fresh.snapshots()))
    }
}
