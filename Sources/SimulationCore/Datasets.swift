import Foundation

/// One labelled point: a position in [-6, 6]² and either a class (0, 1, 2, ...) or, for
/// regression sets, a real target in [-1, 1] (`label` is then 0).
public struct LabelledPoint: Sendable, Codable, Equatable {
    public var x: Vec2
    public var label: Int
    public var target: Double
    public init(_ x: Vec2, label: Int, target: Double? = nil) {
        self.x = x
        self.label = label
        self.target = target ?? Double(label)
    }
}

/// What a dataset asks of a model.
public enum ProblemKind: String, Sendable, Codable, Equatable {
    /// Two classes (labels 0 and 1).
    case binary
    /// Three or more classes (softmax output).
    case multiclass
    /// A real target per point (squared error, linear output).
    case regression
}

/// The built-in datasets (TensorFlow Playground's, plus three classes and a user file).
public enum DatasetKind: String, Sendable, Codable, CaseIterable {
    case linear, gaussians, circle, xor, spirals, moons
    /// Three gaussian blobs (three classes).
    case blobs3
    /// Regression: a tilted plane t = (x - y)/12.
    case plane
    /// Regression: two gaussian bumps of opposite sign.
    case bumps
    /// Points from a CSV file (`x,y,label`).
    case csv

    public var problem: ProblemKind {
        switch self {
        case .blobs3: return .multiclass
        case .plane, .bumps: return .regression
        default: return .binary
        }
    }

    public var title: String {
        switch self {
        case .linear: return "linearly separable"
        case .gaussians: return "two gaussians"
        case .circle: return "circle"
        case .xor: return "XOR"
        case .spirals: return "two spirals"
        case .moons: return "moons"
        case .blobs3: return "three blobs"
        case .plane: return "plane (regression)"
        case .bumps: return "gaussian bumps (regression)"
        case .csv: return "CSV file"
        }
    }

    /// The kinds a user can cycle through (a CSV set comes from a file).
    public static let generated: [DatasetKind] = [.linear, .gaussians, .circle, .xor, .spirals, .moons, .blobs3, .plane, .bumps]
}

/// A dataset split into train and test points.
///
/// Invariants: every point lies in [-6, 6]²; classes are 0..<classCount (regression: one
/// "class", the target in [-1, 1]); the same kind, size, noise, fraction and seed give the
/// same points on every platform.
public struct Dataset: Sendable, Codable, Equatable {
    public var kind: DatasetKind
    public var problem: ProblemKind
    public var classCount: Int
    public var train: [LabelledPoint]
    public var test: [LabelledPoint]

    public static let range: ClosedRange<Double> = -6...6

    public init(kind: DatasetKind, problem: ProblemKind, classCount: Int, train: [LabelledPoint], test: [LabelledPoint]) {
        self.kind = kind
        self.problem = problem
        self.classCount = classCount
        self.train = train
        self.test = test
    }

