import Foundation

/// One node of a formula's tree with everything the chain rule needs there.
public struct ChainRuleNode: Sendable, Codable, Equatable {
    /// The operation or leaf: "√", "+", "−", "·", "/", "^2", "sin", "x", "3".
    public var operation: String
    /// The sub-formula this node computes, written out ("x² + 3·x").
    public var formula: String
    public var value: Double
    public var children: [Int]
    public var parent: Int?
    /// Distance from the root (0 at the root).
    public var depth: Int
    /// ∂(parent)/∂(this node): the local derivative on the edge up; nil at the root.
    public var local: Double?
    /// The rule that gives `local`, in the parent's terms ("∂√u/∂u = 1/(2√u)").
    public var rule: String?
    /// ∂(root)/∂(this node): the product of the local derivatives on the way up.
    public var pathProduct: Double
    /// "x" or "y" for a variable leaf, nil otherwise.
    public var variable: String?
}

/// A typed formula f(x, y) as its tree, evaluated at a point, with the chain rule written out:
/// each node's value and local derivative, and for each variable leaf the product of the local
/// derivatives on its path to the root. A variable used several times has several paths; its
/// derivative is their sum (the seeds' "sum over every path").
///
/// Invariant: `dzdx` and `dzdy` equal the exact derivatives (`Expression.gradient`) up to
/// rounding; nodes are in pre-order, the root first.
public struct ChainRuleTree: Sendable, Codable, Equatable {
    public var nodes: [ChainRuleNode]
    public var x: Double
    public var y: Double

    public init(_ expression: Expression, x: Double, y: Double) {
        self.x = x
        self.y = y
        nodes = []
        add(expression, parent: nil, depth: 0)
        // Reverse accumulation, root to leaves: each node's path product is its parent's times
        // the local derivative on the edge (pre-order visits a parent before its children).
        for index in nodes.indices {
            if let parent = nodes[index].parent {
                nodes[index].pathProduct = nodes[parent].pathProduct * (nodes[index].local ?? 0)
            }
        }
    }

    /// The variable leaves, left to right: one per path from the root to a variable.
    public var paths: [Int] { nodes.indices.filter { nodes[$0].variable != nil } }

    /// dz/dx: the sum over every path to an x.
    public var dzdx: Double { derivative("x") }
    public var dzdy: Double { derivative("y") }

    public func derivative(_ variable: String) -> Double {
        paths.filter { nodes[$0].variable == variable }.reduce(0) { $0 + nodes[$1].pathProduct }
    }

    /// The nodes from the root down to `leaf`.
    public func path(to leaf: Int) -> [Int] {
        var chain = [leaf]
        while let parent = nodes[chain[0]].parent { chain.insert(parent, at: 0) }
        return chain
    }

    public var value: Double { nodes.first?.value ?? .nan }

    // MARK: Building

    @discardableResult
    private mutating func add(_ e: Expression, parent: Int?, depth: Int) -> Int {
        let index = nodes.count
        nodes.append(ChainRuleNode(operation: Self.operation(e), formula: Self.written(e), value: e.value(x: x, y: y),
                                   children: [], parent: parent, depth: depth, local: nil, rule: nil,
                                   pathProduct: 1, variable: e == .x ? "x" : (e == .y ? "y" : nil)))
        let operands = Self.operands(e)
        for (position, operand) in operands.enumerated() {
            let child = add(operand, parent: index, depth: depth + 1)
            nodes[index].children.append(child)
            let (local, rule) = Self.localDerivative(e, operand: position, operandValues: operands.map { $0.value(x: x, y: y) })
            nodes[child].local = local
            nodes[child].rule = rule
        }
        return index
    }

    static func operands(_ e: Expression) -> [Expression] {
        switch e {
        case .number, .x, .y: return []
        case .negate(let a), .function(_, let a): return [a]
        case .power(let a, .number): return [a]
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return [a, b]
        }
    }

