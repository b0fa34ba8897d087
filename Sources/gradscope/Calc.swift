import App
import Calc
import Labs
import ArgumentParser
import Foundation

/// `gradscope calc ...`: the numbers behind a lab, without a terminal.
struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute and print the numbers behind a lab (text, or --json with stable keys).",
        subcommands: [CalcLinear.self, CalcEntropy.self, CalcSoftmax.self, CalcOptimizeCommand.self, CalcTrainCommand.self,
                     CalcGradient.self, CalcHessian.self, CalcJacobian.self, CalcBackpropCommand.self, CalcKKTCommand.self])
}

struct CalcEntropy: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "entropy",
        abstract: "Entropy and self-information of P; with --q, cross-entropy and KL both ways.",
        discussion: "Example: gradscope calc entropy --p 0.25,0.375,0.25,0.0625,0.0625   (yut: 2.0306 bits)")

    @Option(parsing: .unconditional, help: "Probabilities of P, comma-separated.")
    var p: String

    @Option(parsing: .unconditional, help: "Probabilities of Q over the same outcomes.")
    var q: String?

    @Option(parsing: .unconditional, help: "Logarithm base: 2 (bits, default), e (nats) or 10.")
    var base: String = "2"

    @Flag(help: "Rescale P and Q to sum to 1 instead of refusing them.")
    var normalize = false

    @Flag(help: "Print JSON.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        let report = try CalcInformation.entropy(
            p: try CalcInput.vector(p, option: "--p"), q: try q.map { try CalcInput.vector($0, option: "--q") },
            base: try CalcInformation.base(base), normalize: normalize)
        return (report.json, report.text)
    }
}

struct CalcSoftmax: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "softmax",
        abstract: "Softmax of logits at a temperature: probabilities, log-probabilities, Jacobian, entropy.",
        discussion: "Example: gradscope calc softmax --logits 2,1,0.1 --temperature 0.5")

    @Option(parsing: .unconditional, help: "Logits, comma-separated (values may be negative: --logits -1,2).")
    var logits: String

    @Option(parsing: .unconditional, help: "Temperature T > 0 (default 1).", transform: decimalOption)
    var temperature: Double = 1

    @Option(parsing: .unconditional, help: "Logarithm base of the entropy: 2 (default), e or 10.")
    var base: String = "2"

    @Flag(help: "Print JSON.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        let report = try CalcInformation.softmax(logits: try CalcInput.vector(logits, option: "--logits"),
                                                 temperature: temperature, base: try CalcInformation.base(base))
        return (report.json, report.text)
    }
}

/// `gradscope calc linear --matrix "a,b;c,d" [--vector "x1,..."] [--json]`.
struct CalcLinear: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear",
        abstract: "Determinant, rank, SVD, eigenvalues, inverse and norms of a matrix (up to 8x8).",
        discussion: """
        Example: gradscope calc linear --matrix "2,1;6,4" --vector "1,-1" --json
        2x2 matrices use the closed forms of the 2x2 labs (Vt a rotation, any reflection in U).
        """
    )

    @Option(parsing: .unconditional, help: "The matrix: rows separated by ';', entries by ',' (e.g. \"2,1;6,4\"; at most 8x8).")
    var matrix: String

    @Option(parsing: .unconditional, help: "A vector x with one entry per column: also prints A x and the norms of x and A x.")
    var vector: String?

    @Flag(help: "Print JSON (non-finite numbers as \"inf\", \"-inf\", \"nan\").")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        let report = try LinearCalc.report(matrix: matrix, vector: vector)
        return (report.json, report.text)
    }
}

