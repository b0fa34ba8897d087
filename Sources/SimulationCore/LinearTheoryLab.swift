import Foundation

/// The linear lab's issue-19 parameters: the sensitivity circle, the PCA cloud, the compared
/// vectors. `LinearSimulation.set` asks here first.
extension LinearSimulation {
    static let theoryParameterNames = ["epsilon", "epsilonStep", "points", "pointsCSV", "cloud", "projection", "u", "v", "vTurn"]

    /// How many seeded points the generated cloud has.
    public static let cloudSize = 200

    /// Standard normal z from the seed (the lab draws A z).
    static func generatedCloud(seed: UInt64) -> [Vec2] {
        var random = SeededRandom(seed: seed ^ 0x5CA1_AB1E)
        return (0..<cloudSize).map { _ in Vec2(random.gaussian(), random.gaussian()) }
    }

    /// Handles a parameter of the theory modes (true), or leaves it to `set` (false).
    mutating func setTheoryParameter(_ parameter: String, _ value: ParameterValue, fail: (String) -> ParameterError) throws -> Bool {
        var value = value
        if case .integer(let whole) = value, ["epsilon", "epsilonStep", "vTurn"].contains(parameter) { value = .number(Double(whole)) }
        switch (parameter, value) {
        case ("epsilon", .number(let e)):
            guard e > 0, e <= 0.5 else { throw fail("‖Δb‖/‖b‖ must be in (0, 0.5]") }
            epsilon = e
        case ("epsilonStep", .number(let factor)):
            guard factor > 0, factor.isFinite else { throw fail("needs a positive factor") }
            epsilon = min(0.5, max(0.001, epsilon * factor))
        case ("points", .vector(let values)):
            guard let points = PointCloud.pairs(values), (2...PointCloud.maximumPoints).contains(points.count),
                  values.allSatisfy({ $0.isFinite && abs($0) <= 1e6 }) else {
                throw fail("needs pairs x1,y1,x2,y2,... of finite numbers within ±1e6, at least 2 points")
            }
            cloud = points
            cloudIsGenerated = false
        case ("pointsCSV", .text(let text)):
            do { cloud = try PointCloud.csv(text) } catch let error as DatasetError {
                throw fail("line \(error.line): \(error.message)")
            }
            cloudIsGenerated = false
        case ("cloud", .text(let name)):
            guard name == "generated" else { throw fail("'generated' brings back the seeded cloud A z (points or csv give your own)") }
            cloud = Self.generatedCloud(seed: seed)
            cloudIsGenerated = true
        case ("projection", .flag(let on)):
            showProjection = on
        case ("u", .vector(let w)), ("v", .vector(let w)):
            guard w.count == 2, w.allSatisfy({ $0.isFinite && abs($0) <= 1e6 }) else { throw fail("needs two finite numbers x,y within ±1e6") }
            if parameter == "u" { u = Vec2(w[0], w[1]) } else { v = Vec2(w[0], w[1]) }
        case ("vTurn", .number(let angle)):
            guard angle.isFinite else { throw fail("needs a finite angle in radians") }
            let c = cos(angle), s = sin(angle)
            v = Vec2(c * v.x - s * v.y, s * v.x + c * v.y)
            // Keep whole numbers whole after turning back (no 0.9999999999 on screen).
            v = Vec2((v.x * 1e9).rounded() / 1e9, (v.y * 1e9).rounded() / 1e9)
        default:
            guard Self.theoryParameterNames.contains(parameter) else { return false }
            throw ParameterError.wrongKind(pane: Self.pane, parameter: parameter, got: value, expected: theoryParameterValue(parameter))
        }
        return true
    }

    func theoryParameterValue(_ parameter: String) -> ParameterValue? {
        switch parameter {
        case "epsilon": return .number(epsilon)
        case "points": return .vector(cloud.flatMap { [$0.x, $0.y] })
        case "projection": return .flag(showProjection)
        case "u": return .vector([u.x, u.y])
        case "v": return .vector([v.x, v.y])
        default: return nil
        }
    }
}