    /// ∂e/∂(operand `position`) at the operands' values, and the rule that gives it.
    static func localDerivative(_ e: Expression, operand position: Int, operandValues v: [Double]) -> (Double, String) {
        let u = v[0]
        switch e {
        case .number, .x, .y: return (0, "")
        case .negate: return (-1, "∂(−u)/∂u = −1")
        case .add: return (1, position == 0 ? "∂(u+v)/∂u = 1" : "∂(u+v)/∂v = 1")
        case .subtract: return position == 0 ? (1, "∂(u−v)/∂u = 1") : (-1, "∂(u−v)/∂v = −1")
        case .multiply: return position == 0 ? (v[1], "∂(u·v)/∂u = v") : (u, "∂(u·v)/∂v = u")
        case .divide:
            return position == 0 ? (1 / v[1], "∂(u/v)/∂u = 1/v") : (-u / (v[1] * v[1]), "∂(u/v)/∂v = −u/v²")
        case .power(_, .number(let p)) where p == 2:
            return (2 * u, "∂(u²)/∂u = 2u")
        case .power(_, .number(let p)):
            return (p * pow(u, p - 1), "∂(u^\(number(p)))/∂u = \(number(p))·u^\(number(p - 1))")
        case .power:
            let w = v[1]
            return position == 0 ? (w * pow(u, w - 1), "∂(u^v)/∂u = v·u^(v−1)") : (pow(u, w) * log(u), "∂(u^v)/∂v = u^v·ln u")
        case .function(let name, _):
            switch name {
            case "sin": return (cos(u), "∂sin u/∂u = cos u")
            case "cos": return (-sin(u), "∂cos u/∂u = −sin u")
            case "tan": let t = tan(u); return (1 + t * t, "∂tan u/∂u = 1 + tan²u")
            case "exp": return (exp(u), "∂eᵘ/∂u = eᵘ")
            case "log": return (1 / u, "∂ln u/∂u = 1/u")
            case "sqrt": return (1 / (2 * u.squareRoot()), "∂√u/∂u = 1/(2√u)")
            case "abs": return (u > 0 ? 1 : (u < 0 ? -1 : 0), "∂|u|/∂u = sign u")
            default: let t = tanh(u); return (1 - t * t, "∂tanh u/∂u = 1 − tanh²u")
            }
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int64(v)) : String(format: "%g", v)
    }

    static func operation(_ e: Expression) -> String {
        switch e {
        case .number(let v): return number(v)
        case .x: return "x"
        case .y: return "y"
        case .negate: return "−"
        case .add: return "+"
        case .subtract: return "−"
        case .multiply: return "·"
        case .divide: return "/"
        case .power(_, .number(let p)): return p == 2 ? "²" : "^" + number(p)
        case .power: return "^"
        case .function(let name, _): return name == "sqrt" ? "√" : name
        }
    }

    /// Binding strength for parentheses: sums 1, products 2, signs 3, powers 4, atoms 5.
    static func precedence(_ e: Expression) -> Int {
        switch e {
        case .add, .subtract: return 1
        case .multiply, .divide: return 2
        case .negate: return 3
        case .power: return 4
        case .number(let v): return v < 0 ? 3 : 5
        case .x, .y, .function: return 5
        }
    }

    /// The formula written with as few parentheses as its meaning allows.
    public static func written(_ e: Expression) -> String {
        func wrap(_ inner: Expression, below level: Int) -> String {
            precedence(inner) < level ? "(" + written(inner) + ")" : written(inner)
        }
        switch e {
        case .number, .x, .y: return operation(e)
        case .negate(let a): return "−" + wrap(a, below: 4)
        case .add(let a, let b): return written(a) + " + " + wrap(b, below: 2)
        case .subtract(let a, let b): return written(a) + " − " + wrap(b, below: 2)
        case .multiply(let a, let b): return wrap(a, below: 2) + "·" + wrap(b, below: 3)
        case .divide(let a, let b): return wrap(a, below: 2) + "/" + wrap(b, below: 3)
        case .power(let a, .number(let p)): return wrap(a, below: 5) + (p == 2 ? "²" : "^" + number(p))
        case .power(let a, let b): return wrap(a, below: 5) + "^" + wrap(b, below: 5)
        case .function(let name, let a): return (name == "sqrt" ? "√" : name) + "(" + written(a) + ")"
        }
    }
}
