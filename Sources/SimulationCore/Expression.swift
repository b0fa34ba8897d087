import Foundation

/// A function of x and y typed by a user: `(1-x)^2 + 100*(y-x^2)^2`, `sin(x)*cos(y)`.
///
/// Grammar (precedence low to high; `^` is right-associative and binds tighter than a unary
/// minus, so `-x^2 = -(x^2)` and `2^3^2 = 512`):
///
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := ('-' | '+') unary | power
///     power   := atom ('^' unary)?
///     atom    := number | name | name '(' sum ')' | '(' sum ')'
///
/// Names: variables `x`, `y` (also `x1`, `x2`), constants `pi`, `e`, functions `sin cos tan
/// exp log sqrt abs tanh`. No implicit multiplication: `2x` is an error pointing at `x`.
/// Evaluation is generic over `SurfaceScalar`, so the same tree gives values (Double) and exact
/// first and second derivatives (HyperDual): automatic differentiation, no step size.
public indirect enum Expression: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case x
    case y
    case negate(Expression)
    case add(Expression, Expression)
    case subtract(Expression, Expression)
    case multiply(Expression, Expression)
    case divide(Expression, Expression)
    case power(Expression, Expression)
    case function(String, Expression)

    public static let functions = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh"]

    /// The longest formula taken (as a scene's values): evaluation recurses through the tree,
    /// so its size is bounded here rather than by the stack.
    public static let maximumLength = 2000
    /// The deepest nesting of parentheses, signs and powers taken.
    public static let maximumDepth = 100

    public static func parse(_ text: String) throws -> Expression {
        var parser = try ExpressionParser(checking: text)
        return try parser.parseAll()
    }

    /// Several comma-separated functions (a vector function, for Jacobians).
    public static func parseList(_ text: String) throws -> [Expression] {
        var parser = try ExpressionParser(checking: text)
        return try parser.parseList()
    }

    public func evaluate<T: SurfaceScalar>(x: T, y: T) -> T {
        switch self {
        case .number(let value): return T(value)
        case .x: return x
        case .y: return y
        case .negate(let e): return -e.evaluate(x: x, y: y)
        case .add(let a, let b): return a.evaluate(x: x, y: y) + b.evaluate(x: x, y: y)
        case .subtract(let a, let b): return a.evaluate(x: x, y: y) - b.evaluate(x: x, y: y)
        case .multiply(let a, let b): return a.evaluate(x: x, y: y) * b.evaluate(x: x, y: y)
        case .divide(let a, let b): return a.evaluate(x: x, y: y) / b.evaluate(x: x, y: y)
        case .power(let base, .number(let p)):
            // A constant exponent (the parser folds -2, (1+1), pi/2 to a number): whole powers up
            // to 64 by multiplication, others as pow; both defined for a negative base when whole.
            if p == p.rounded() && abs(p) <= 64 { return base.evaluate(x: x, y: y).integerPower(Int(p)) }
            return base.evaluate(x: x, y: y).power(constant: p)
        case .power(let base, let exponent):
            return base.evaluate(x: x, y: y).power(exponent.evaluate(x: x, y: y))
        case .function(let name, let argument):
            let v = argument.evaluate(x: x, y: y)
            switch name {
            case "sin": return v.sine()
            case "cos": return v.cosine()
            case "tan": return v.tangent()
            case "exp": return v.exponential()
            case "log": return v.logarithm()
            case "sqrt": return v.squareRoot()
            case "abs": return v.magnitude()
            default: return v.hyperbolicTangent()
            }
        }
    }

    public func value(x: Double, y: Double) -> Double { evaluate(x: x, y: y) }

    /// The value of an expression without x or y (`-2`, `(1+1)`, `pi/2`); nil if it has either.
    public var constantValue: Double? { mentionsVariable ? nil : evaluate(x: 0.0, y: 0.0) }

    var mentionsVariable: Bool {
        switch self {
        case .number: return false
        case .x, .y: return true
        case .negate(let e), .function(_, let e): return e.mentionsVariable
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b),
             .power(let a, let b):
            return a.mentionsVariable || b.mentionsVariable
        }
    }

    /// (∂f/∂x, ∂f/∂y), exact.
    public func gradient(x: Double, y: Double) -> (Double, Double) {
        let r: HyperDual = evaluate(x: HyperDual(x, 1, 0, 0), y: HyperDual(y, 0, 1, 0))
        return (r.b, r.c)
    }

    /// [[f_xx, f_xy], [f_yx, f_yy]], exact.
    public func hessian(x: Double, y: Double) -> [[Double]] {
        let xx: HyperDual = evaluate(x: HyperDual(x, 1, 1, 0), y: HyperDual(y))
        let yy: HyperDual = evaluate(x: HyperDual(x), y: HyperDual(y, 1, 1, 0))
        let xy: HyperDual = evaluate(x: HyperDual(x, 1, 0, 0), y: HyperDual(y, 0, 1, 0))
        return [[xx.d, xy.d], [xy.d, yy.d]]
    }

    public var description: String {
        switch self {
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .x: return "x"
        case .y: return "y"
        case .negate(let e): return "-(\(e))"
        case .add(let a, let b): return "(\(a) + \(b))"
        case .subtract(let a, let b): return "(\(a) - \(b))"
        case .multiply(let a, let b): return "(\(a) * \(b))"
        case .divide(let a, let b): return "(\(a) / \(b))"
        case .power(let a, let b): return "(\(a)^\(b))"
        case .function(let name, let e): return "\(name)(\(e))"
        }
    }
}

