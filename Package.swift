// swift-tools-version:6.2
import PackageDescription

/// Every first-party target: Swift 6 language mode, warnings are errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Gradscope",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gradscope", targets: ["gradscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The one module that speaks C curses. Only TerminalUI imports it.
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The terminal's process-wide C state (signal flags and wake-up pipe, crash reset, tputs'
        // target): defined once, with external linkage, in a real translation unit, so every
        // Swift module and every inlined copy sees the same variables. Only TerminalUI uses it.
        .target(
            name: "CTerminalState",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // The network's hot loops (forward passes, backpropagation) in C, built for baseline
        // x86-64 and for AVX2, chosen at run time. Optimised in every configuration; never a fused
        // multiply-add, so every build and level rounds alike (see its header).
        .target(
            name: "NetworkKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror"])]
        ),
        // The maths: no Dispatch, no clock, no terminal. Optimised in debug builds too: its
        // SIMD hot loops (training, heatmaps) are ~50x slower unoptimised, which would make
        // `swift run` and the test suite crawl.
        .target(
            name: "SimulationCore",
            dependencies: ["NetworkKernels", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // One background serial queue stepping every live simulation.
        .target(name: "SimulationEngine", dependencies: ["SimulationCore"], swiftSettings: strict),
        // Terminal-independent rendering into cell grids.
        .target(name: "Canvas", swiftSettings: strict),
        // Pure functions (snapshot, size, theme) -> cells.
        .target(name: "Panes", dependencies: ["Canvas", "SimulationCore", .product(name: "Numerics", package: "swift-numerics")],
                swiftSettings: strict),
        // The only module importing CNcurses (and CTerminalState).
        .target(name: "TerminalUI", dependencies: ["CNcurses", "CTerminalState", "Canvas"], swiftSettings: strict),
        // `gradscope calc`: the labs' maths answered as text or JSON, without a terminal or an engine.
        .target(name: "Calc", dependencies: ["SimulationCore", "Canvas", .product(name: "Numerics", package: "swift-numerics")],
                swiftSettings: strict),
        // The lab registry (one descriptor per lab), `--set` settings, user files, asset lookup.
        .target(name: "Labs", dependencies: ["SimulationCore", "Canvas", "Panes", "Calc"], swiftSettings: strict),
        // The scene language: parse, check, compile to a timeline, play, fill captions, save sessions.
        .target(name: "Scenes",
                dependencies: ["Labs", "SimulationCore", "SimulationEngine", "Canvas", "Panes",
                               .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        // Lectures over a Unix socket: the wire, its validation, server, client, mirror, replayer.
        .target(name: "Lecture", dependencies: ["Labs", "Scenes", "SimulationCore", "SimulationEngine", "Canvas", "Panes"],
                swiftSettings: strict),
        // Composition: input -> commands -> engine -> snapshots -> panes -> grid -> backend.
        .target(
            name: "App",
            dependencies: ["SimulationCore", "SimulationEngine", "Canvas", "Panes", "TerminalUI", "Calc", "Labs", "Scenes", "Lecture",
                           .product(name: "Numerics", package: "swift-numerics"),
                           .product(name: "Yams", package: "Yams")],
            resources: [],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gradscope",
            dependencies: ["App", "Calc", "Labs", "Lecture", "Scenes", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Benchmarks (not tests): `swift run -c release GradscopeBench` prints JSON.
        .executableTarget(
            name: "GradscopeBench",
            dependencies: ["App", "Canvas", "Labs", "Panes", "Scenes", "SimulationCore", "SimulationEngine", "TerminalUI", "TestSupport"],
            swiftSettings: strict
        ),
        // Shared test helpers: a toy simulation, literal-grid assertions.
        .target(name: "TestSupport", dependencies: ["SimulationCore", "Canvas", "Panes"], swiftSettings: strict),

        .testTarget(name: "SimulationCoreTests", dependencies: ["SimulationCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SimulationEngineTests", dependencies: ["SimulationEngine", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CanvasTests", dependencies: ["Canvas", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PanesTests", dependencies: ["Panes", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CalcTests", dependencies: ["Calc"], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "Canvas"], swiftSettings: strict),
        // Goldens/: the bundled scenes' golden frames, read from the source tree by the tests.
        .testTarget(name: "AppTests", dependencies: ["App", "Calc", "Labs", "Lecture", "Scenes", "TestSupport"], exclude: ["Goldens"], swiftSettings: strict),
        // The end-to-end tests drive the built binary (never link the app); PseudoTerminal is
        // their C help for opening a pty.
        .testTarget(name: "EndToEndTests", dependencies: ["PseudoTerminal"], swiftSettings: strict),
        .target(name: "PseudoTerminal", path: "Tests/PseudoTerminal",
                cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
    ]
)
