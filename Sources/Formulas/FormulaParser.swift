// Recursive-descent parser for the recursion-formula language, and the checks that make a parsed design
// an architecture: no future or current output on the right, auxiliaries defined before use, lags within
// the maximum, and every W[i-k] applied to the input block i−k applied its W to.
//
//   design    := statement ((';' | newline) statement)*
//   statement := NAME '[' 'i' ']' '=' expr
//   expr      := ['+' | '-'] term (('+' | '-') term)*
//   term      := factor (['*' | '·'] factor)*          (juxtaposition multiplies: W[i] X[i-1])
//   factor    := NUMBER | 'relu' '(' expr ')' | '(' expr ')' | '-' factor | NAME '[' index ']'
//   index     := 'i' | 'i' '-' INT | 'i' '+' INT | '0'
//
// W's and constants form operators (polynomials in W); an operator times an output applies it, so
// `(1 + W[i]) X[i-1]` becomes `X[i-1] + W[i] X[i-1]`.
import Foundation

extension BlockFormula {
    /// Parses and validates a design. Throws `FormulaError` with the column of the offending token.
    public static func parse(_ text: String, maxLag: Int = 8) throws -> BlockFormula {
        precondition(maxLag >= 1, "maxLag must be at least 1, got \(maxLag)")
        var parser = FormulaParser(source: text, tokens: try FormulaLexer.tokens(text), maxLag: maxLag)
        return try parser.design()
    }
}

/// A tree node with the source range it came from (the public tree drops the ranges).
struct LocatedNode {
    indirect enum Kind {
        case output(Int), stem, auxiliary(String, Int), branch(Int, LocatedNode), relu(LocatedNode)
        case scaled(Rational, LocatedNode), sum([LocatedNode])
    }

    var kind: Kind
    var range: SourceRange

    var expression: FormulaExpression {
        switch kind {
        case .output(let l): return .output(lag: l)
        case .stem: return .stem
        case .auxiliary(let n, let l): return .auxiliary(name: n, lag: l)
        case .branch(let l, let e): return .branch(lag: l, input: e.expression)
        case .relu(let e): return .relu(e.expression)
        case .scaled(let c, let e): return .scaled(c, e.expression)
        case .sum(let ts): return .sum(ts.map(\.expression))
        }
    }
}

struct FormulaParser {
    let source: String
    let tokens: [FormulaToken]
    let maxLag: Int
    var position = 0
    var parenDepth = 0
    /// Names defined by the statements read so far, and the one being read.
    var defined: [String: LocatedNode] = [:]
    var current = ""

    init(source: String, tokens: [FormulaToken], maxLag: Int) {
        self.source = source
        self.tokens = tokens
        self.maxLag = maxLag
    }

    /// An operator (a polynomial in W with relative lags) or an output-valued expression.
    enum Value {
        case op(WordPolynomial, SourceRange, firstW: SourceRange?)
        case vector(LocatedNode)

        var range: SourceRange {
            switch self {
            case .op(_, let r, _): return r
            case .vector(let n): return n.range
            }
        }
    }

    // MARK: Tokens

    /// The next token; new lines inside parentheses are white space.
    mutating func peek() -> FormulaToken {
        if parenDepth > 0 { while tokens[position].kind == .newline { position += 1 } }
        return tokens[position]
    }

    mutating func next() -> FormulaToken {
        let t = peek()
        if t.kind != .end { position += 1 }
        return t
    }

    mutating func skipNewlines() { while tokens[position].kind == .newline { position += 1 } }

    func error(_ kind: FormulaError.Kind, _ message: String, at range: SourceRange) -> FormulaError {
        FormulaError(kind, message, source: source, range: range)
    }

    func expected(_ what: String, found token: FormulaToken) -> FormulaError {
        error(.syntax, "expected \(what), found \(token.quoted)", at: token.range)
    }

    /// From the start of `a` to the end of `b` when both are on one line, else `a`.
    func span(_ a: SourceRange, _ b: SourceRange) -> SourceRange {
        guard a.line == b.line, b.column >= a.column else { return a }
        return SourceRange(line: a.line, column: a.column, length: b.column + b.length - a.column)
    }