/// A parse error: what was expected, and the 1-based column where the text went wrong.
public struct ExpressionError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var column: Int
    public var description: String { "\(message) at column \(column)" }
    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }
}

struct ExpressionParser {
    let characters: [Character]
    var index = 0
    /// Parentheses, signs and powers open around the current position.
    var depth = 0
    /// A number is wanted, not a function: x and y are unknown names (`NumberText`).
    var constantsOnly = false
    /// Entries of a row are separated by spaces too (`NumberText.list`): a sign after a space
    /// and before a non-space starts a new entry, as in `1 -2` (two entries; `1 - 2` is one).
    var spaceSeparates = false

    init(_ text: String) { characters = Array(text) }

    init(checking text: String) throws {
        self.init(text)
        guard characters.count <= Expression.maximumLength else {
            throw ExpressionError(message: "the formula is \(characters.count) characters long; at most \(Expression.maximumLength) are taken",
                                  column: Expression.maximumLength + 1)
        }
    }

    /// Runs `parse` one level deeper, refusing nesting past `Expression.maximumDepth`.
    mutating func nested<T>(_ parse: (inout ExpressionParser) throws -> T) throws -> T {
        guard depth < Expression.maximumDepth else {
            throw fail("nested more than \(Expression.maximumDepth) deep (parentheses, signs or powers)", at: column - 1)
        }
        depth += 1
        defer { depth -= 1 }
        return try parse(&self)
    }

    var column: Int { index + 1 }

