import Foundation
import SimulationCore

/// `gradscope calc optimize`: one optimizer's trajectory on a surface, step by step, with
/// PyTorch's update rules and defaults for every option not given.
public enum CalcOptimize {
    public struct Request: Sendable {
        public var surface: String
        public var optimizer: String
        public var learningRate: Double?
        public var momentum: Double?
        public var betas: (Double, Double)?
        public var start: [Double]?
        public var steps: Int
        public var every: Int
        public var condition: Double
        public init(surface: String, optimizer: String, learningRate: Double? = nil, momentum: Double? = nil,
                    betas: (Double, Double)? = nil, start: [Double]? = nil, steps: Int = 500, every: Int = 1,
                    condition: Double = 100) {
            self.surface = surface
            self.optimizer = optimizer
            self.learningRate = learningRate
            self.momentum = momentum
            self.betas = betas
            self.start = start
            self.steps = steps
            self.every = every
            self.condition = condition
        }
    }

    public static func report(_ request: Request) throws -> (json: CalcJSON, text: String) {
        guard let requested = OptimizerKind(rawValue: request.optimizer.lowercased()) else {
            throw CalcInputError("--optimizer must be one of " + OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")
                                 + " (got '\(request.optimizer)')")
        }
        try checkOptionsApply(to: requested, request)
        // PyTorch's SGD(momentum=μ) is the heavy ball: the momentum optimizer.
        let kind: OptimizerKind = requested == .sgd && (request.momentum ?? 0) > 0 ? .momentum : requested
        guard request.condition >= 1, request.condition <= 1e4 else {
            throw CalcInputError("--condition must be in [1, 10000], as in the lab (got \(request.condition))")
        }
        let surface: Surface
        if let named = Surface.named(request.surface, condition: request.condition) {
            surface = named
        } else {
            // Not a built-in name: a formula in x and y.
            do {
                surface = try Surface.custom(request.surface)
            } catch let error as ExpressionError {
                throw CalcInputError("--surface: '\(request.surface)' is not a surface name ("
                                     + Surface.builtInNames.joined(separator: ", ") + ") and not a formula: \(error)")
            }
        }
        guard (0...1_000_000).contains(request.steps) else { throw CalcInputError("--steps must be in 0...1000000 (got \(request.steps))") }
        guard request.every >= 1 else { throw CalcInputError("--every must be at least 1 (got \(request.every))") }
        if let lr = request.learningRate, !(lr > 0 && lr.isFinite) {
            throw CalcInputError("--lr must be a positive number (got \(lr))")
        }
        if let mu = request.momentum, !(mu >= 0 && mu < 1) { throw CalcInputError("--momentum must be in [0, 1) (got \(mu))") }
        if let (b1, b2) = request.betas, !((0..<1).contains(b1) && (0..<1).contains(b2)) {
            throw CalcInputError("--betas must both be in [0, 1) (got \(b1),\(b2))")
        }
        let start: Vec2
        if let point = request.start {
            guard point.count == 2 else { throw CalcInputError("--start needs two numbers x,y (got \(point.count))") }
            start = Vec2(point[0], point[1])
        } else {
            start = surface.start
        }
        var settings = OptimizerSettings(for: kind, learningRate: request.learningRate, momentum: request.momentum)
        if let (b1, b2) = request.betas {
            settings.beta1 = b1
            settings.beta2 = b2
        }
        var state = OptimizerState(kind: kind, settings: settings, start: start)
        var rows: [CalcJSON] = []
        var text = "\(requested == kind ? kind.title : "SGD with momentum") on \(surface.name) (\(surface.formula)), lr \(settings.learningRate)"
            + (kind == .momentum || kind == .nesterov || (kind == .rmsprop && settings.momentum > 0) ? ", momentum \(settings.momentum)" : "")
            + (kind == .adam || kind == .adamw ? ", betas \(settings.beta1),\(settings.beta2)" : "") + "\n"
        text += "  step            x            y            f\n"
        func record(_ step: Int, _ p: Vec2) {
            let f = surface.value(p)
            rows.append(.object([("step", .integer(step)), ("x", .number(p.x)), ("y", .number(p.y)), ("f", .number(f))]))
            text += String(format: "%6d %12.6g %12.6g %12.6g\n", step, p.x, p.y, f)
        }
        record(0, start)
        var divergedAt: Int?
        for step in stride(from: 1, through: request.steps, by: 1) {
            state.update(gradient: surface.gradient(state.position))
            let p = state.position
            let finite = p.x.isFinite && p.y.isFinite && abs(p.x) <= 1e150 && abs(p.y) <= 1e150
            if !finite {
                // The iterate left the finite world: say so, and print no NaN or infinity.
                divergedAt = step
                text += "diverged at step \(step)\n"
                break
            }
            if step % request.every == 0 || step == request.steps { record(step, p) }
        }
        var fields: [(String, CalcJSON)] = [
            ("surface", .string(surface.name)), ("optimizer", .string(requested.rawValue)),
            ("lr", .number(settings.learningRate)),
        ]
        if kind == .momentum || kind == .nesterov || kind == .rmsprop { fields.append(("momentum", .number(settings.momentum))) }
        if kind == .adam || kind == .adamw { fields.append(("betas", .numbers([settings.beta1, settings.beta2]))) }
        fields.append(("eps", .number(settings.epsilon)))
        if let divergedAt { fields.append(("diverged_at", .integer(divergedAt))) }
        fields.append(("trajectory", .array(rows)))
        return (.object(fields), text)
    }

    /// An option the chosen optimizer has no use for is refused rather than ignored (PyTorch's
    /// constructors would reject it, or it would silently change nothing).
    static func checkOptionsApply(to kind: OptimizerKind, _ request: Request) throws {
        if let mu = request.momentum {
            switch kind {
            case .sgd, .momentum, .rmsprop: break
            case .nesterov where mu > 0: break
            case .nesterov:
                throw CalcInputError("--momentum 0 with nesterov: Nesterov momentum needs a momentum above 0 (PyTorch refuses it too)")
            case .adagrad, .adam, .adamw:
                throw CalcInputError("--momentum does not apply to \(kind.rawValue)"
                                     + (kind == .adagrad ? " (it has no momentum)" : " (its moments are set by --betas)"))
            }
        }
        if request.betas != nil && kind != .adam && kind != .adamw {
            throw CalcInputError("--betas applies only to adam and adamw (got --optimizer \(kind.rawValue))")
        }
    }
}