    /// The source text under a range (for messages).
    func text(_ r: SourceRange) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard r.line >= 1, r.line <= lines.count else { return "" }
        let l = Array(lines[r.line - 1])
        let start = min(max(0, r.column - 1), l.count)
        return String(l[start..<min(l.count, start + r.length)])
    }

    // MARK: Statements

    mutating func design() throws -> BlockFormula {
        var statements: [(name: String, range: SourceRange, rhs: LocatedNode)] = []
        while true {
            while [.newline, .semicolon].contains(peek().kind) { position += 1 }
            if peek().kind == .end { break }
            statements.append(try statement(after: statements.map(\.name)))
            let t = peek()
            guard [.newline, .semicolon, .end].contains(t.kind) else {
                throw expected("';', a new line or the end of the formula after a complete statement", found: t)
            }
        }
        guard let last = statements.last else {
            throw FormulaError(.emptyDesign, "the design is empty: write at least one statement `X[i] = …`", source: source)
        }
        guard last.name == "X" else {
            throw error(.badStatement, "the last statement must define X[i], the block's output; this one defines \(last.name)[i]", at: last.range)
        }
        // Check every branch on the block's whole computation (auxiliaries inlined).
        let whole = try inline(last.rhs, shift: 0, origin: nil)
        try checkBranches(whole)
        return BlockFormula(validated: statements.map { FormulaStatement(name: $0.name, expression: $0.rhs.expression) })
    }

    mutating func statement(after earlier: [String]) throws -> (name: String, range: SourceRange, rhs: LocatedNode) {
        let nameToken = next()
        guard case .name(let name) = nameToken.kind, name != "W", name != "relu", name != "i" else {
            throw expected("a statement such as `X[i] = …` or `S[i] = …`", found: nameToken)
        }
        if earlier.contains("X") {
            throw error(.badStatement, "X[i] must be defined by the last statement, but \(name)[i] follows it", at: nameToken.range)
        }
        if earlier.contains(name) {
            throw error(.badStatement, "\(name)[i] is defined twice; each name is defined by one statement", at: nameToken.range)
        }
        try expect(.leftBracket, "'[' after \(name)")
        let lag = try index(of: name)
        let close = try expect(.rightBracket, "']'")
        guard case .relative(0) = lag else {
            throw error(.badStatement, "a statement defines \(name)[i] for the current block i; found \(text(span(nameToken.range, close.range))) on the left", at: span(nameToken.range, close.range))
        }
        try expect(.equals, "'=' after \(name)[i]")
        current = name
        let rhsValue = try expression()
        let rhs: LocatedNode
        switch rhsValue {
        case .vector(let n): rhs = n
        case .op(let p, let r, _):
            let what = p.terms.keys.allSatisfy(\.isEmpty) ? "a constant" : "an operator"
            throw error(.syntax, "the right-hand side of \(name)[i] is \(what), not an output: apply W's and constants to an input such as X[i-1]", at: r)
        }
        defined[name] = rhs
        return (name, nameToken.range, rhs)
    }

    @discardableResult
    mutating func expect(_ kind: FormulaToken.Kind, _ what: String) throws -> FormulaToken {
        let t = peek()
        guard t.kind == kind else { throw expected(what, found: t) }
        return next()
    }

    // MARK: Expressions

    mutating func expression() throws -> Value {
        var value: Value
        let first = peek()
        if first.kind == .plus || first.kind == .minus {
            _ = next()
            skipNewlines()
            let t = try term()
            value = first.kind == .minus ? try negate(t) : t
        } else {
            value = try term()
        }
        while peek().kind == .plus || peek().kind == .minus {
            let op = next()
            skipNewlines()
            if peek().kind == .end || peek().kind == .semicolon || peek().kind == .rightParen {
                throw expected("a term after \(op.quoted)", found: peek())
            }
            var right = try term()
            if op.kind == .minus { right = try negate(right) }
            value = try add(value, right)
        }
        return value
    }

    mutating func term() throws -> Value {
        var value = try factor()
        while true {
            let t = peek()
            if t.kind == .times {
                _ = next()
                skipNewlines()
                value = try multiply(value, try factor())
            } else if case .name = t.kind {
                value = try multiply(value, try factor())
            } else if case .number = t.kind {
                value = try multiply(value, try factor())
            } else if t.kind == .leftParen {
                value = try multiply(value, try factor())
            } else {
                return value
            }
        }
    }

    mutating func factor() throws -> Value {
        let t = next()
        switch t.kind {
        case .number(let s):
            do {
                let c = try Rational(decimal: s)
                return .op(WordPolynomial(constant: c), t.range, firstW: nil)
            } catch var e as FormulaError {
                e.source = source
                e.range = t.range
                throw e
            }
        case .minus:
            return try negate(try factor())
        case .leftParen:
            parenDepth += 1
            let inner = try expression()
            let close = peek()
            guard close.kind == .rightParen else { throw expected("')' to close the '(' at column \(t.range.column)", found: close) }
            parenDepth -= 1
            _ = next()
            switch inner {
            case .op(let p, _, let w): return .op(p, span(t.range, close.range), firstW: w)
            case .vector(var n):
                n.range = span(t.range, close.range)
                return .vector(n)
            }
        case .name(let name):
            return try named(name, t)
        default:
            throw expected("a constant, X[…], W[…], an auxiliary such as S[i], relu(…) or '('", found: t)
        }
    }

    mutating func named(_ name: String, _ t: FormulaToken) throws -> Value {
        if ["inf", "infinity", "nan"].contains(name.lowercased()) {
            throw error(.nonFiniteConstant, "\(name) is not a finite constant; constants are finite decimals such as 0.5", at: t.range)
        }
        if name == "relu" {
            let open = peek()
            guard open.kind == .leftParen else { throw expected("'(' after relu", found: open) }
            let inner = try factor()
            guard case .vector(let n) = inner else {
                var at = inner.range
                if case .op(_, _, let w?) = inner { at = w }
                throw error(.syntax, "relu must be applied to an output (such as X[i-1] + W[i] X[i-1]), not to an operator", at: at)
            }
            return .vector(LocatedNode(kind: .relu(n), range: span(t.range, n.range)))
        }
        if name == "i" {
            throw error(.syntax, "'i' stands only inside brackets, as in X[i-1]", at: t.range)
        }
        try expect(.leftBracket, "'[' after \(name), as in \(name == "W" ? "W[i]" : "\(name)[i-1]")")
        let index = try self.index(of: name)
        let close = try expect(.rightBracket, "']'")
        let range = span(t.range, close.range)
        let written = text(range)
        switch (name, index) {
        case (_, .relative(let k)) where k < 0:
            throw error(.futureReference, "\(written) refers to block i+\(-k), a later block; a block may only use earlier blocks (i-1, i-2, …)", at: range)
        case ("X", .relative(0)):
            throw error(.currentOutput, "X[i] is the block's output and cannot appear on a right-hand side; use earlier outputs such as X[i-1]", at: range)
        case ("W", .absolute):
            throw error(.syntax, "\(written) names no block's branch; write W[i] (this block's) or W[i-k] (block i−k's)", at: range)
        case ("X", .absolute(let n)) where n != 0:
            throw error(.syntax, "expected X[i-k] or X[0] (the stem's output), found \(written)", at: range)
        case (_, .absolute) where name != "X":
            throw error(.syntax, "an auxiliary is indexed by i or i-k, found \(written)", at: range)
        default: break
        }
        if case .relative(let k) = index, k > maxLag {
            throw error(.lagTooLarge, "\(written) reaches \(k) blocks back, beyond the maximum lag \(maxLag) (--max-lag)", at: range)
        }
        switch name {
        case "X":
            if case .relative(let k) = index { return .vector(LocatedNode(kind: .output(k), range: range)) }
            return .vector(LocatedNode(kind: .stem, range: range))
        case "W":
            guard case .relative(let k) = index else { preconditionFailure("W's absolute index was refused above") }
            return .op(WordPolynomial(factor: k), range, firstW: range)
        default:
            guard case .relative(let k) = index else { preconditionFailure("an auxiliary's absolute index was refused above") }
            if name == current {
                throw error(.undefinedAuxiliary, "\(written) refers to \(name) inside its own definition; an auxiliary may use only names defined by earlier statements (recursion goes through X)", at: range)
            }
            guard defined[name] != nil else {
                throw error(.undefinedAuxiliary, "\(name) is used before it is defined: define `\(name)[i] = …` in an earlier statement", at: range)
            }
            return .vector(LocatedNode(kind: .auxiliary(name, k), range: range))
        }
    }

    enum Index { case relative(Int), absolute(Int) }

    /// `i`, `i-k`, `i+k` (relative, lag k or −k) or an integer (absolute).
    mutating func index(of name: String) throws -> Index {
        let t = next()
        switch t.kind {
        case .name("i"):
            let sign = peek()
            guard sign.kind == .plus || sign.kind == .minus else { return .relative(0) }
            _ = next()
            let n = next()
            guard case .number(let s) = n.kind, let k = Int(s), k >= 0 else {
                throw expected("a whole number of blocks after 'i\(sign.kind == .plus ? "+" : "-")'", found: n)
            }
            return .relative(sign.kind == .minus ? k : -k)
        case .number(let s):
            guard let n = Int(s) else { throw expected("i, i-k or 0 inside \(name)[…]", found: t) }
            return .absolute(n)
        default:
            throw expected("i, i-k or 0 inside \(name)[…]", found: t)
        }
    }

    // MARK: Operators on values

    func negate(_ v: Value) throws -> Value {
        switch v {
        case .op(let p, let r, let w): return .op(try p.scaled(by: Rational(-1)), r, firstW: w)
        case .vector(let n): return .vector(try scale(n, by: Rational(-1)))
        }
    }

    func scale(_ n: LocatedNode, by c: Rational) throws -> LocatedNode {
        if c == .one { return n }
        if case .scaled(let d, let inner) = n.kind {
            let cd = try c.multiplied(by: d)
            return cd == .one ? inner : LocatedNode(kind: .scaled(cd, inner), range: n.range)
        }
        return LocatedNode(kind: .scaled(c, n), range: n.range)
    }

    func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.op(let p, let r1, let w1), .op(let q, let r2, let w2)):
            return .op(try p.adding(q), span(r1, r2), firstW: w1 ?? w2)
        case (.vector(let x), .vector(let y)):
            func parts(_ n: LocatedNode) -> [LocatedNode] {
                if case .sum(let ts) = n.kind { return ts }
                return [n]
            }
            return .vector(LocatedNode(kind: .sum(parts(x) + parts(y)), range: span(x.range, y.range)))
        case (.op(_, let r, let w), .vector), (.vector, .op(_, let r, let w)):
            if let w {
                throw error(.syntax, "\(text(w)) is an operator: apply it to an input (as in \(text(w)) X[i-1]) before adding it to an output", at: w)
            }
            throw error(.syntax, "a constant cannot be added to an output; constants only multiply (0.5 * X[i-1])", at: r)
        }
    }

    func multiply(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.op(let p, let r1, let w1), .op(let q, let r2, let w2)):
            return .op(try p.multiplied(by: q), span(r1, r2), firstW: w1 ?? w2)
        case (.op(let p, let r, _), .vector(let v)):
            return .vector(try apply(p, to: v, range: span(r, v.range)))
        case (.vector(let v), .op(let p, let r, let w)):
            if let w {
                throw error(.syntax, "\(text(w)) stands to the right of an output; write the branch before the input it is applied to (\(text(w)) X[i-1])", at: w)
            }
            return .vector(try scale(v, by: p.coefficient(of: [])).withRange(span(v.range, r)))
        case (.vector, .vector(let v)):
            throw error(.syntax, "two outputs cannot be multiplied; the language is linear in X (only constants and W's multiply)", at: v.range)
        }
    }

    /// (Σ c_m · W_{m1} W_{m2} …) v = Σ c_m · W_{m1}(W_{m2}(… v)).
    func apply(_ p: WordPolynomial, to v: LocatedNode, range: SourceRange) throws -> LocatedNode {
        var terms: [LocatedNode] = []
        for m in p.sortedMonomials {
            var node = v
            for lag in m.reversed() { node = LocatedNode(kind: .branch(lag, node), range: range) }
            terms.append(try scale(node, by: p.coefficient(of: m)))
        }
        switch terms.count {
        case 0: return LocatedNode(kind: .scaled(.zero, v), range: range)
        case 1: return terms[0].withRange(range)
        default: return LocatedNode(kind: .sum(terms), range: range)
        }
    }

    // MARK: Checks on the whole block

    /// The tree with auxiliaries replaced by their definitions shifted to where they are used; nodes that
    /// came from a definition carry the range of the auxiliary reference (`origin`) that brought them.
    func inline(_ n: LocatedNode, shift: Int, origin: SourceRange?) throws -> LocatedNode {
        let range = origin ?? n.range
        func checkLag(_ lag: Int) throws {
            guard lag > maxLag else { return }
            let via = origin.map { "\(text($0)) reaches" } ?? "\(text(range)) reaches"
            throw error(.lagTooLarge, "\(via) \(lag) blocks back (through its definition), beyond the maximum lag \(maxLag) (--max-lag)", at: range)
        }
        switch n.kind {
        case .output(let l):
            try checkLag(l + shift)
            return LocatedNode(kind: .output(l + shift), range: range)
        case .stem:
            return LocatedNode(kind: .stem, range: range)
        case .auxiliary(let name, let l):
            guard let d = defined[name] else { preconditionFailure("\(name) was checked to be defined") }
            return try inline(d, shift: shift + l, origin: origin ?? n.range)
        case .branch(let l, let e):
            try checkLag(l + shift)
            return LocatedNode(kind: .branch(l + shift, try inline(e, shift: shift, origin: origin)), range: range)
        case .relu(let e):
            return LocatedNode(kind: .relu(try inline(e, shift: shift, origin: origin)), range: range)
        case .scaled(let c, let e):
            return LocatedNode(kind: .scaled(c, try inline(e, shift: shift, origin: origin)), range: range)
        case .sum(let ts):
            return LocatedNode(kind: .sum(try ts.map { try inline($0, shift: shift, origin: origin) }), range: range)
        }
    }

    /// Block i has one branch W[i], applied to one input A; a W[i-k] re-uses block i−k's branch output,
    /// so it must be applied to A shifted by k.
    func checkBranches(_ whole: LocatedNode) throws {
        var found: [(lag: Int, input: FormulaExpression, range: SourceRange)] = []
        func walk(_ n: LocatedNode) throws {
            switch n.kind {
            case .output, .stem, .auxiliary: break
            case .branch(let l, let e):
                found.append((l, try e.expression.canonical(), n.range))
                try walk(e)
            case .relu(let e), .scaled(_, let e): try walk(e)
            case .sum(let ts): for t in ts { try walk(t) }
            }
        }
        try walk(whole)
        let own = found.filter { $0.lag == 0 }
        if let first = own.first, let other = own.first(where: { $0.input != first.input }) {
            throw error(.branchReuse, "W[i] is applied to \(other.input) here but to \(first.input) elsewhere; block i has one branch, applied to one input", at: other.range)
        }
        for b in found where b.lag > 0 {
            let lagText = "W[i-\(b.lag)]"
            guard let a = own.first?.input else {
                throw error(.branchReuse, "\(lagText) re-uses block i−\(b.lag)'s branch, but the block applies no W[i] of its own", at: b.range)
            }
            let expected = try a.shifted(by: b.lag).canonical()
            if b.input != expected {
                throw error(.branchReuse, "\(lagText) is applied to \(b.input), but block i−\(b.lag) applied its W to \(expected) (W[i]'s input \(a) shifted by \(b.lag)); a W[i-k] re-uses that block's branch output, so it must take the same input", at: b.range)
            }
        }
    }
}

extension LocatedNode {
    func withRange(_ r: SourceRange) -> LocatedNode {
        var n = self
        n.range = r
        return n
    }
}
