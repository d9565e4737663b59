// Exact rational numbers on 64-bit integers, always reduced (gcd) with a positive denominator; every
// operation checks for overflow and throws instead of wrapping, so a cancellation is exact or refused.
import Foundation

public struct Rational: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let numerator: Int
    /// Always positive.
    public let denominator: Int

    public static let zero = Rational(uncheckedNumerator: 0, denominator: 1)
    public static let one = Rational(uncheckedNumerator: 1, denominator: 1)

    private init(uncheckedNumerator n: Int, denominator d: Int) {
        numerator = n
        denominator = d
    }

    public init(_ integer: Int) {
        self.init(uncheckedNumerator: integer, denominator: 1)
    }

    /// n/d reduced to lowest terms with a positive denominator; throws for d = 0 or overflow (Int.min).
    public init(_ n: Int, _ d: Int) throws {
        guard d != 0 else { throw FormulaError(.overflow, "a rational number cannot have denominator 0") }
        guard n != .min, d != .min else { throw Rational.overflow("normalising \(n)/\(d)") }
        let g = Rational.gcd(abs(n), abs(d))
        let sign = d < 0 ? -1 : 1
        self.init(uncheckedNumerator: sign * n / g, denominator: abs(d) / g)
    }

    /// An exact decimal: `12`, `0.5`, `.25`, `1e-3`, `2.5E+2`. Throws `nonFiniteConstant` when it does not
    /// fit 64-bit numerator and denominator (`1e400`), `syntax` when it is not a decimal.
    public init(decimal text: String) throws {
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            guard let x = Int(text[text.index(after: e)...]) else {
                throw FormulaError(.syntax, "'\(text)' is not a decimal number")
            }
            exponent = x
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !mantissa.isEmpty, mantissa != ".",
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { throw FormulaError(.syntax, "'\(text)' is not a decimal number") }
        let digits = parts.joined()
        exponent -= parts.count == 2 ? parts[1].count : 0
        let tooLarge = FormulaError(
            .nonFiniteConstant, "the constant \(text) is too large or too small to hold exactly (64-bit numerator and denominator)")
        let trimmed = digits.drop(while: { $0 == "0" })
        guard trimmed.count <= 18, let n = Int(trimmed.isEmpty ? "0" : String(trimmed)) else { throw tooLarge }
        if n == 0 {
            self = .zero
            return
        }
        guard abs(exponent) <= 18 else { throw tooLarge }
        var power = 1
        for _ in 0..<abs(exponent) { power *= 10 }
        if exponent >= 0 {
            let (p, o) = n.multipliedReportingOverflow(by: power)
            guard !o else { throw tooLarge }
            self.init(p)
        } else {
            try self.init(n, power)
        }
    }

    public var isZero: Bool { numerator == 0 }
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `1`, `-1/2`, `7/4`.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// The exact decimal when the denominator is 2^a·5^b (`0.5`, `-1.25`), else nil.
    public var decimalString: String? {
        var d = denominator
        var twos = 0
        var fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        guard d == 1 else { return nil }
        let places = max(twos, fives)
        guard places > 0 else { return "\(numerator)" }
        // numerator/denominator = numerator·(10^places/denominator) / 10^places.
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let (m, o) = abs(numerator).multipliedReportingOverflow(by: scale / denominator)
        guard !o else { return nil }
        var digits = String(m)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        return (numerator < 0 ? "-" : "") + digits
    }

    public func negated() throws -> Rational {
        guard numerator != .min else { throw Rational.overflow("negating \(self)") }
        return Rational(uncheckedNumerator: -numerator, denominator: denominator)
    }

    public func adding(_ other: Rational) throws -> Rational {
        // a/b + c/d = (a·(d/g) + c·(b/g)) / (b/g·d), g = gcd(b, d).
        let g = Rational.gcd(denominator, other.denominator)
        let (x, o1) = numerator.multipliedReportingOverflow(by: other.denominator / g)
        let (y, o2) = other.numerator.multipliedReportingOverflow(by: denominator / g)
        let (n, o3) = x.addingReportingOverflow(y)
        let (d, o4) = (denominator / g).multipliedReportingOverflow(by: other.denominator)
        guard !(o1 || o2 || o3 || o4) else { throw Rational.overflow("adding \(self) and \(other)") }
        return try Rational(n, d)
    }

    public func subtracting(_ other: Rational) throws -> Rational { try adding(other.negated()) }

    public func multiplied(by other: Rational) throws -> Rational {
        // Cross-reduce first so that the products stay as small as possible.
        let g1 = Rational.gcd(abs(numerator), other.denominator)
        let g2 = Rational.gcd(abs(other.numerator), denominator)
        let (n, o1) = (numerator / max(g1, 1)).multipliedReportingOverflow(by: other.numerator / max(g2, 1))
        let (d, o2) = (denominator / max(g2, 1)).multipliedReportingOverflow(by: other.denominator / max(g1, 1))
        guard !(o1 || o2) else { throw Rational.overflow("multiplying \(self) by \(other)") }
        return try Rational(n, d)
    }

    public func divided(by other: Rational) throws -> Rational {
        guard !other.isZero else { throw FormulaError(.overflow, "division of \(self) by zero") }
        return try multiplied(by: Rational(other.denominator, other.numerator))
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        // a/b < c/d ⇔ a·d < c·b (b, d > 0); on overflow the Double values decide.
        let (x, o1) = a.numerator.multipliedReportingOverflow(by: b.denominator)
        let (y, o2) = b.numerator.multipliedReportingOverflow(by: a.denominator)
        return (o1 || o2) ? a.doubleValue < b.doubleValue : x < y
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }

    static func overflow(_ what: String) -> FormulaError {
        FormulaError(.overflow, "exact arithmetic overflowed 64-bit integers while \(what); use smaller constants or a smaller --depth")
    }

    // Codable as the exact string ("-1/2"), the form the JSON output uses.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: "/")
        guard (1...2).contains(parts.count), let n = Int(parts[0]), let d = parts.count == 2 ? Int(parts[1]) : 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a rational p/q"))
        }
        self = try Rational(n, d)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