    mutating func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }

    mutating func peek() -> Character? {
        skipSpaces()
        return index < characters.count ? characters[index] : nil
    }

    func fail(_ message: String, at column: Int? = nil) -> ExpressionError {
        ExpressionError(message: message, column: column ?? self.column)
    }

    mutating func parseAll() throws -> Expression {
        guard peek() != nil else { throw fail("empty expression") }
        let expression = try parseSum()
        if let extra = peek() { throw fail("unexpected '\(extra)'") }
        return expression
    }

    mutating func parseList() throws -> [Expression] {
        guard peek() != nil else { throw fail("empty expression") }
        var list = [try parseSum()]
        while peek() == "," {
            index += 1
            list.append(try parseSum())
        }
        if let extra = peek() { throw fail("unexpected '\(extra)'") }
        return list
    }

    mutating func parseSum() throws -> Expression {
        var left = try parseProduct()
        while let op = peek(), op == "+" || op == "-" {
            if spaceSeparates, index > 0, characters[index - 1].isWhitespace,
               index + 1 < characters.count, !characters[index + 1].isWhitespace { break }
            index += 1
            let right = try parseProduct()
            left = op == "+" ? .add(left, right) : .subtract(left, right)
        }
        return left
    }

    /// A sum inside parentheses: spaces separate nothing there (`(1 -2)` is -1).
    mutating func parseEnclosed() throws -> Expression {
        let separates = spaceSeparates
        spaceSeparates = false
        defer { spaceSeparates = separates }
        return try parseSum()
    }

    mutating func parseProduct() throws -> Expression {
        var left = try parseUnary()
        while let op = peek(), op == "*" || op == "/" {
            index += 1
            let right = try parseUnary()
            left = op == "*" ? .multiply(left, right) : .divide(left, right)
        }
        return left
    }

    mutating func parseUnary() throws -> Expression {
        if let op = peek(), op == "-" || op == "+" {
            index += 1
            let operand = try nested { try $0.parseUnary() }
            return op == "-" ? .negate(operand) : operand
        }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expression {
        let base = try parseAtom()
        if peek() == "^" {
            index += 1
            let exponent = try nested { try $0.parseUnary() }
            // Folded once here, so evaluation (per point, per pixel) takes the constant path.
            return .power(base, exponent.constantValue.map(Expression.number) ?? exponent)
        }
        return base
    }

    mutating func parseAtom() throws -> Expression {
        guard let c = peek() else {
            throw fail(constantsOnly ? "expected a number, pi, e, a function or '(' but the text ended"
                                     : "expected a number, x, y, a function or '(' but the text ended")
        }
        let start = column
        if c == "(" {
            index += 1
            let inner = try nested { try $0.parseEnclosed() }
            guard peek() == ")" else { throw fail("expected ')' to close the '(' at column \(start)") }
            index += 1
            return inner
        }
        if Self.isDigit(c) || c == "." {
            var text = ""
            while index < characters.count, Self.isDigit(characters[index]) || characters[index] == "." { text.append(characters[index]); index += 1 }
            // An exponent: 1e-3, 2.5E+4.
            if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                var lookahead = index + 1
                if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" { lookahead += 1 }
                if lookahead < characters.count, Self.isDigit(characters[lookahead]) {
                    text.append(contentsOf: characters[index..<lookahead])
                    index = lookahead
                    while index < characters.count, Self.isDigit(characters[index]) { text.append(characters[index]); index += 1 }
                }
            }
            guard let value = DecimalText.double(text) else { throw fail("'\(text)' is not a number", at: start) }
            guard value.isFinite else { throw fail("\(text) is beyond the largest number (about 1.8e308)", at: start) }
            if let next = peekRaw(), next.isLetter {
                throw fail("write '*' between '\(text)' and '\(next)' (no implicit multiplication)", at: column)
            }
            return .number(value)
        }
        if c.isLetter || c == "_" {
            var name = ""
            while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                name.append(characters[index])
                index += 1
            }
            switch (name, constantsOnly) {
            case ("x", false), ("x1", false): return .x
            case ("y", false), ("x2", false): return .y
            case ("pi", _): return .number(.pi)
            case ("e", _): return .number(M_E)
            default: break
            }
            guard Expression.functions.contains(name) else {
                if constantsOnly { throw fail("unknown name \(name)", at: start) }
                let known = (Expression.functions + ["x", "y", "pi", "e"]).joined(separator: ", ")
                throw fail("unknown name '\(name)' (known: \(known))", at: start)
            }
            guard peek() == "(" else { throw fail("expected '(' after \(name)") }
            let open = column
            index += 1
            let argument = try nested { try $0.parseEnclosed() }
            guard peek() == ")" else { throw fail("expected ')' to close \(name)( at column \(open)") }
            index += 1
            return .function(name, argument)
        }
        throw fail("unexpected '\(c)'")
    }

    /// An ASCII digit (`Character.isNumber` also takes other scripts' digits, fractions, numerals).
    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isWholeNumber }

    /// The next character without skipping spaces.
    func peekRaw() -> Character? { index < characters.count ? characters[index] : nil }
}