/// `gradscope calc optimize`: a trajectory, with PyTorch's rules and defaults.
struct CalcOptimizeCommand: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "One optimizer's trajectory on a surface (PyTorch's update rules and defaults).",
        discussion: "Example: gradscope calc optimize --surface rosenbrock --optimizer adam --lr 0.05 --start -2,2 --steps 500 --every 50")

    @Option(parsing: .unconditional, help: "A surface: quadratic, banana, rosenbrock, beale, booth, himmelblau, rastrigin, matyas, goldstein-price, saddle, plateau.")
    var surface: String

    @Option(parsing: .unconditional, help: "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw.")
    var optimizer: String

    @Option(parsing: .unconditional, help: "Learning rate (default: PyTorch's for the optimizer).", transform: decimalOption)
    var lr: Double?

    @Option(parsing: .unconditional, help: "Momentum: sgd, momentum, nesterov, rmsprop (default 0.9 for momentum/nesterov, 0 otherwise).", transform: decimalOption)
    var momentum: Double?

    @Option(parsing: .unconditional, help: "Adam's and AdamW's betas b1,b2 (default 0.9,0.999).")
    var betas: String?

    @Option(parsing: .unconditional, help: "Start point x,y (default: the surface's).")
    var start: String?

    @Option(parsing: .unconditional, help: "Number of steps (default 500).")
    var steps: Int = 500

    @Option(parsing: .unconditional, help: "Print every N-th step (and the last).")
    var every: Int = 1

    @Option(parsing: .unconditional, help: "Condition number of the quadratic surface (default 100).", transform: decimalOption)
    var condition: Double = 100

    @Flag(help: "Print JSON: {\"trajectory\": [{\"step\", \"x\", \"y\", \"f\"}, ...]} plus the settings used.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        let betaValues = try betas.map { try CalcInput.vector($0, option: "--betas") }
        if let betaValues, betaValues.count != 2 { throw CalcInputError("--betas needs two numbers b1,b2") }
        let request = CalcOptimize.Request(
            surface: surface, optimizer: optimizer, learningRate: lr, momentum: momentum,
            betas: betaValues.map { ($0[0], $0[1]) }, start: try start.map { try CalcInput.vector($0, option: "--start") },
            steps: steps, every: every, condition: condition)
        let report = try CalcOptimize.report(request)
        return (report.json, report.text)
    }
}

/// `gradscope calc train`: the boundary lab's model trained headlessly.
struct CalcTrainCommand: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the boundary lab's model headlessly; print losses and accuracies (same seed, same numbers).",
        discussion: "Example: gradscope calc train --dataset xor --model mlp --layers 8,8 --activation tanh --lr 0.03 --batch 10 --epochs 500 --seed 1 --every 100")

    @Option(parsing: .unconditional, help: "linear, gaussians, circle, xor, spirals, moons, blobs3, plane or bumps.")
    var dataset: String = "xor"
    @Option(parsing: .unconditional, help: "Points from a CSV file x,y,label (header optional) instead of --dataset.")
    var csv: String?
    @Option(parsing: .unconditional, help: "perceptron, logistic or mlp.")
    var model: String = "mlp"
    @Option(parsing: .unconditional, help: "Hidden layer sizes, 1-6 layers of 1-8 units, e.g. 8,8.")
    var layers: String = "8,8"
    @Option(parsing: .unconditional, help: "tanh, relu, sigmoid or linear.")
    var activation: String = "tanh"
    @Option(parsing: .unconditional, help: "Input features: x1,x2,x1^2,x2^2,x1x2,sin(x1),sin(x2).")
    var features: String = "x1,x2"
    @Option(parsing: .unconditional, help: "cross-entropy or squared-error (regression sets: squared error).")
    var loss: String = "cross-entropy"
    @Option(parsing: .unconditional, help: "Learning rate of minibatch SGD.", transform: decimalOption)
    var lr: Double = 0.03
    @Option(parsing: .unconditional, help: "Minibatch size.")
    var batch: Int = 10
    @Option(parsing: .unconditional, help: "Epochs (passes over the training points).")
    var epochs: Int = 500
    @Option(parsing: .unconditional, help: "Seed of the data, the initial weights and the shuffling (0 to 2^64-1).",
            transform: seedOption)
    var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Noise in [0, 1] (0.5 = TF Playground's 50 %).", transform: decimalOption)
    var noise: Double = 0
    @Option(name: .customLong("train-fraction"), parsing: .unconditional, help: "Fraction of the points used for training (0.1-0.9).", transform: decimalOption)
    var trainFraction: Double = 0.5
    @Option(parsing: .unconditional, help: "Number of points generated (20-5000).")
    var points: Int = 500
    @Option(parsing: .unconditional, help: "none, l1 or l2.")
    var regularization: String = "none"
    @Option(name: .customLong("reg-rate"), parsing: .unconditional, help: "Regularisation rate.", transform: decimalOption)
    var regRate: Double = 0
    @Flag(name: .customLong("no-shuffle"), help: "Feed the training points in stored order (classes in blocks).")
    var noShuffle = false
    @Option(parsing: .unconditional, help: "Print every N-th epoch (the curve); without it only the final epoch.")
    var every: Int?
    @Flag(help: "Print JSON: {\"history\": [{\"epoch\", \"train_loss\", \"test_loss\", \"train_accuracy\", \"test_accuracy\"}, ...], \"final\": {...}, \"layer_gradient_norms\": [[norm per layer], ...] (per recorded epoch, or the final one)}.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        var request = CalcTrain.Request()
        request.dataset = dataset
        if let csv {
            do { request.csvText = try readDataFile(csv) } catch let error as CalcInputError {
                throw CalcInputError("--csv: \(error.message)")
            }
        }
        request.model = model
        request.layers = layers
        request.activation = activation
        request.features = features
        request.loss = loss
        request.learningRate = lr
        request.batch = batch
        request.epochs = epochs
        request.seed = seed
        request.noise = noise
        request.trainFraction = trainFraction
        request.points = points
        request.regularization = regularization
        request.regularizationRate = regRate
        request.shuffle = !noShuffle
        request.every = every
        return try CalcTrain.report(request)
    }
}

