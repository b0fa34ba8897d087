import SimulationCore
import Testing

/// Training points added by hand (a click in the boundary lab's output view).
struct AddedPointsTests {
    @Test func anAddedPointJoinsTheTrainingSetAndTrainingGoesOnFromItsWeights() throws {
        var lab = BoundarySimulation(seed: 3)
        for _ in 0..<20 { lab.step() }
        let before = lab.snapshot()
        #expect(before.dataset.train.count == 250 && before.addedPointCount == 0)
        try lab.apply("addPoint", .vector([1.5, -2, 1]))
        let after = lab.snapshot()
        #expect(after.dataset.train.count == 251 && after.dataset.test == before.dataset.test)
        #expect(after.dataset.train.last == LabelledPoint(Vec2(1.5, -2), label: 1))
        #expect(after.addedPointCount == 1)
        // The weights are the ones it had (the epoch count starts again with the new data).
        #expect(after.network.parameters == before.network.parameters)
        #expect(lab.parameterValue("addedPoints") == .vector([1.5, -2, 1]))
    }

    @Test func refusedPointsChangeNothing() throws {
        var lab = BoundarySimulation(seed: 3)
        for (value, reason) in [([0.0, 0, 2], "the class of an added point is 0...1"),
                                ([7.0, 0, 0], "an added point must lie in [-6, 6]²"),
                                ([.nan, 0, 0], "an added point must lie in [-6, 6]²"),
                                ([0.0, 0, 0.5], "the class of an added point is 0...1"),
                                ([0.0, 0], "a point is x, y, class")] {
            #expect(throws: ParameterError(pane: .boundary, parameter: "addPoint", reason: reason)) {
                try lab.apply("addPoint", .vector(value))
            }
        }
        #expect(lab.snapshot().addedPointCount == 0 && lab.snapshot().dataset.train.count == 250)
        try lab.apply("dataset", .text("plane"))
        #expect(throws: ParameterError(pane: .boundary, parameter: "addPoint",
                                       reason: "points are added to classification data (this dataset is a regression)")) {
            try lab.apply("addPoint", .vector([0, 0, 0]))
        }
    }

    /// At most 200: the bound holds however many clicks arrive.
    @Test func theNumberOfAddedPointsIsBounded() throws {
        var lab = BoundarySimulation(seed: 3)
        try lab.apply("addedPoints", .vector((0..<200).flatMap { [Double($0 % 12) - 6, 0, Double($0 % 2)] }))
        #expect(lab.snapshot().addedPointCount == 200)
        #expect(throws: ParameterError(pane: .boundary, parameter: "addPoint",
                                       reason: "at most 200 added points (Backspace takes them away)")) {
            try lab.apply("addPoint", .vector([0, 0, 0]))
        }
        #expect(throws: ParameterError.self) { try lab.apply("addedPoints", .vector(Array(repeating: 0, count: 603))) }
        try lab.apply("addedPoints", .vector([]))
        #expect(lab.snapshot().addedPointCount == 0 && lab.snapshot().dataset.train.count == 250)
    }

    /// Reset keeps them (they are the user's settings); a new dataset starts without them; the
    /// train/test split moves the dataset's own points only.
    @Test func resetKeepsThemAndANewDatasetClearsThem() throws {
        var lab = BoundarySimulation(seed: 3)
        try lab.apply("addPoint", .vector([1, 1, 0]))
        try lab.apply("trainFraction", .number(0.7))
        #expect(lab.snapshot().dataset.train.count == 351)
        let fresh = lab.restarted(seed: 3)
        #expect(fresh.snapshot().dataset.train == lab.snapshot().dataset.train)
        try lab.apply("datasetStep", .integer(1))
        #expect(lab.snapshot().addedPointCount == 0)
    }
}