    /// `count` points of a built-in kind; `noise` in [0, 1] (0.5 is TF Playground's 50 %),
    /// `trainFraction` of them (rounded) for training, the rest for testing.
    public static func generate(_ kind: DatasetKind, count: Int = 500, noise: Double = 0, trainFraction: Double = 0.5,
                                seed: UInt64) -> Dataset {
        var random = SeededRandom(seed: seed ^ 0xDA7A_5E7)
        let n = max(4, count)
        var points: [LabelledPoint] = []
        points.reserveCapacity(n)
        func clamp(_ p: Vec2) -> Vec2 {
            Vec2(min(max(p.x, -6), 6), min(max(p.y, -6), 6))
        }
        switch kind {
        case .linear:
            // Two clouds either side of the line x + y = 0, a margin apart.
            for i in 0..<n {
                let label = i % 2
                var p: Vec2
                repeat {
                    p = Vec2(random.uniform(-5...5), random.uniform(-5...5))
                } while abs(p.x + p.y) < 1.5
                let side = p.x + p.y > 0 ? 1 : 0
                if side != label { p = Vec2(-p.x, -p.y) }
                p += Vec2(noise * 2 * random.gaussian(), noise * 2 * random.gaussian())
                points.append(LabelledPoint(clamp(p), label: label))
            }
        case .gaussians:
            let spread = 0.5 + 3 * noise
            for i in 0..<n {
                let label = i % 2
                let centre = label == 1 ? Vec2(2, 2) : Vec2(-2, -2)
                points.append(LabelledPoint(clamp(centre + Vec2(spread * random.gaussian(), spread * random.gaussian())), label: label))
            }
        case .circle:
            // Inside radius 2.5 is class 1, the ring from 3.5 to 5 class 0 (TF Playground's circle).
            for i in 0..<n {
                let label = i % 2 == 0 ? 1 : 0
                let radius = label == 1 ? random.uniform(0...2.5) : random.uniform(3.5...5)
                let angle = random.uniform(0...(2 * Double.pi))
                let p = Vec2(radius * cos(angle), radius * sin(angle))
                    + Vec2(noise * 1.5 * random.gaussian(), noise * 1.5 * random.gaussian())
                points.append(LabelledPoint(clamp(p), label: label))
            }
        case .xor:
            for _ in 0..<n {
                var p = Vec2(random.uniform(-5...5), random.uniform(-5...5))
                // Keep a small gap around the axes, as TF Playground does.
                p.x += p.x > 0 ? 0.3 : -0.3
                p.y += p.y > 0 ? 0.3 : -0.3
                let label = (p.x > 0) == (p.y > 0) ? 1 : 0
                p += Vec2(noise * 1.5 * random.gaussian(), noise * 1.5 * random.gaussian())
                points.append(LabelledPoint(clamp(p), label: label))
            }
        case .spirals:
            for i in 0..<n {
                let label = i % 2
                let t = Double(i / 2) / Double(max(1, n / 2)) * 1.75 * 2 * Double.pi
                let r = 5 * Double(i / 2) / Double(max(1, n / 2)) + 0.3
                let angle = t + (label == 1 ? Double.pi : 0)
                let p = Vec2(r * sin(angle), r * cos(angle))
                    + Vec2(noise * 0.8 * random.gaussian(), noise * 0.8 * random.gaussian())
                points.append(LabelledPoint(clamp(p), label: label))
            }
        case .moons:
            for i in 0..<n {
                let label = i % 2
                let angle = random.uniform(0...Double.pi)
                let p = label == 0 ? Vec2(cos(angle) * 3 - 1.5, sin(angle) * 3 - 0.75)
                                   : Vec2(1.5 - cos(angle) * 3, 0.75 - sin(angle) * 3)
                points.append(LabelledPoint(clamp(p + Vec2(noise * 1.2 * random.gaussian(), noise * 1.2 * random.gaussian())),
                                            label: label))
            }
        case .blobs3:
            let centres = [Vec2(0, 3.2), Vec2(-2.8, -1.6), Vec2(2.8, -1.6)]
            let spread = 0.7 + 2.5 * noise
            for i in 0..<n {
                let label = i % 3
                points.append(LabelledPoint(clamp(centres[label] + Vec2(spread * random.gaussian(), spread * random.gaussian())),
                                            label: label))
            }
        case .plane:
            for _ in 0..<n {
                let p = Vec2(random.uniform(-6...6), random.uniform(-6...6))
                let t = (p.x - p.y) / 12 + noise * 0.3 * random.gaussian()
                points.append(LabelledPoint(p, label: 0, target: min(max(t, -1), 1)))
            }
        case .bumps:
            for _ in 0..<n {
                let p = Vec2(random.uniform(-6...6), random.uniform(-6...6))
                let a = exp(-((p.x - 2) * (p.x - 2) + (p.y - 2) * (p.y - 2)) / 4)
                let b = exp(-((p.x + 2) * (p.x + 2) + (p.y + 2) * (p.y + 2)) / 4)
                let t = a - b + noise * 0.3 * random.gaussian()
                points.append(LabelledPoint(p, label: 0, target: min(max(t, -1), 1)))
            }
        case .csv:
            break
        }
        return split(points, kind: kind, trainFraction: trainFraction, random: &random)
    }

    /// A seeded shuffle, then the first `trainFraction` for training.
    static func split(_ points: [LabelledPoint], kind: DatasetKind, trainFraction: Double,
                      random: inout SeededRandom) -> Dataset {
        var shuffled = points
        random.shuffle(&shuffled)
        let fraction = min(max(trainFraction, 0.1), 0.9)
        let trainCount = min(max(1, Int((Double(shuffled.count) * fraction).rounded())), max(1, shuffled.count - 1))
        let classes = kind.problem == .regression ? 1 : max(2, (points.map(\.label).max() ?? 1) + 1)
        let problem: ProblemKind = kind.problem == .regression ? .regression : (classes > 2 ? .multiclass : .binary)
        return Dataset(kind: kind, problem: problem, classCount: classes,
                       train: Array(shuffled.prefix(trainCount)), test: Array(shuffled.dropFirst(trainCount)))
    }

    /// The most points a data file may hold, and the most bytes (the text travels in the
    /// command, to a lecture's followers too). The generated sets have at most 5,000 points; a
    /// file may have twice that — enough for any picture a terminal can show, and few enough
    /// that an epoch stays quick (a 3.7 MB file of 170,000 points took ~0.4 s an epoch).
    public static let maximumFilePoints = 10_000
    public static let maximumFileBytes = 4_000_000