/// `gradscope calc backprop`: the backprop lab's graph view as numbers.
struct CalcBackpropCommand: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "backprop",
        abstract: "Forward and backward pass of a small network on one example: z, a, delta, dL/dW, dL/db, the check.",
        discussion: "Example: gradscope calc backprop --layers 2,2,1 --activation tanh --output sigmoid --input 0.5,-1 --target 1 --json")

    @Option(parsing: .unconditional, help: "Layer sizes, input first, 1-8 units, up to 4 layers of weights (default 2,2,1, or the --weights' shape).")
    var layers: String?
    @Option(parsing: .unconditional, help: "Hidden activation: tanh, relu, sigmoid or linear.")
    var activation: String = "tanh"
    @Option(parsing: .unconditional, help: "Output layer: sigmoid, linear or softmax.")
    var output: String = "sigmoid"
    @Option(parsing: .unconditional, help: "cross-entropy or squared-error (½ Σ (a - y)²).")
    var loss: String = "cross-entropy"
    @Option(parsing: .unconditional, help: "The input x, comma-separated (values may be negative: --input 0.5,-1).")
    var input: String = "0.5,-1"
    @Option(parsing: .unconditional, help: "The target y (one value per output unit; for softmax the class index).")
    var target: String = "1"
    @Option(parsing: .unconditional, help: "Weights as JSON [{\"W\": [[...]], \"b\": [...]}, ...] (W out x in), inline or a file.")
    var weights: String?
    @Option(parsing: .unconditional, help: "Seed of the weights when --weights is not given (42: the dashboard's default).")
    var seed: UInt64 = 42
    @Flag(help: "Print JSON: layers, activation, output, loss_function, input, target, weights, z, a, delta, gradients, loss, check.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        var request = CalcBackprop.Request()
        request.layers = layers
        request.activation = activation
        request.output = output
        request.loss = loss
        request.input = input
        request.target = target
        request.seed = seed
        if let weights {
            let inline = weights.trimmingCharacters(in: .whitespacesAndNewlines)
            if inline.hasPrefix("[") || inline.hasPrefix("{") {
                request.weightsJSON = inline
            } else {
                do { request.weightsJSON = try readDataFile(weights) } catch let error as CalcInputError {
                    throw CalcInputError("--weights: \(error.message) (give a JSON file or inline JSON)")
                }
            }
        }
        return try CalcBackprop.report(request)
    }
}