    /// Points from CSV text: `x,y,label` per line, an optional header line, `#` comments and
    /// blank lines ignored. Integer labels 0...5 make a classification set; any other number a
    /// regression set (targets scaled into [-1, 1]). Positions must lie in [-6, 6]. Numbers are
    /// decimal (`DecimalText`); at most `maximumFilePoints` points and `maximumFileBytes` bytes.
    /// Lines end in "\n", "\r\n" or "\r".
    public static func csv(_ text: String, trainFraction: Double = 0.5, seed: UInt64) throws -> Dataset {
        guard text.utf8.count <= maximumFileBytes else {
            throw DatasetError(line: 1, message: "the file is \(text.utf8.count) bytes; at most \(maximumFileBytes) are read")
        }
        var rows: [(Vec2, Double, Int)] = []
        var lineCount = 0
        var sawContent = false
        for (number, rawLine) in lines(of: text) {
            lineCount = number
            let line = trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let isFirstContent = !sawContent
            sawContent = true
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(trimmed)
            let numbers = fields.map { DecimalText.double($0) }
            if isFirstContent, numbers.contains(where: { $0 == nil }) {
                continue  // a header such as "x,y,label"
            }
            guard fields.count == 3 else {
                throw DatasetError(line: number, message: "expected 3 fields x,y,label, found \(fields.count)")
            }
            for (column, value) in numbers.enumerated() where value == nil || !value!.isFinite {
                let name = ["x", "y", "label"][column]
                throw DatasetError(line: number, message: "\(name) '\(fields[column])' is not a finite decimal number")
            }
            let p = Vec2(numbers[0]!, numbers[1]!)
            guard Dataset.range.contains(p.x), Dataset.range.contains(p.y) else {
                throw DatasetError(line: number, message: "point (\(fields[0]), \(fields[1])) is outside [-6, 6]²")
            }
            guard rows.count < maximumFilePoints else {
                throw DatasetError(line: number, message: "more than \(maximumFilePoints) points; at most \(maximumFilePoints) are taken (use fewer)")
            }
            rows.append((p, numbers[2]!, number))
        }
        guard rows.count >= 4 else {
            throw DatasetError(line: max(1, lineCount), message: "needs at least 4 points, found \(rows.count)")
        }
        // Whole-number labels are classes: 0, 1, 2 (at most three, one glyph and colour each), or
        // the -1/+1 of the perceptron literature for two. Real-valued labels make a regression
        // set, unless nearly all are whole numbers: then the few others are mistakes, reported.
        let whole = rows.filter { $0.1 == $0.1.rounded() }
        let isClassification: Bool
        if whole.count == rows.count {
            isClassification = true
        } else if whole.count * 10 >= rows.count * 9, let odd = rows.first(where: { $0.1 != $0.1.rounded() }) {
            throw DatasetError(line: odd.2, message: "label \(odd.1) is not a class, though almost every other label is a whole "
                               + "number (classes are 0, 1, 2; real-valued labels throughout make a regression set)")
        } else {
            isClassification = false
        }
        var points: [LabelledPoint]
        if isClassification {
            let labels = Set(rows.map(\.1))
            let plusMinusOne = labels == [-1, 1]
            if !plusMinusOne, let bad = rows.first(where: { !(0...2).contains($0.1) }) {
                throw DatasetError(line: bad.2, message: "label \(Int(bad.1)) is not a class: classes are 0, 1 and 2 (or -1 and 1 for two)")
            }
            points = rows.map { LabelledPoint($0.0, label: plusMinusOne ? ($0.1 > 0 ? 1 : 0) : Int($0.1)) }
            let present = Set(points.map(\.label))
            guard present.count >= 2 else {
                throw DatasetError(line: rows[0].2, message: "every point has label \(Int(rows[0].1)): needs at least two classes")
            }
            if let missing = (0...(present.max() ?? 0)).first(where: { !present.contains($0) }) {
                throw DatasetError(line: rows[0].2, message: "labels must be 0, 1, 2 without gaps (no point has label \(missing))")
            }
        } else {
            let scale = max(1e-12, rows.map { abs($0.1) }.max() ?? 1)
            points = rows.map { LabelledPoint($0.0, label: 0, target: $0.1 / scale) }
        }
        var random = SeededRandom(seed: seed ^ 0xDA7A_5E7)
        var dataset = split(points, kind: .csv, trainFraction: trainFraction, random: &random)
        if !isClassification {
            dataset.problem = .regression
            dataset.classCount = 1
        }
        return dataset
    }

    /// The lines of `text` with their 1-based numbers; "\n", "\r\n" and a lone "\r" each end one.
    static func lines(of text: String) -> [(Int, Substring)] {
        var result: [(Int, Substring)] = []
        let bytes = text.utf8
        var start = bytes.startIndex, index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index = bytes.index(after: index)
                continue
            }
            result.append((result.count + 1, Substring(bytes[start..<index])))
            index = bytes.index(after: index)
            if byte == UInt8(ascii: "\r"), index != bytes.endIndex, bytes[index] == UInt8(ascii: "\n") {
                index = bytes.index(after: index)
            }
            start = index
        }
        if start != bytes.endIndex { result.append((result.count + 1, Substring(bytes[start...]))) }
        return result
    }

    /// `text` without white space (Unicode's) at either end.
    static func trimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(scalars[first...last])
    }
}

/// A bad row in a dataset file: the 1-based line and what is wrong.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}