/// Shared options of `calc gradient`, `calc hessian` and `calc jacobian`.
struct DerivativeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The function of x and y (jacobian: several, separated by commas).")
    var f: String

    @Option(parsing: .unconditional, help: "The point x,y (values may be negative: --at -2,1).")
    var at: String

    @Flag(help: "Also print central-difference estimates and their relative error.")
    var check = false

    @Flag(help: "Print JSON.")
    var json = false

    func run(_ kind: CalcDerivatives.Kind) throws {
        let report = try CalcDerivatives.report(kind, functions: f, at: at, check: check)
        CalcOutput.write((report.json, report.text), asJSON: json)
    }
}

struct CalcGradient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient", abstract: "Exact gradient of f(x, y) (automatic differentiation).",
        discussion: "Example: gradscope calc gradient --f \"(1-x)^2 + 100*(y-x^2)^2\" --at -1,2 --check")
    @OptionGroup var options: DerivativeOptions
    func run() throws { try options.run(.gradient) }
}

struct CalcHessian: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian", abstract: "Exact Hessian of f(x, y).",
        discussion: "Example: gradscope calc hessian --f \"x^2 - y^2\" --at 0,0")
    @OptionGroup var options: DerivativeOptions
    func run() throws { try options.run(.hessian) }
}

struct CalcJacobian: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jacobian", abstract: "Exact Jacobian of (f1, f2, ...)(x, y): one row per function.",
        discussion: "Example (the seed's): gradscope calc jacobian --f \"2*x1 + x2^2, -x1^2 + 3*x2, 4*x1*x2\" --at 2,1")
    @OptionGroup var options: DerivativeOptions
    func run() throws { try options.run(.jacobian) }
}

/// A calc subcommand: it builds a report, and `--json` picks which form is printed.
protocol CalcCommand: ParsableCommand {
    var json: Bool { get }
    func report() throws -> (json: CalcJSON, text: String)
}

extension CalcCommand {
    func run() throws { CalcOutput.write(try report(), asJSON: json) }
}

enum CalcOutput {
    /// Prints a report to standard output: its JSON or its text (sanitised: it may quote input).
    static func write(_ report: (json: CalcJSON, text: String), asJSON: Bool) {
        printText(asJSON ? report.json.text() : report.text)
    }
}

/// `gradscope calc kkt --f EXPR --subject-to "EXPR <= 0" --subject-to "EXPR = 0" [--start x,y] [--json]`.
struct CalcKKTCommand: CalcCommand {
    static let configuration = CommandConfiguration(
        commandName: "kkt",
        abstract: "Constrained minimum of f(x, y): multipliers, KKT residuals, dual value and gap, second-order conditions.",
        discussion: """
        Example: gradscope calc kkt --f "x^2 + y^2" --subject-to "x + y = 2" --subject-to "x >= 1.5" --json
        Constraints: g <= 0, a <= b, a >= b (inequalities) and a = b (equalities), at most 3. JSON keys: x, f,
        mu (per inequality, in order), lambda (per equality), active (per inequality), residuals (stationarity,
        primal, dual, complementary), dual_value, gap, second_order (necessary, sufficient). A problem that is
        infeasible, unbounded, undefined at the start or not differentiable at the answer is refused (exit 2).
        """)

    @Option(parsing: .unconditional, help: "The function of x and y to minimise.")
    var f: String

    @Option(name: .customLong("subject-to"), parsing: .unconditionalSingleValue,
            help: "A constraint: \"g <= 0\", \"a >= b\" or \"a = b\" (repeat for up to 3).")
    var subjectTo: [String] = []

    @Option(parsing: .unconditional, help: "Where the search starts, x,y (default 0,0); the tie-break between equal minima.")
    var start: String?

    @Flag(help: "Print JSON.")
    var json = false

    func report() throws -> (json: CalcJSON, text: String) {
        let report = try CalcKKT.report(f: f, subjectTo: subjectTo, start: start)
        return (report.json, report.text)
    }
}
